/**
 * How the generated app's costs grow from 1 to 500 functions, ours against projen's own
 * awscdk-app-ts approach (lambda auto-discovery, one bundle task per function, type-checking
 * ts-node synth, a test file per function), both measured in this script, same handler code.
 *
 *   npx ts-node -P bench/tsconfig.json bench/scale.ts [sizes=1,10,50,200,500] [work-dir]
 *
 * Ours at n functions: services of 5 routed functions each (one service below 5), each with a
 * table and an event, every service a nested stack (`serviceStacks: true`) on the one shared
 * REST API and bus: 100 services at 500. Prints one table per size: wall time (median), peak
 * memory (max RSS of the command's processes, from /usr/bin/time) and the ratio projen/ours, for
 * `npx projen`, `bundle`, `cdk synth`, the tests, bundle bytes and a handler's cold module-load
 * time; then how each of ours grows from the second-largest size to the largest, against linear.
 */
import { execFileSync, execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './lib';
import { createApp, packPackage, REPO_DIR, run } from '../scripts/sample-app';
import { TESTED_VERSIONS } from '../src/project/tested-versions.generated';

const sizes = (process.argv[2] ?? '1,10,50,200,500').split(',').map(Number);
const work = path.resolve(process.argv[3] ?? path.join(os.tmpdir(), 'scale-bench'));
const STARTERS = path.join(REPO_DIR, 'starters/src/handlers');
/** Above this many functions, projen's one-synth-per-test-file suite is not run (baseline: 373 s and 10 GB at 50). */
const MAX_PROJEN_TEST_FUNCTIONS = 10;
/** Above this many functions projen's app is not measured at all (its bundle and synth grow by about 0.7 s a function). */
const MAX_PROJEN_FUNCTIONS = Number(process.env.SCALE_MAX_PROJEN ?? 200);
/** The Powertools packages the starters' shared modules import, at the versions ours installs. */
const POWERTOOLS = ['logger', 'tracer', 'metrics'] as const;
/** Routed functions per service of our app. */
const FUNCTIONS_PER_SERVICE = 5;

export interface Sample { seconds: number; peakMiB: number; failure?: string }

/** Wall time and peak memory of `command` in `cwd`. */
export function measure(command: string, cwd: string): Sample {
  const out = execSync(`/usr/bin/time -f '__TIME__ %e %M' sh -c ${JSON.stringify(command)} 2>&1 >/dev/null`, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const match = /__TIME__ ([\d.]+) (\d+)/.exec(out);
  if (!match || /exited with non-zero|Command exited/.test(out)) {
    throw new Error(`\`${command}\` failed in ${cwd}:\n${out.split('\n').slice(-30).join('\n')}`);
  }
  return { seconds: Number(match[1]), peakMiB: Number(match[2]) / 1024 };
}

/** The median of `runs` measurements, or the reason the command fails (an error name in its output). */
function medianOf(command: string, cwd: string, runs: number): Sample {
  let samples: Sample[];
  try {
    samples = Array.from({ length: runs }, () => measure(command, cwd));
  } catch (error) {
    const text = String((error as { stdout?: string }).stdout ?? error);
    const reason = /«(\w+)»/.exec(text)?.[1] ?? text.split('\n').find((line) => /Error/.test(line))?.slice(0, 80) ?? 'failed';
    return { seconds: NaN, peakMiB: NaN, failure: reason };
  }
  return { seconds: median(samples.map((s) => s.seconds)), peakMiB: Math.max(...samples.map((s) => s.peakMiB)) };
}

/** A copy of `base` (its node_modules linked, not copied) at `dir`. */
export function copyApp(base: string, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(base, dir, { recursive: true, filter: (source) => !/\/(node_modules|cdk\.out|assets|coverage)(\/|$)/.test(source) });
  fs.symlinkSync(path.join(base, 'node_modules'), path.join(dir, 'node_modules'));
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function setUpBases(): { ours: string; projen: string } {
  const ours = path.join(work, 'base-ours');
  const projen = path.join(work, 'base-projen');
  if (!fs.existsSync(path.join(ours, 'node_modules'))) {
    fs.rmSync(ours, { recursive: true, force: true });
    createApp(packPackage(work), ours);
  }
  if (!fs.existsSync(path.join(projen, 'node_modules'))) {
    fs.rmSync(projen, { recursive: true, force: true });
    fs.mkdirSync(projen, { recursive: true });
    const bin = path.join(REPO_DIR, 'node_modules/.bin/projen');
    run(`${bin} new awscdk-app-ts --no-git --package-manager npm --cdk-version 2.276.0`, projen, { CI: '' });
    const rc = path.join(projen, '.projenrc.ts');
    fs.writeFileSync(rc, fs.readFileSync(rc, 'utf8').replace(
      'projenrcTs: true,',
      `projenrcTs: true,\n  deps: [${POWERTOOLS.map((name) => `'@aws-lambda-powertools/${name}@~${TESTED_VERSIONS[`@aws-lambda-powertools/${name}`]}'`).join(', ')}],\n  devDeps: ['@types/aws-lambda@^8'],`,
    ));
    run('npx projen', projen, { CI: '' });
  }
  return { ours, projen };
}

export function oursApp(base: string, n: number): string {
  const dir = path.join(work, `ours-${n}`);
  copyApp(base, dir);
  fs.rmSync(path.join(dir, 'src/handlers/items'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'test/handlers/items'), { recursive: true, force: true });
  const services: string[] = [];
  for (let first = 0; first < n; first += FUNCTIONS_PER_SERVICE) {
    const name = `svc${services.length}`;
    const functions = Array.from({ length: Math.min(FUNCTIONS_PER_SERVICE, n - first) }, (_, i) =>
      `      { name: 'fn${first + i}', route: { method: HttpMethod.${i === 0 ? 'POST' : 'GET'}, path: '/${name}/fn${first + i}' }${i === 0 ? ", publishes: ['Changed']" : ''} },`);
    services.push(`    {\n      name: '${name}',\n      table: { partitionKey: { name: 'id' } },\n      events: ['Changed'],\n      functions: [\n${functions.join('\n')}\n      ],\n    },`);
  }
  const rc = path.join(dir, '.projenrc.ts');
  fs.writeFileSync(rc, fs.readFileSync(rc, 'utf8')
    .replace("import { ServerlessApp } from 'projen-serverless-patterns';", "import { HttpMethod, ServerlessApp } from 'projen-serverless-patterns';")
    .replace(/(\n\s*name: '[^']+',)/, `$1\n  serviceStacks: true,\n  services: [\n${services.join('\n')}\n  ],`));
  return dir;
}

function projenApp(base: string, n: number): string {
  const dir = path.join(work, `projen-${n}`);
  copyApp(base, dir);
  fs.rmSync(path.join(dir, 'test/main.test.ts'), { force: true });
  for (const module of ['http', 'logger', 'env', 'observability']) {
    write(path.join(dir, 'src/handlers/shared', `${module}.ts`), fs.readFileSync(path.join(STARTERS, 'shared', `${module}.ts`), 'utf8'));
  }
  const handler = fs.readFileSync(path.join(STARTERS, 'generic/api.ts'), 'utf8').replace("'../shared/http'", "'./shared/http'");
  const imports: string[] = [];
  const constructs: string[] = [];
  for (let i = 0; i < n; i++) {
    write(path.join(dir, `src/handlers/fn${i}.lambda.ts`), handler);
    imports.push(`import { Fn${i}Function } from './handlers/fn${i}-function';`);
    constructs.push(`    new Fn${i}Function(this, 'Fn${i}', { memorySize: 256, timeout: Duration.seconds(10) });`);
    write(path.join(dir, `test/fn${i}.test.ts`), [
      "import { App } from 'aws-cdk-lib';",
      "import { Template } from 'aws-cdk-lib/assertions';",
      "import { BenchStack } from '../src/stack';",
      '',
      `test('fn${i} has 256 MB', () => {`,
      "  const template = Template.fromStack(new BenchStack(new App(), 'test'));",
      `  template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 256, Description: 'src/handlers/fn${i}.lambda.ts' });`,
      '});',
      '',
    ].join('\n'));
  }
  write(path.join(dir, 'src/stack.ts'), [
    "import { Duration, Stack } from 'aws-cdk-lib';",
    "import { Construct } from 'constructs';",
    ...imports,
    '',
    'export class BenchStack extends Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...constructs,
    '  }',
    '}',
    '',
  ].join('\n'));
  write(path.join(dir, 'src/main.ts'), "import { App } from 'aws-cdk-lib';\nimport { BenchStack } from './stack';\n\nconst app = new App();\nnew BenchStack(app, 'bench');\napp.synth();\n");
  return dir;
}

/** Bundle files under `assets/` and their sizes (none when the bundle step failed). */
function bundles(dir: string): number[] {
  const bytes: number[] = [];
  if (!fs.existsSync(path.join(dir, 'assets'))) return bytes;
  const walk = (at: string) => fs.readdirSync(at, { withFileTypes: true }).forEach((entry) => {
    const full = path.join(at, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/^index\.[cm]?js$/.test(entry.name)) bytes.push(fs.statSync(full).size);
  });
  walk(path.join(dir, 'assets'));
  return bytes;
}

/** Module load of one bundle in fresh node processes, ms (median of 7); NaN when the bundle step failed. */
function coldLoad(dir: string): number {
  if (!fs.existsSync(path.join(dir, 'assets'))) return NaN;
  const file = execSync("find assets -name 'index.js' | sort | head -1", { cwd: dir, encoding: 'utf8' }).trim();
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(path.join(dir, file))}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  return median(Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }).trim())));
}

