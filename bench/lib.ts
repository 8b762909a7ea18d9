import { execFileSync, execSync } from 'node:child_process';

/** Wall time of one run of `command` in `cwd`, in ms. */
export function timeCommand(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): number {
  const started = process.hrtime.bigint();
  execSync(command, { cwd, stdio: 'ignore', env: { ...process.env, ...env } });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Wall time of one `node <args>` process, in ms. */
export function timeNode(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs every candidate `runs` times, interleaved, and prints medians and ratios to the first (the baseline). */
export function compare(title: string, runs: number, candidates: Array<[string, () => number]>): void {
  const samples = candidates.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    candidates.forEach(([, measure], index) => samples[index].push(measure()));
  }
  const medians = samples.map(median);
  console.log(`\n${title} (median of ${runs}, ratio to the baseline)`);
  candidates.forEach(([name], index) => {
    console.log(`  ${name.padEnd(48)} ${medians[index].toFixed(0).padStart(7)} ms  x${(medians[index] / medians[0]).toFixed(2)}`);
  });
}
