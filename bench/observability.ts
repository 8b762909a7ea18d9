/**
 * What Powertools Tracer and Metrics (`tracerAndMetrics`, on by default) cost every starter: the
 * bundle size and the cold module load, against the same starters built in the same run with
 * `tracerAndMetrics: false` (the `observability.ts` whose `observed` and `traced` do nothing).
 * Both are built as the `bundle` task builds (src/bundling/bundle.ts: CommonJS, minified,
 * `@aws-sdk/*` external, the default runtime's target) and loaded in fresh node processes with
 * the environment Lambda gives a function with active tracing, so Tracer is on as it is on AWS.
 *
 *   npx ts-node -P bench/tsconfig.json bench/observability.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, Plugin } from 'esbuild';
import { median } from './lib';
import { DEFAULT_BUNDLE_BUDGET_KIB } from '../src/checks/bundle-checks';
import { NodeRuntime } from '../src/project/options/app';
import { RUNTIMES } from '../src/project/runtimes';

const runs = Number(process.argv[2] ?? 9);
const repo = path.resolve(__dirname, '..');
const handlers = path.join(repo, 'starters/src/handlers');
// under node_modules, so that the bundles resolve the external @aws-sdk/* from this repo's
const outdir = fs.mkdtempSync(path.join(repo, 'node_modules', '.bench-observability-'));

/** Every handler starter: one per starter kind, and the two authorizers. */
const STARTERS = [
  'items/list', 'items/create', 'items/get', 'items/update', 'items/delete',
  'generic/api', 'generic/validated-api', 'generic/subscriber', 'generic/resolver', 'generic/worker',
  'workflow/task', 'workflow/callback',
  'data/s3-objects', 'data/transform', 'data/stream-records', 'data/kinesis-records', 'data/queue-messages',
  'authorizer/token', 'authorizer/request',
];

/** `tracerAndMetrics: false`: every import of the shared observability module gets the one that does nothing. */
const WITHOUT: Plugin = {
  name: 'observability-off',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(\.\/|\.\.\/shared\/)observability$/ }, () => ({ path: path.join(handlers, 'shared/observability-off.ts') }));
  },
};

/** What Lambda sets for a function with active tracing, and the stack for its Powertools. */
const LAMBDA_ENV = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_NAME: 'shop-items-create',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_REGION: 'us-east-1',
  LAMBDA_TASK_ROOT: outdir,
  _HANDLER: 'index.handler',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  POWERTOOLS_SERVICE_NAME: 'items',
  POWERTOOLS_METRICS_NAMESPACE: 'shop',
};

/** In a fresh process: ms to load the bundle (and the SDK modules it requires). */
const CHILD = `
const t0 = process.hrtime.bigint();
require(process.argv[1]);
console.log(Number(process.hrtime.bigint() - t0) / 1e6);
`;

async function bundle(variant: 'with' | 'without'): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(STARTERS.map((name) => [`${variant}/${name}/index`, path.join(handlers, `${name}.ts`)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: RUNTIMES[NodeRuntime.NODEJS_26_X].esbuildTarget,
    minify: true,
    treeShaking: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    logLevel: 'warning',
    plugins: variant === 'without' ? [WITHOUT] : [],
  });
}

function kib(file: string): number {
  return fs.statSync(file).size / 1024;
}

function loadMs(file: string): number {
  return Number(execFileSync(process.execPath, ['-e', CHILD, file], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH, ...LAMBDA_ENV } }));
}

async function main(): Promise<void> {
  await bundle('without');
  await bundle('with');
  console.log(`Powertools Tracer and Metrics in every starter (median load of ${runs} fresh node processes, interleaved; budget ${DEFAULT_BUNDLE_BUDGET_KIB} KiB)`);
  console.log(`  ${'starter'.padEnd(22)} ${'KiB without'.padStart(11)} ${'KiB with'.padStart(9)}  ratio  ${'ms without'.padStart(10)} ${'ms with'.padStart(8)}  ratio`);
  const ratios = { size: [] as number[], load: [] as number[] };
  let largest = 0;
  for (const name of STARTERS) {
    const files = { without: path.join(outdir, 'without', name, 'index.js'), with: path.join(outdir, 'with', name, 'index.js') };
    const samples = { without: [] as number[], with: [] as number[] };
    for (let run = 0; run < runs; run++) {
      samples.without.push(loadMs(files.without));
      samples.with.push(loadMs(files.with));
    }
    const size = { without: kib(files.without), with: kib(files.with) };
    const load = { without: median(samples.without), with: median(samples.with) };
    largest = Math.max(largest, size.with);
    ratios.size.push(size.with / size.without);
    ratios.load.push(load.with / load.without);
    console.log(`  ${name.padEnd(22)} ${size.without.toFixed(1).padStart(11)} ${size.with.toFixed(1).padStart(9)}  x${(size.with / size.without).toFixed(2)}`
      + `  ${load.without.toFixed(1).padStart(10)} ${load.with.toFixed(1).padStart(8)}  x${(load.with / load.without).toFixed(2)}`);
  }
  console.log(`  median ratio: size x${median(ratios.size).toFixed(2)}, load x${median(ratios.load).toFixed(2)}; largest bundle with them ${largest.toFixed(1)} KiB`
    + ` of the ${DEFAULT_BUNDLE_BUDGET_KIB} KiB budget (${largest <= DEFAULT_BUNDLE_BUDGET_KIB ? 'within' : 'OVER'})`);
  fs.rmSync(outdir, { recursive: true, force: true });
}

void main();