export function cell(sample: Sample | undefined): string {
  if (!sample) return 'not run';
  return sample.failure ? `fails: ${sample.failure}` : `${sample.seconds.toFixed(2)} s / ${sample.peakMiB.toFixed(0)} MiB`;
}

function row(label: string, projen: Sample | undefined, ours: Sample): string {
  const ratio = projen && !projen.failure && !ours.failure ? `x${(projen.seconds / ours.seconds).toFixed(1)}` : '-';
  return `| ${label} | ${cell(projen)} | ${cell(ours)} | ${ratio} |`;
}

/** How each of ours grows from `small` to `large` functions: the ratio of times against the ratio of sizes, and the peak memory. */
function linearity(small: number, large: number, measured: Map<number, Record<string, Sample>>): void {
  const [a, b] = [measured.get(small)!, measured.get(large)!];
  console.log(`\n## ours from ${small} to ${large} functions (x${large / small} the functions; linear at most x${((large / small) * 1.2).toFixed(0)})\n`);
  console.log('| step | time | ratio | peak memory at ' + large + ' |');
  console.log('|---|---|---|---|');
  for (const label of Object.keys(b)) {
    const [x, y] = [a[label], b[label]];
    const ratio = x.failure || y.failure ? '-' : `x${(y.seconds / x.seconds).toFixed(1)}`;
    console.log(`| ${label} | ${cell(x)} → ${cell(y)} | ${ratio} | ${y.failure ? '-' : `${(y.peakMiB / 1024).toFixed(2)} GiB`} |`);
  }
}

