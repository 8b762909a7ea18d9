/**
 * The estimate of generated apps, synthesized for real (./synth-app.ts): each price component on
 * the template that carries it, with the figures worked out by hand in the comments, so that a
 * change of a preset or a construct that moves what an app costs fails here; the budget
 * failure on ten LATENCY_SENSITIVE functions; and the estimate of the templates agreeing with the
 * estimate of the model that docs/architecture.md prints.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DATA_PROCESSING_APP, DEFAULT_APP, EU_WEST_1_BUDGET, REST_AND_GRAPHQL, TEN_LATENCY_SENSITIVE, WORKFLOWS_X86,
} from './fixtures';
import { SynthesizedApp, synthesizeApp } from './synth-app';
import { checkBudget, CostConfig, Estimate, EntryEstimate, estimate, estimateAssembly, formatSummary, readAssembly, readConfig, inventoryOf } from '../../src/cost';
import { buildModel } from '../../src/project/model';
import { estimateModel } from '../../src/project/render/cost';
import { TestOptions } from '../project/helpers';

const REPO = path.resolve(__dirname, '..', '..');

interface Case {
  readonly options: TestOptions;
  readonly region?: string;
  app?: SynthesizedApp;
  config?: CostConfig;
  estimate?: Estimate;
}

const CASES: Record<string, Case> = {
  'default': { options: DEFAULT_APP },
  'rest-graphql': { options: REST_AND_GRAPHQL, region: 'us-east-1' },
  'data-processing': { options: DATA_PROCESSING_APP, region: 'us-east-1' },
  'ten-latency-sensitive': { options: TEN_LATENCY_SENSITIVE, region: 'us-east-1' },
  'workflows-x86': { options: WORKFLOWS_X86, region: 'us-east-1' },
  'eu-west-1-budget': { options: EU_WEST_1_BUDGET, region: 'eu-west-1' },
  // each service a nested stack: its routes refer to the API and its root through the stack's parameters
  'default-service-stacks': { options: { ...DEFAULT_APP, serviceStacks: true } },
  'data-processing-service-stacks': { options: { ...DATA_PROCESSING_APP, serviceStacks: true }, region: 'us-east-1' },
};

beforeAll(() => {
  for (const [name, each] of Object.entries(CASES)) {
    each.app = synthesizeApp(`estimate-${name}`, each.options, each.region);
    each.config = readConfig(path.join(each.app.dir, 'src/generated/cost.json'));
    each.estimate = estimateAssembly(each.app.assemblyDir, each.config);
  }
}, 240_000);

function entry(name: string, of: string): EntryEstimate {
  const found = CASES[name].estimate!.stacks.flatMap((stack) => stack.entries).find((each) => each.name === of);
  if (!found) throw new Error(`${name} has no way in named ${of}`);
  return found;
}

/** Each line of an entry as [item, US dollars to the hundredth of a cent]. */
function lines(of: EntryEstimate): Array<[string, number | undefined]> {
  return of.lines.map((line) => [line.item, line.usd === undefined ? undefined : Math.round(line.usd * 10_000) / 10_000]);
}

describe('the default app', () => {
  test('costs nothing idle, priced at us-east-1 as a stand-in for its unknown region, and says so', () => {
    const result = CASES.default.estimate!;
    expect(result.idleUsd).toBe(0);
    expect(result.stacks.map((stack) => [stack.stack, stack.region, stack.pricedAt, stack.idle])).toEqual([['shop', undefined, 'us-east-1', []]]);
    expect(result.stacks[0].regionNote).toMatch(/^the stack's region is unknown .*; priced at us-east-1's prices, as a stand-in/);
    expect(formatSummary(result)).toBe('cost: idle floor $0.00/month; 5 ways in, $5.98 to $7.48 per million '
      + '(us-east-1 prices read 2026-12-06; shop: region unknown or not in the table, priced at us-east-1). npx projen cost prints the table.');
  });

  test('GET /items: API Gateway, its logs, Lambda at 256 MB arm64, one DynamoDB read, X-Ray, the function\'s logs', () => {
    expect(lines(entry('default', 'GET /items'))).toEqual([
      ['API Gateway REST requests', 3.5], // 1M × $3.50 per million
      ['CloudWatch Logs, the API\'s', 1.0967], // 1M × 2.3 KiB = 2.193 GB × $0.50
      ['Lambda requests (items/list)', 0.2], // 1M × $0.20 per million
      ['Lambda duration (arm64)', 0.3333], // 1M × 0.1 s × 0.25 GB = 25,000 GB-s × $0.0000133334
      ['CloudWatch Logs, the function\'s', 0.4768], // 1M × 1 KiB = 0.954 GB × $0.50
      ['DynamoDB reads (on-demand)', 0.125], // 1M × $0.125 per million read request units
      ['X-Ray traces recorded', 0.25], // 5% of 1M = 50,000 × $5.00 per million
    ]);
  });

  test('POST /items writes its table and publishes ItemCreated: a write and an event instead of the read', () => {
    const post = lines(entry('default', 'POST /items'));
    expect(post).toContainEqual(['DynamoDB writes (on-demand)', 0.625]);
    expect(post).toContainEqual(['EventBridge custom events', 1]);
    expect(post.map(([item]) => item)).not.toContain('DynamoDB reads (on-demand)');
    expect(entry('default', 'POST /items').perMillionUsd).toBeCloseTo(7.4819, 4);
  });
});

