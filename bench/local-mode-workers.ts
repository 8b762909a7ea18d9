/**
 * Local mode's memory when many functions run: every function of a synthesized app invoked once,
 * one after the other, each a cold start, with the live workers capped (`maxWorkers`, the default
 * 64) against the baseline, no cap (one live worker per function that ran, as Lambda keeps an
 * environment per function). Each variant runs in a fresh Node process of its own; prints that
 * process's RSS (after a forced GC) every `step` functions, the live workers at the end and the
 * wall time, then the ratios.
 *
 *   npx ts-node -P bench/tsconfig.json bench/local-mode-workers.ts <app-dir> [step=100]
 *
 * `<app-dir>` is a built app (its `cdk.out` synthesized): the 500-function app of
 * `bench/scale-mixed.ts`, for example. The functions get `{}` as their event: what they answer does
 * not matter, only that each loads its bundle in a worker (a handler's error keeps its worker).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_MAX_WORKERS, startLocal } from '../src/local/local-mode';

interface Run {
  readonly label: string;
  /** RSS in MiB after `step`, 2 × `step`... functions. */
  readonly rssMiB: number[];
  readonly liveWorkers: number;
  readonly seconds: number;
}

const MiB = 2 ** 20;

/** In the child: runs every function of the app once with `maxWorkers`, prints the run as JSON. */
async function child(appDir: string, maxWorkers: number, step: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const rss = () => {
    gc?.();
    return Math.round(process.memoryUsage().rss / MiB);
  };
  const local = await startLocal({ assemblyDir: path.join(appDir, 'cdk.out'), port: 0, log: () => undefined, maxWorkers });
  const started = process.hrtime.bigint();
  const rssMiB: number[] = [rss()];
  let invoked = 0;
  for (const fn of local.app.functions) {
    await local.invoke(fn.logicalId, {});
    if (++invoked % step === 0) rssMiB.push(rss());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const liveWorkers = (await local.workerMemory()).reduce((count, fn) => count + fn.workers.length, 0);
  await local.stop();
  process.stdout.write(JSON.stringify({ rssMiB, liveWorkers, seconds }));
  process.exit(0);
}

function variant(appDir: string, label: string, maxWorkers: number, step: number): Run {
  const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, '--child', appDir, String(maxWorkers), String(step)], {
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  return { label, ...JSON.parse(out.slice(out.lastIndexOf('{"rssMiB"'))) };
}

function main(): void {
  const [appDir, stepText] = process.argv.slice(2);
  if (!appDir) throw new Error('usage: bench/local-mode-workers.ts <app-dir> [step=100]');
  const step = Number(stepText ?? 100);
  console.log(`# local mode's live workers, ${new Date().toISOString()}, node ${process.version}, ${appDir}`);
  const runs = [
    variant(appDir, 'no cap (the baseline)', Number.MAX_SAFE_INTEGER, step),
    variant(appDir, `maxWorkers ${DEFAULT_MAX_WORKERS} (the default)`, DEFAULT_MAX_WORKERS, step),
  ];
  console.log(`\n| functions run | ${runs.map((run) => `${run.label}, RSS`).join(' | ')} |`);
  console.log(`|---|${runs.map(() => '---').join('|')}|`);
  runs[0].rssMiB.forEach((_, index) => console.log(`| ${index * step} | ${runs.map((run) => `${run.rssMiB[index]} MiB`).join(' | ')} |`));
  console.log(`| live workers at the end | ${runs.map((run) => run.liveWorkers).join(' | ')} |`);
  console.log(`| wall time of the invocations | ${runs.map((run) => `${run.seconds.toFixed(1)} s`).join(' | ')} |`);
  const [baseline, capped] = runs.map((run) => run.rssMiB[run.rssMiB.length - 1]);
  console.log(`\nRSS at the end: x${(baseline / capped).toFixed(1)} less with the cap (${baseline} → ${capped} MiB)`);
}

if (process.argv[2] === '--child') {
  child(process.argv[3], Number(process.argv[4]), Number(process.argv[5])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
