/**
 * One esbuild build for every function (our `bundle` task) against one build per function
 * (what projen's per-function bundle tasks run, without their ~0.5 s of task start-up each).
 * Bundles N copies of the `items/create` starter.
 *
 *   npx ts-node -P bench/tsconfig.json bench/bundle-count.ts [functions] [runs]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { median } from './lib';
import { bundleFunctions } from '../src/bundling/bundle';
import { BundleConfig } from '../src/bundling/config';

const count = Number(process.argv[2] ?? 50);
const runs = Number(process.argv[3] ?? 5);
const repo = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(repo, 'node_modules', '.bench-count-'));

// N handlers, each its own file, as in an app with N functions
const entryPoints: Record<string, string> = {};
for (let i = 0; i < count; i++) {
  const file = path.join(work, 'src', `fn${i}.ts`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `export * from ${JSON.stringify(path.join(repo, 'starters/src/handlers/items/create'))};\n`);
  entryPoints[`svc/fn${i}`] = file;
}
const config: BundleConfig = { outdir: 'assets', target: 'node24', external: ['@aws-sdk/*'], sourcemap: false, budgetKiB: 512, entryPoints };

function onePerFunction(): number {
  const started = process.hrtime.bigint();
  for (const [name, entry] of Object.entries(entryPoints)) {
    buildSync({
      entryPoints: [entry],
      outfile: path.join(work, 'per-function', name, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      legalComments: 'none',
    });
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function oneBuild(): Promise<number> {
  const started = process.hrtime.bigint();
  await bundleFunctions(config, work);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const single: number[] = [];
  const separate: number[] = [];
  for (let run = 0; run < runs; run++) {
    separate.push(onePerFunction());
    single.push(await oneBuild());
  }
  const baseline = median(separate);
  console.log(`bundling ${count} functions (median of ${runs}, ratio to one build per function)`);
  console.log(`  one esbuild build per function        ${baseline.toFixed(0).padStart(6)} ms  x1.00`);
  console.log(`  one esbuild build for all (bundle)    ${median(single).toFixed(0).padStart(6)} ms  x${(median(single) / baseline).toFixed(2)}`);
  console.log('  (projen\'s per-function tasks add about 500 ms of task start-up per function on top)');
  fs.rmSync(work, { recursive: true, force: true });
}

void main();