describe('worked example 2: REST with a cache and an authorizer, and GraphQL', () => {
  test('its idle floor is the 0.5 GB cache cluster, named with the option that made it', () => {
    const [cache] = CASES['rest-graphql'].estimate!.stacks[0].idle;
    expect(CASES['rest-graphql'].estimate!.stacks[0].idle).toHaveLength(1);
    // 730 h × $0.02 an hour
    expect(cache).toMatchObject({ resource: 'shop (REST API)', item: 'API Gateway cache (0.5 GB)', quantity: '730 h', cause: '`api.cache`: a 0.5 GB cache cluster on the stage of shop' });
    expect(cache.usd).toBeCloseTo(14.6, 6);
  });

  test('a resolver is AppSync\'s operation and its function', () => {
    expect(lines(entry('rest-graphql', 'Query.product'))).toEqual([
      ['AppSync operations', 4], // 1M × $4.00 per million
      ['Lambda requests (catalog/get-product)', 0.2],
      ['Lambda duration (arm64)', 0.3333],
      ['CloudWatch Logs, the function\'s', 0.4768],
      ['DynamoDB reads (on-demand)', 0.125],
      ['X-Ray traces recorded', 0.25],
    ]);
  });
});

describe('worked example 3: streams, a queue, object events and a workflow', () => {
  const idle = () => CASES['data-processing'].estimate!.stacks[0].idle.map((line) => [line.resource, line.item, Math.round(line.usd! * 10_000) / 10_000]);

  test('its idle floor is two shards, a fan-out consumer reading them, and the empty receives of the queue\'s pollers', () => {
    expect(idle()).toEqual([
      ['clicks/events (stream)', 'Kinesis shard hours', 21.9], // 2 shards × 730 h × $0.015
      ['clicks/alerting (fan-out consumer)', 'Kinesis enhanced fan-out consumer-shard hours', 21.9], // 2 shards × 730 h × $0.015
      ['orders/place-order', 'SQS empty receives (idle queue)', 0.2628], // 5 × 2,628,000 s / 20 s = 657,000 × $0.40 per million
    ]);
  });

  test('the stream\'s writes are priced with its first consumer by name only; the fan-out consumer pays its reads', () => {
    expect(lines(entry('data-processing', 'clicks/alerting')).slice(0, 3)).toEqual([
      ['Kinesis PUT payload units (the stream\'s writes)', 0.014], // 1M records of 1 KiB = 1M units × $0.014 per million
      ['Kinesis enhanced fan-out reads', 0.0124], // 0.954 GB × $0.013
      ['Lambda requests (clicks/alerting)', 0.002], // 1M / batches of 100 = 10,000 invocations
    ]);
    expect(lines(entry('data-processing', 'clicks/analytics'))).toEqual([
      ['Lambda requests (clicks/analytics)', 0.002],
      ['Lambda duration (arm64)', 0.0067], // 10,000 × 0.1 s × 0.5 GB (IO_BOUND) = 500 GB-s
      ['CloudWatch Logs, the function\'s', 0.0048],
      ['X-Ray traces recorded', 0.0025], // 5% of 10,000 invocations
    ]);
  });

  test('a queue behind a route: the route sends, the consumer receives and deletes per batch and writes idempotency records per message', () => {
    expect(lines(entry('data-processing', 'POST /orders'))).toEqual([
      ['API Gateway REST requests', 3.5],
      ['CloudWatch Logs, the API\'s', 1.0967],
      ['SQS SendMessage', 0.4], // 1M × $0.40 per million
      ['X-Ray traces recorded', 0.25],
    ]);
    expect(lines(entry('data-processing', 'orders/place-order'))).toEqual([
      ['SQS ReceiveMessage and DeleteMessageBatch', 0.08], // 2 × 100,000 batches of 10 × $0.40 per million
      ['Lambda requests (orders/place-order)', 0.02],
      ['Lambda duration (arm64)', 0.0667], // 100,000 × 0.1 s × 0.5 GB
      ['CloudWatch Logs, the function\'s', 0.0477],
      ['DynamoDB idempotency writes', 1.25], // 2 × 1M write request units × $0.625 per million
      ['X-Ray traces recorded', 0.025],
    ]);
  });

  test('object events: S3\'s PUT and the function\'s GET for created objects, none for removed ones', () => {
    expect(lines(entry('data-processing', 'files/images')).slice(0, 4)).toEqual([
      ['S3 PUT (the object that arrives)', 5], // 1M × $0.005 per 1,000
      ['S3 GET (the function reads it)', 0.4], // 1M × $0.0004 per 1,000
      ['Lambda requests (files/images)', 0.2],
      ['Lambda duration (arm64)', 2.3034], // 1M × 0.1 s × 1.728 GB (CPU_BOUND, 1769 MB) = 172,754 GB-s
    ]);
    expect(lines(entry('data-processing', 'files/cleanup')).map(([item]) => item)).not.toContain('S3 PUT (the object that arrives)');
  });

  test('a standard workflow: its state transitions, and its task\'s function', () => {
    expect(lines(entry('data-processing', 'files/large-files (workflow)'))).toEqual([
      ['Step Functions state transitions', 25], // 1M executions × 1 transition × $0.025 per 1,000
      ['Lambda requests (files/large-files/ingest)', 0.2],
      ['Lambda duration (arm64)', 0.3333],
      ['CloudWatch Logs, the function\'s', 0.4768],
      ['X-Ray traces recorded', 0.25],
    ]);
  });
});

