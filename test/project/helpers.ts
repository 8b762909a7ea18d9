import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServerlessApp, ServerlessAppOptions } from '../../src';

/** Options every test app needs; the rest is what a test is about. */
export type TestOptions = Partial<ServerlessAppOptions>;

/** A fresh directory under the OS temp dir (never the cwd: projen would clean it). */
export function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-'));
}

/** Creates a ServerlessApp in `outdir` and synthesizes it, as `npx projen` does. */
export function synthApp(outdir: string, options: TestOptions = {}): ServerlessApp {
  process.env.PROJEN_DISABLE_POST = 'true';
  const project = new ServerlessApp({
    name: 'shop',
    defaultReleaseBranch: 'main',
    // as \`projen new\` writes them
    recommendedFeatureFlags: true,
    serviceStacks: true,
    outdir,
    ...options,
  });
  project.synth();
  return project;
}

/** The text of a file of the app. */
export function read(outdir: string, file: string): string {
  return fs.readFileSync(path.join(outdir, file), 'utf8');
}

/** Every file of the app (but node_modules) with its content, to compare two synths. */
export function snapshotTree(outdir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else files[path.relative(outdir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(outdir);
  return files;
}
