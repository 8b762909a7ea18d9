import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as esbuild from 'esbuild';
import { BundleConfig } from './config';
import { BundleFinding, checkBundles } from '../checks/bundle-checks';

/** Size of one bundle as written. */
export interface BundleSize {
  /** Bundle name, `items/create`. */
  readonly name: string;
  /** Path of the bundle file, relative to the project. */
  readonly file: string;
  readonly bytes: number;
}

/** What a build wrote, and what the bundle checks found in it. */
export interface BundleResult {
  readonly sizes: BundleSize[];
  readonly findings: BundleFinding[];
}

/**
 * Builds every function with one esbuild call: CommonJS (it loads faster than ESM in a cold
 * Lambda, see docs/bundling.md), minified, tree-shaken, `@aws-sdk/*` left to the runtime.
 * Writes `<outdir>/<name>/index.js` per function and `<outdir>/metafile.json`, then runs the
 * bundle checks (size budget, bundled SDK, unminified output, sleeping loops).
 */
export async function bundleFunctions(config: BundleConfig, projectDir: string): Promise<BundleResult> {
  // esbuild is the app's dev dependency (projen's Bundler adds it), resolved from its node_modules
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const { build } = require('esbuild') as typeof esbuild;
  const outdir = path.resolve(projectDir, config.outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  const entryPoints = Object.fromEntries(
    Object.entries(config.entryPoints).map(([name, source]) => [`${name}/index`, path.resolve(projectDir, source)]),
  );
  const result = await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: config.target,
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    external: config.external,
    sourcemap: config.sourcemap,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: projectDir,
  });
  fs.writeFileSync(path.join(outdir, 'metafile.json'), JSON.stringify(result.metafile));
  const sizes = Object.keys(config.entryPoints).sort().map((name) => {
    const file = path.join(outdir, name, 'index.js');
    return { name, file: path.relative(projectDir, file), bytes: fs.statSync(file).size };
  });
  return { sizes, findings: checkBundles(result.metafile, projectDir, config.budgetKiB) };
}

/** The size report printed after a build. */
export function formatSizes(sizes: BundleSize[]): string {
  const width = Math.max(...sizes.map((size) => size.file.length));
  return sizes.map((size) => `${size.file.padEnd(width)}  ${(size.bytes / 1024).toFixed(1).padStart(7)} KiB`).join('\n');
}