describe('x86_64, workflows and an on-demand stream', () => {
  test('an on-demand stream is billed by the stream-hour', () => {
    const [line] = CASES['workflows-x86'].estimate!.stacks[0].idle;
    expect([line.resource, line.item, line.usd]).toEqual(['metrics/readings (stream)', 'Kinesis on-demand stream hours', 29.2]); // 730 h × $0.04
  });

  test('x86_64 duration, and the transitions of one pass through choices, a parallel state and a callback', () => {
    const processing = entry('workflows-x86', 'orders/order-processing (workflow)');
    expect(processing.lines[0]).toMatchObject({ item: 'Step Functions state transitions', quantity: '1M × 10 = 10,000,000', usd: 250 });
    expect(processing.lines.find((line) => line.item === 'Lambda duration (x86_64)')!.usd).toBeCloseTo(25_000 * 0.0000166667, 9);
    // start-export, check-export, is-done (its first rule: finished), finished; the loop back through wait-a-bit is not taken
    expect(entry('workflows-x86', 'orders/export (workflow)').lines[0]).toMatchObject({ quantity: '1M × 4 = 4,000,000', usd: 100 });
  });

  test('an express workflow: a request and 64 MB for its tasks\' assumed duration, rounded up to 100 ms', () => {
    expect(lines(entry('workflows-x86', 'orders/nightly-cleanup (workflow)')).slice(0, 2)).toEqual([
      ['Step Functions express requests', 1], // 1M × $1.00 per million
      ['Step Functions express duration', 0.1042], // 1M × 0.1 s × 0.0625 GB = 6,250 GB-s × $0.00001667
    ]);
  });

  test('an on-demand stream\'s consumer: the writes and the shared reads by the GB', () => {
    expect(lines(entry('workflows-x86', 'metrics/aggregate')).slice(0, 2)).toEqual([
      ['Kinesis on-demand writes (the stream\'s)', 0.0763], // 0.954 GB × $0.08
      ['Kinesis on-demand reads', 0.0381], // 0.954 GB × $0.04
    ]);
  });
});

describe('the idle budget', () => {
  test('ten functions on LATENCY_SENSITIVE fail a $50 budget, grouped, with the option that would lower them', () => {
    const result = CASES['ten-latency-sensitive'].estimate!;
    // each: 2 environments × 1769/1024 GB × 2,628,000 s × $0.0000033334 = $30.2671, and 2 target tracking alarms × $0.10
    expect(result.idleUsd).toBeCloseTo(10 * (30.2670897 + 0.2), 5);
    const verdict = checkBudget(result);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toBe([
      'cost: the idle floor is $304.67/month, over costBudget.idleMonthlyUsd ($50.00) by $254.67 (us-east-1 prices read 2026-12-06):',
      '  - 10 functions on LATENCY_SENSITIVE: provisioned concurrency $302.67/month, target tracking alarms $2.00/month; '
        + 'set `preset` or `provisionedConcurrency.minCapacity` (orders/op0, orders/op1, orders/op2, orders/op3, orders/op4, orders/op5, orders/op6, orders/op7, orders/op8, orders/op9)',
    ].join('\n'));
    expect(result.stacks[0].idle[0].cause).toBe('preset LATENCY_SENSITIVE (`services[0].preset`)');
  });

  test('the build\'s command exits 1 with that message, and writes the estimate next to the templates', () => {
    const app = CASES['ten-latency-sensitive'].app!;
    let failure: { status: number; stdout: string } | undefined;
    try {
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'src/cost/cli.ts'), '--summary', '--config', 'src/generated/cost.json'], {
        cwd: app.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      failure = error as { status: number; stdout: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toContain('cost: the idle floor is $304.67/month, over costBudget.idleMonthlyUsd ($50.00) by $254.67');
    const written = JSON.parse(fs.readFileSync(path.join(app.assemblyDir, 'cost-estimate.json'), 'utf8'));
    expect(written).toMatchObject({ pricesRead: '2026-12-06', idleBudgetUsd: 50, stacks: [{ stack: 'shop', region: 'us-east-1', pricedAt: 'us-east-1' }] });
    expect(written.prices['us-east-1'].lambdaProvisionedConcurrency.arm64).toMatchObject({ usd: 0.0000033334, page: 'https://aws.amazon.com/lambda/pricing/' });
  });

  test('a region whose table lacks the floor\'s prices fails a budget it cannot check, naming the lines', () => {
    const verdict = checkBudget(CASES['eu-west-1-budget'].estimate!);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^cost: the idle floor cannot be checked against costBudget\.idleMonthlyUsd \(\$100\.00\): 2 of its lines have no price \(eu-west-1 prices read 2026-12-06\):\n  - orders\/show: provisioned concurrency, no price/);
  });
});

