/**
 * A generated app synthesized for real, as its `npx projen build` does: the project type writes the app into
 * `test-apps-cost/<name>/` (inside the repository, so that aws-cdk-lib resolves from our node_modules), stand-in
 * bundles take the place of the `bundle` task's, and `node -r ts-node/register/transpile-only src/main.ts` (the
 * app's own cdk.json command) writes `cdk.out` with cdk.json's context, as `cdk synth` runs it, cdk-nag packs included. Our modules resolve to `src/` through
 * `test-apps-cost/node_modules/projen-serverless-patterns/lib`, a link to it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthApp, TestOptions } from '../project/helpers';

const REPO = path.resolve(__dirname, '..', '..');
/** Where the apps go; another name lets two runs work side by side. */
export const COST_APPS = path.join(REPO, process.env.COST_APPS_DIR ?? 'test-apps-cost');

/** An app synthesized into its cdk.out. */
export interface SynthesizedApp {
  /** The app's folder. */
  readonly dir: string;
  /** Its cloud assembly, `<dir>/cdk.out`. */
  readonly assemblyDir: string;
}

/**
 * Writes the app of `options` into `<root>/<name>` (`test-apps-cost/<name>`) and synthesizes it with `region` as
 * `CDK_DEFAULT_REGION` (none: an environment-agnostic region, as on a machine without AWS configuration).
 */
export function synthesizeApp(name: string, options: TestOptions, region?: string, root: string = COST_APPS): SynthesizedApp {
  const dir = path.join(root, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  linkPackage(root);
  // one stack unless the case says otherwise: the worked examples of docs/cost.md are priced per stack
  synthApp(dir, { serviceStacks: false, ...options });
  const bundle = JSON.parse(fs.readFileSync(path.join(dir, 'src/generated/bundle.json'), 'utf8')) as { entryPoints: Record<string, string> };
  for (const entry of Object.keys(bundle.entryPoints)) {
    fs.mkdirSync(path.join(dir, 'assets', entry), { recursive: true });
    fs.writeFileSync(path.join(dir, 'assets', entry, 'index.js'), 'exports.handler = async () => ({});\n');
  }
  const assemblyDir = path.join(dir, 'cdk.out');
  const { CDK_DEFAULT_REGION: _region, ...env } = process.env;
  // cdk.json's feature flags, as `cdk synth` hands them to the app
  const context = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')).context ?? {};
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, CDK_OUTDIR: assemblyDir, CDK_CONTEXT_JSON: JSON.stringify(context), ...(region ? { CDK_DEFAULT_REGION: region } : {}) },
  });
  return { dir, assemblyDir };
}

/** `<root>/node_modules/projen-serverless-patterns/lib` → `src/`, as an installed package would resolve. */
function linkPackage(root: string): void {
  const pkg = path.join(root, 'node_modules', 'projen-serverless-patterns');
  if (!fs.existsSync(path.join(pkg, 'lib'))) {
    fs.mkdirSync(pkg, { recursive: true });
    fs.symlinkSync(path.join(REPO, 'src'), path.join(pkg, 'lib'), 'dir');
  }
}
