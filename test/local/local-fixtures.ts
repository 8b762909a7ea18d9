import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

/** The repository: bundles staged under it resolve `@aws-sdk/*` from its node_modules, as Lambda's runtime provides them. */
export const REPO = path.resolve(__dirname, '..', '..');

/**
 * A fresh folder for a synthesized app, `test-apps/local-<name>/` (gitignored), inside the repo so
 * that the bundles staged in its `cdk.out` can `require('@aws-sdk/...')`. Remove it with `removeAppDir`.
 */
export function appDir(name: string): string {
  const dir = path.join(REPO, 'test-apps', `local-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeAppDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes each bundle as `<dir>/assets/<name>/index.js`; returns the asset folders by name. */
export function writeBundles<K extends string>(dir: string, bundles: Record<K, string>): Record<K, string> {
  const folders = {} as Record<K, string>;
  for (const [name, code] of Object.entries(bundles) as Array<[K, string]>) {
    const folder = path.join(dir, 'assets', name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'index.js'), code);
    folders[name] = folder;
  }
  return folders;
}

/** Synthesizes the app `build` defines into `<dir>/cdk.out`, as the generated app's tests do; returns the assembly folder. */
export function synthesize<T>(dir: string, build: (app: App) => T): { assemblyDir: string; built: T } {
  const assemblyDir = path.join(dir, 'cdk.out');
  const app = new App({ outdir: assemblyDir, builtinCloudFormationValidation: false });
  const built = build(app);
  app.synth();
  return { assemblyDir, built };
}
