/**
 * CommonJS or ESM for the Lambda bundles? Bundles the `items/create` starter (Powertools
 * Logger, the DynamoDB and EventBridge clients left to the runtime) both ways with the options
 * of the `bundle` task, then loads each in fresh node processes and prints module load time.
 *
 *   npx ts-node -P bench/tsconfig.json bench/bundle-format.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { median } from './lib';

const runs = Number(process.argv[2] ?? 15);
const repo = path.resolve(__dirname, '..');
const outdir = fs.mkdtempSync(path.join(repo, 'node_modules', '.bench-format-'));

async function bundle(format: 'cjs' | 'esm'): Promise<string> {
  const outfile = path.join(outdir, format === 'cjs' ? 'index.js' : 'index.mjs');
  await build({
    entryPoints: [path.join(repo, 'starters/src/handlers/items/create.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    // ESM bundles of CommonJS dependencies need a require of their own (aws-cdk#29310)
    banner: format === 'esm' ? { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } : undefined,
  });
  return outfile;
}

/** Milliseconds to load `file` in a fresh node process, measured inside it. */
function loadTime(file: string): number {
  const script = `const t = process.hrtime.bigint(); import(${JSON.stringify(file)}).then(() => console.log(Number(process.hrtime.bigint() - t) / 1e6));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: repo }).trim());
}

async function main(): Promise<void> {
  const cjs = await bundle('cjs');
  const esm = await bundle('esm');
  const samples = { cjs: [] as number[], esm: [] as number[] };
  for (let run = 0; run < runs; run++) {
    samples.cjs.push(loadTime(cjs));
    samples.esm.push(loadTime(esm));
  }
  const cjsMs = median(samples.cjs);
  const esmMs = median(samples.esm);
  console.log(`bundle format: module load in a fresh node process (median of ${runs}, ratio to CommonJS)`);
  console.log(`  CommonJS  ${(fs.statSync(cjs).size / 1024).toFixed(1).padStart(6)} KiB  ${cjsMs.toFixed(1).padStart(6)} ms  x1.00`);
  console.log(`  ESM       ${(fs.statSync(esm).size / 1024).toFixed(1).padStart(6)} KiB  ${esmMs.toFixed(1).padStart(6)} ms  x${(esmMs / cjsMs).toFixed(2)}`);
  fs.rmSync(outdir, { recursive: true, force: true });
}

void main();
