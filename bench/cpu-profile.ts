/**
 * Where a process spent its time: the self time of the `.cpuprofile` files that `node --cpu-prof`
 * wrote, summed by package (or `app` for the app's own files, `node:*` for Node's) and by function.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof node_modules/.bin/cdk synth -q   (in an app)
 *   npx ts-node -P bench/tsconfig.json bench/cpu-profile.ts /tmp/prof/*.cpuprofile
 */
import * as fs from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** The package a script belongs to: its node_modules package, a Node.js module, the app, or V8's own. */
function packageOf(url: string, functionName: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  return 'app';
}

function add(totals: Map<string, number>, key: string, micros: number): void {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, micros]) => `| ${name} | ${(micros / 1e6).toFixed(2)} s | ${((100 * micros) / all).toFixed(1)} % |`);
}

function main(): void {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let all = 0;
  for (const file of process.argv.slice(2)) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const micros = profile.timeDeltas[index] ?? 0;
      const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
      add(byPackage, packageOf(url, functionName), micros);
      add(byFunction, `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`, micros);
      all += micros;
    });
  }
  console.log(`${(all / 1e6).toFixed(2)} s sampled in ${process.argv.length - 2} profile(s)\n`);
  console.log(['| package | self time | share |', '|---|---|---|', ...top(byPackage, all, 12)].join('\n'));
  console.log(`\n${['| function | self time | share |', '|---|---|---|', ...top(byFunction, all, 20)].join('\n')}`);
}

main();