describe('the estimate of the templates agrees with the estimate of the model docs/architecture.md prints', () => {
  /** Every line of an estimate, to compare two estimates line by line (in the order of the template or of the options). */
  const flat = (result: Estimate) => result.stacks.flatMap((stack) => [
    ...stack.idle.map((line) => `idle | ${line.resource} | ${line.item} | ${line.quantity} | ${line.usd} | ${line.cause}`),
    ...stack.entries.flatMap((each) => each.lines.map((line) => `${each.kind} ${each.name} | ${line.item} | ${line.quantity} | ${line.usd}`)),
  ]).sort();

  test.each(Object.keys(CASES))('%s', (name) => {
    const each = CASES[name];
    const app = buildModel({ name: 'shop', defaultReleaseBranch: 'main', serviceStacks: false, ...each.options });
    const config = { ...each.config!, region: each.region ?? 'us-east-1' };
    const stacks = readAssembly(each.app!.assemblyDir).map((template) => ({ ...inventoryOf(template, config.names), region: config.region }));
    const fromTemplates = estimate(stacks, config);
    expect(flat(fromTemplates)).toEqual(flat(estimateModel(app, config)));
    expect(flat(fromTemplates).length).toBeGreaterThan(4);
  });
});

test.each([['default', 'default-service-stacks'], ['data-processing', 'data-processing-service-stacks']])(
  '%s costs what it costs in one stack when each service is a nested stack (%s)', (oneStack, nested) => {
    const perWay = (result: Estimate) => result.stacks.flatMap((stack) => stack.entries.map((each) => `${each.kind} ${each.name} ${each.perMillionUsd}`)).sort();
    expect(perWay(CASES[nested].estimate!)).toEqual(perWay(CASES[oneStack].estimate!));
    expect(CASES[nested].estimate!.idleUsd).toBe(CASES[oneStack].estimate!.idleUsd);
    expect(CASES[nested].estimate!.stacks.length).toBeGreaterThan(1);
  },
);

describe('docs/cost.md', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs/cost.md'), 'utf8');

  test('prints the figures of its worked examples as the estimate computes them', () => {
    const cents = (usd: number) => `$${usd.toFixed(2)}`;
    expect(doc).toContain(`**Idle floor: ${cents(CASES.default.estimate!.idleUsd)}.**`);
    expect(doc).toContain(`**Idle floor: ${cents(CASES['rest-graphql'].estimate!.idleUsd)}**`);
    expect(doc).toContain(`with the\nfloor, **${cents(CASES['rest-graphql'].estimate!.monthlyUsd!)} a month**`);
    expect(doc).toContain(`**Idle floor: ${cents(CASES['data-processing'].estimate!.idleUsd)}.**`);
    expect(doc).toContain(formatSummary(CASES.default.estimate!));
    for (const [name, way, perMillion] of [
      ['default', 'GET /items', '5.98'], ['rest-graphql', 'Query.product', '5.39'], ['rest-graphql', 'Mutation.createProduct', '6.01'],
      ['data-processing', 'orders/place-order', '1.49'], ['data-processing', 'files/images', '8.63'], ['data-processing', 'files/large-files (workflow)', '26.26'],
    ]) {
      expect([name, way, entry(name, way).perMillionUsd.toFixed(2)]).toEqual([name, way, perMillion]);
    }
  });

  test('prints the budget\'s failure as the build prints it', () => {
    expect(doc).toContain(checkBudget(CASES['ten-latency-sensitive'].estimate!).message);
  });
});
