/**
 * Issue #21's second shape: 50 services of 10 functions each (500 functions), mixing routes, a
 * queue consumer, subscriptions and a workflow, every service a nested stack on the one shared
 * REST API and the one bus. Builds it as a developer would and prints what each step took:
 *
 *   npx ts-node -P bench/tsconfig.json bench/scale-mixed.ts [services=50] [work-dir]
 *
 * `npx projen` (the first one, which writes every starter, then one more), `npx projen build`
 * (bundle, type-check, synth with the nag packs, the generated tests, eslint), and
 * `npx projen local`: started, one request to a route of the last service, stopped with Ctrl-C.
 * Wall time and peak memory (max RSS of the command's processes, from /usr/bin/time), one run each.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cell, copyApp, measure, Sample } from './scale';
import { createApp, packPackage, runLocally } from '../scripts/sample-app';

const services = Number(process.argv[2] ?? 50);
const work = path.resolve(process.argv[3] ?? path.join(os.tmpdir(), 'scale-bench'));

/** One service of 10 functions: 5 CRUD routes (create publishes), a queue's consumer, two subscribers and a workflow of two tasks. */
function service(index: number): string {
  const name = `svc${index}`;
  const next = `svc${(index + 1) % services}`;
  const route = (fn: string, method: string, routePath: string, extra = '') =>
    `        { name: '${fn}', route: { method: HttpMethod.${method}, path: '${routePath}' }${extra} },`;
  return [
    '    {',
    `      name: '${name}',`,
    "      table: { partitionKey: { name: 'id' } },",
    "      events: ['Changed'],",
    `      queues: [{ name: 'inbox', route: { path: '/${name}-inbox' } }],`,
    '      functions: [',
    route('create', 'POST', `/${name}`, ", publishes: ['Changed']"),
    route('list', 'GET', `/${name}`),
    route('show', 'GET', `/${name}/{id}`),
    route('replace', 'PUT', `/${name}/{id}`),
    route('remove', 'DELETE', `/${name}/{id}`),
    "        { name: 'consume', queueEvents: { queue: 'inbox' } },",
    `        { name: 'on-change', subscriptions: [{ sources: ['${name}'], detailTypes: ['Changed'] }] },`,
    `        { name: 'on-neighbour-change', subscriptions: [{ sources: ['${next}'], detailTypes: ['Changed'] }] },`,
    '      ],',
    '      workflows: [{',
    "        name: 'process',",
    `        trigger: { sources: ['${name}'], detailTypes: ['Changed'] },`,
    "        steps: [{ name: 'check', type: WorkflowStepType.TASK, resultPath: '$.check' }, { name: 'apply', type: WorkflowStepType.TASK }],",
    '      }],',
    '    },',
  ].join('\n');
}

/** The app of `services` mixed services, from the base app at `base`. */
function mixedApp(base: string): string {
  const dir = path.join(work, `mixed-${services}`);
  copyApp(base, dir);
  fs.rmSync(path.join(dir, 'src/handlers/items'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'test/handlers/items'), { recursive: true, force: true });
  const rc = path.join(dir, '.projenrc.ts');
  fs.writeFileSync(rc, fs.readFileSync(rc, 'utf8')
    .replace("import { ServerlessApp } from 'projen-serverless-patterns';", "import { HttpMethod, ServerlessApp, WorkflowStepType } from 'projen-serverless-patterns';")
    .replace(/(\n\s*name: '[^']+',)/, `$1\n  serviceStacks: true,\n  services: [\n${Array.from({ length: services }, (_, i) => service(i)).join('\n')}\n  ],`));
  return dir;
}

async function main(): Promise<void> {
  fs.mkdirSync(work, { recursive: true });
  const base = path.join(work, 'base-ours');
  if (!fs.existsSync(path.join(base, 'node_modules'))) {
    fs.rmSync(base, { recursive: true, force: true });
    createApp(packPackage(work), base);
  }
  console.log(`# mixed scale benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  const dir = mixedApp(base);
  const results: Array<[string, Sample | string]> = [
    ['`npx projen` (first: writes every starter)', measure('npx projen', dir)],
    ['`npx projen` (again)', measure('npx projen', dir)],
    ['`npx projen build`', measure('npx projen build', dir)],
  ];
  const started = process.hrtime.bigint();
  const last = `svc${services - 1}`;
  // it synthesizes first: at 500 functions on a loaded machine, that takes minutes
  const local = await runLocally(dir, [{ method: 'GET', path: `/${last}` }], {}, 30 * 60_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push(['`npx projen local` (synth, start, one request, Ctrl-C)', `${seconds.toFixed(2)} s: ${local.answers.join('; ')}`]);
  const functions = fs.readdirSync(path.join(dir, 'assets'), { recursive: true }).filter((file) => String(file).endsWith('index.js')).length;
  const stacks = fs.readdirSync(path.join(dir, 'cdk.out')).filter((file) => file.endsWith('.template.json')).length;
  console.log(`\n## ${services} services, ${functions} function bundles, ${stacks} templates\n`);
  console.log('| step | wall time / peak memory |');
  console.log('|---|---|');
  for (const [label, result] of results) console.log(`| ${label} | ${typeof result === 'string' ? result : cell(result)} |`);
  if (!/-> 200 /.test(local.answers[0] ?? '')) {
    throw new Error(`local mode did not answer 200: ${local.answers.join('; ')}\n${local.banner}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