function main(): void {
  fs.mkdirSync(work, { recursive: true });
  const measured = new Map<number, Record<string, Sample>>();
  const bases = setUpBases();
  console.log(`# scale benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  for (const n of sizes) {
    const runs = n <= 10 ? 3 : 1;
    const ours = oursApp(bases.ours, n);
    const withProjen = n <= MAX_PROJEN_FUNCTIONS;
    const projen = withProjen ? projenApp(bases.projen, n) : undefined;
    // first synth of each: writes the starters / function constructs and tasks
    run('npx projen', ours);
    if (projen) run('npx projen', projen);
    const theirs = (command: string, also = true) => (projen && also ? medianOf(command, projen, runs) : undefined);
    const results: Record<string, [Sample | undefined, Sample]> = {
      '`npx projen`': [theirs('npx projen'), medianOf('npx projen', ours, runs)],
      '`bundle`': [theirs('npx projen bundle'), medianOf('npx projen bundle', ours, runs)],
      '`cdk synth` (bundles first)': [theirs('npx cdk synth -q'), medianOf('npx cdk synth -q', ours, runs)],
      'tests (`npx jest`)': [theirs('npx jest', n <= MAX_PROJEN_TEST_FUNCTIONS), medianOf('npx jest', ours, runs)],
    };
    measured.set(n, Object.fromEntries(Object.entries(results).map(([label, [, o]]) => [label, o])));
    const projenBytes = projen ? median(bundles(projen)) : NaN;
    const oursBytes = median(bundles(ours));
    const projenLoad = projen ? coldLoad(projen) : NaN;
    const oursLoad = coldLoad(ours);
    console.log(`\n## ${n} function${n === 1 ? '' : 's'} (median of ${runs})\n`);
    console.log('| step | projen awscdk-app-ts | ours | ratio projen/ours |');
    console.log('|---|---|---|---|');
    for (const [label, [p, o]] of Object.entries(results)) console.log(row(label, p, o));
    const theirsText = (value: number, text: string) => (Number.isNaN(value) ? 'not run' : text);
    console.log(`| bundle bytes (median per function) | ${theirsText(projenBytes, `${(projenBytes / 1024).toFixed(1)} KiB`)} | ${(oursBytes / 1024).toFixed(1)} KiB | ${theirsText(projenBytes, `x${(projenBytes / oursBytes).toFixed(1)}`)} |`);
    console.log(`| cold module load of a handler | ${theirsText(projenLoad, `${projenLoad.toFixed(1)} ms`)} | ${oursLoad.toFixed(1)} ms | ${theirsText(projenLoad, `x${(projenLoad / oursLoad).toFixed(2)}`)} |`);
  }
  // from 50 functions, as issue #21 measures it, when the run has 50 and more
  const measuredSizes = [...measured.keys()].sort((x, y) => x - y);
  const large = measuredSizes[measuredSizes.length - 1];
  const small = measured.has(50) && large > 50 ? 50 : measuredSizes[measuredSizes.length - 2];
  if (small !== undefined && large !== undefined) {
    linearity(small, large, measured);
  }
}

if (require.main === module) {
  main();
}
