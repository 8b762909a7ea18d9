/**
 * The classes of bad options that used to get through or crash (issue #24) and the body schemas of
 * issue #18: each refused before any file is written, with one message naming the option path,
 * the value and what is allowed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshDir, synthApp, TestOptions } from './helpers';
import { FunctionOptions, FunctionPreset, HttpMethod, KeyType, ServiceOptions, TableAccess, WorkflowStepType } from '../../src';

/** The `items` service with `functions`. */
function items(...functions: FunctionOptions[]): ServiceOptions[] {
  return [{ name: 'items', table: { partitionKey: { name: 'id' } }, events: ['ItemCreated'], functions }];
}

/** Three services whose events go round: catalog/reindex → search/index-product → catalog/reindex. */
function catalogAndSearch(acknowledgement?: string): ServiceOptions[] {
  return [
    {
      name: 'catalog',
      events: ['ProductAdded'],
      functions: [
        { name: 'create', route: { method: HttpMethod.POST, path: '/products' }, publishes: ['ProductAdded'] },
        { name: 'reindex', publishes: ['ProductAdded'], subscriptions: [{ sources: ['search'], detailTypes: ['ProductIndexed'], acknowledgeEventRing: acknowledgement }] },
      ],
    },
    {
      name: 'search',
      events: ['ProductIndexed'],
      functions: [{ name: 'index-product', publishes: ['ProductIndexed'], subscriptions: [{ sources: ['catalog'], detailTypes: ['ProductAdded'] }] }],
    },
  ];
}

/** Refused with exactly `problems`, and nothing written. */
function expectRefused(options: TestOptions, problems: string[], outdir = freshDir()): void {
  const before = fs.readdirSync(outdir);
  let error: unknown;
  try {
    synthApp(outdir, options);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('InvalidOptionsError');
  expect((error as { problems: string[] }).problems).toEqual(problems);
  expect(fs.readdirSync(outdir)).toEqual(before);
}

describe('enum values that are no member of their enum', () => {
  test.each<[string, TestOptions, string]>([
    ['a function preset', { services: items({ name: 'list', preset: 'TURBO' as FunctionPreset }) },
      "`services[0].functions[0].preset` must be one of CPU_BOUND, IO_BOUND, SIMPLE, LATENCY_SENSITIVE; got 'TURBO'."],
    ['a service preset', { services: [{ name: 'items', preset: 'TURBO' as FunctionPreset, functions: [{ name: 'list' }] }] },
      "`services[0].preset` must be one of CPU_BOUND, IO_BOUND, SIMPLE, LATENCY_SENSITIVE; got 'TURBO'."],
    ['table access', { services: items({ name: 'list', tableAccess: 'WRITE' as TableAccess }) },
      "`services[0].functions[0].tableAccess` must be one of NONE, READ, READ_WRITE; got 'WRITE'."],
    ['a key type', { services: [{ name: 'items', table: { partitionKey: { name: 'id', type: 'UUID' as KeyType } }, functions: [{ name: 'list' }] }] },
      "`services[0].table.partitionKey.type` must be one of STRING, NUMBER, BINARY; got 'UUID'."],
    ['a value of another type than string', { services: items({ name: 'list', preset: 3 as unknown as FunctionPreset }) },
      '`services[0].functions[0].preset` must be one of CPU_BOUND, IO_BOUND, SIMPLE, LATENCY_SENSITIVE; got 3.'],
  ])('%s', (_case, options, problem) => expectRefused(options, [problem]));

  test('are reported alone: the other checks read them', () => {
    expectRefused({ services: items({ name: 'list', preset: 'TURBO' as FunctionPreset, memorySize: 64 }) }, [
      "`services[0].functions[0].preset` must be one of CPU_BOUND, IO_BOUND, SIMPLE, LATENCY_SENSITIVE; got 'TURBO'.",
    ]);
  });
});

describe('derived names: one pass over every name the app derives, before any write', () => {
  test.each<[string, TestOptions, string]>([
    ['a function name too long for its test file', { services: items({ name: 'a'.repeat(250) }) },
      `\`services[0].functions[0].name\` '${'a'.repeat(40)}...' (250 characters) gives the file test/handlers/items/${'a'.repeat(40)}..., whose name is 258 bytes; a file or folder name takes 255 at most. Shorten it.`],
    ['a project name that starts with a digit', { name: '1shop' },
      "`name` '1shop' gives the stack name '1shop', the CloudFormation stack `cdk deploy` creates; a stack name starts with a letter, holds letters, digits and hyphens, and is 128 characters at most. Rename the project."],
    ['a function whose construct id is another\'s log group', { services: items({ name: 'list' }, { name: 'list-logs' }) },
      "`services[0].functions[1].name` 'list-logs' gives function 'list-logs' the construct id 'ListLogs' in service 'items', which the log group of function 'list' (`services[0].functions[0].name`) has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['two function names of one construct id', { services: items({ name: 'a-b1' }, { name: 'a-b-1' }) },
      "`services[0].functions[1].name` 'a-b-1' gives function 'a-b-1' the construct id 'AB1' in service 'items', which function 'a-b1' (`services[0].functions[0].name`) has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['a function named after the service\'s table', { services: items({ name: 'table' }) },
      "`services[0].functions[0].name` 'table' gives function 'table' the construct id 'Table' in service 'items', which the service's table has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['a function named after a workflow\'s task function', {
      services: [{ name: 'orders', functions: [{ name: 'fulfil-pack' }], workflows: [{ name: 'fulfil', steps: [{ name: 'pack', type: WorkflowStepType.TASK }] }] }],
    }, "`services[0].workflows[0].steps` 'pack' gives function 'fulfil/pack' the construct id 'FulfilPack' in service 'orders', which function 'fulfil-pack' (`services[0].functions[0].name`) has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['a function named after a workflow', {
      services: [{ name: 'orders', functions: [{ name: 'fulfil-workflow' }], workflows: [{ name: 'fulfil', steps: [{ name: 'pack', type: WorkflowStepType.TASK }] }] }],
    }, "`services[0].workflows[0].name` 'fulfil' gives workflow 'fulfil' the construct id 'FulfilWorkflow' in service 'orders', which function 'fulfil-workflow' (`services[0].functions[0].name`) has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['two service names of one class', { services: [{ name: 'a-b1', functions: [{ name: 'x' }] }, { name: 'a-b-1', functions: [{ name: 'x' }] }] },
      "`services[1].name` 'a-b-1' gives service 'a-b-1' the construct id 'AB1Service' in stack 'shop', which service 'a-b1' (`services[0].name`) has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
    ['a service API of the GraphQL API\'s id', {
      services: [
        { name: 'catalog', functions: [{ name: 'product', resolver: { typeName: 'Query', fieldName: 'product' } }] },
        { name: 'graphql', ownApi: true, functions: [{ name: 'ping', route: { method: HttpMethod.GET, path: '/ping' } }] },
      ],
    }, "`services[1].name` 'graphql' gives the own REST API of service 'graphql' the construct id 'GraphqlApi' in stack 'shop', which the GraphQL API has too; CDK refuses two constructs of one id in one scope. Rename one of them."],
  ])('%s', (_case, options, problem) => expectRefused(options, [problem]));

  test('a path over what the file system takes', () => {
    // a project folder 3,780 bytes deep: its files' paths go past Linux's 4,095
    const outdir = path.join(freshDir(), ...Array.from({ length: 15 }, () => 'x'.repeat(250)));
    fs.mkdirSync(outdir, { recursive: true });
    let error: unknown;
    try {
      synthApp(outdir, { services: [{ name: 's'.repeat(100), functions: [{ name: 'a'.repeat(200) }] }] });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as { problems: string[] }).problems).toEqual([
      expect.stringMatching(/^`services\[0\]\.functions\[0\]\.name` 'a{40}\.\.\.' \(200 characters\) gives the file src\/handlers\/s{40}\.\.\.\/a{40}\.\.\., whose path in \/.* is 4\d{3} bytes; a path takes 4095 at most\. Shorten it\.$/),
    ]);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe('shapes AWS refuses', () => {
  const subscriber = (detail: object): ServiceOptions[] => [
    { name: 'orders', events: ['OrderPlaced'], functions: [{ name: 'place', publishes: ['OrderPlaced'] }] },
    { name: 'shipping', functions: [{ name: 'ship', subscriptions: [{ detailTypes: ['OrderPlaced'], detail }] }] },
  ];
  test.each<[string, TestOptions, string]>([
    ['a subscription detail with a string leaf', { services: subscriber({ status: 'PAID' }) },
      "`services[1].functions[0].subscriptions[0].detail` ('shipping/ship') is a pattern EventBridge refuses: status: must be an array of values to match (e.g. [\"x\"]) or an object of nested fields, not a string (\"PAID\")."],
    ['a subscription detail with an unknown operator', { services: subscriber({ total: [{ greater: 100 }] }) },
      "`services[1].functions[0].subscriptions[0].detail` ('shipping/ship') is a pattern EventBridge refuses: total: unknown operator \"greater\"; use one of anything-but, cidr, equals-ignore-case, exists, numeric, prefix, suffix, wildcard."],
    ['a workflow trigger detail with a string leaf', {
      services: [{
        name: 'orders',
        events: ['OrderPlaced'],
        functions: [{ name: 'place', publishes: ['OrderPlaced'] }],
        workflows: [{ name: 'fulfil', steps: [{ name: 'pack', type: WorkflowStepType.TASK }], trigger: { detailTypes: ['OrderPlaced'], detail: { status: 'PAID' } } }],
      }],
    }, "`services[0].workflows[0].trigger.detail` ('orders/fulfil') is a pattern EventBridge refuses: status: must be an array of values to match (e.g. [\"x\"]) or an object of nested fields, not a string (\"PAID\")."],
    ['a stream filter with a string leaf', {
      services: [{ name: 'ingest', streams: [{ name: 'clicks' }], functions: [{ name: 'read', streamEvents: { stream: 'clicks', filters: [{ data: { kind: 'view' } }] } }] }],
    }, "`services[0].functions[0].streamEvents.filters[0]` ('ingest/read') is a filter Lambda refuses: data.kind: must be an array of values to match (e.g. [\"x\"]) or an object of nested fields, not a string (\"view\")."],
    ['a stream filter with an operator Lambda lacks', {
      services: [{ name: 'ingest', streams: [{ name: 'clicks' }], functions: [{ name: 'read', streamEvents: { stream: 'clicks', filters: [{ data: { page: [{ wildcard: '/products/*' }] } }] } }] }],
    }, "`services[0].functions[0].streamEvents.filters[0]` ('ingest/read') is a filter Lambda refuses: data.page: wildcard: Lambda's event filtering does not have it (an EventBridge rule does); use one of anything-but, equals-ignore-case, exists, numeric, prefix, suffix."],
    ['a sort key with the partition key\'s name', { services: [{ name: 'items', table: { partitionKey: { name: 'id' }, sortKey: { name: 'id' } }, functions: [{ name: 'list' }] }] },
      "`services[0].table.sortKey.name` is 'id', the partition key's name: DynamoDB refuses a key schema that names one attribute twice. Name the sort key after another attribute, or leave it out."],
    ['reserved concurrency under a preset\'s provisioned concurrency', { services: items({ name: 'list', preset: FunctionPreset.LATENCY_SENSITIVE, reservedConcurrency: 1 }) },
      "`services[0].functions[0].reservedConcurrency` ('items/list') is 1, below the provisioned concurrency of its `live` alias (2 to 10, preset LATENCY_SENSITIVE): Lambda refuses provisioned concurrency above the reserved. Reserve 10 or more, or lower `provisionedConcurrency.maxCapacity`."],
    ['reserved concurrency under a service\'s provisioned maximum', {
      services: [{ name: 'items', provisionedConcurrency: { minCapacity: 1, maxCapacity: 20 }, functions: [{ name: 'list', reservedConcurrency: 10 }] }],
    }, "`services[0].functions[0].reservedConcurrency` ('items/list') is 10, below the provisioned concurrency of its `live` alias (1 to 20, preset SIMPLE): Lambda refuses provisioned concurrency above the reserved. Reserve 20 or more, or lower `provisionedConcurrency.maxCapacity`."],
  ])('%s', (_case, options, problem) => expectRefused(options, [problem]));

  test('reserved concurrency that covers the provisioned maximum passes', () => {
    expect(() => synthApp(freshDir(), { services: items({ name: 'list', preset: FunctionPreset.LATENCY_SENSITIVE, reservedConcurrency: 10 }) })).not.toThrow();
  });
});

describe('event rings across services', () => {
  test('are refused with the ring spelled out', () => {
    expectRefused({ services: catalogAndSearch() }, [
      "event ring: 'catalog/reindex' publishes ProductAdded → 'search/index-product' hears it (`services[1].functions[0].subscriptions[0]`) and publishes ProductIndexed → 'catalog/reindex' hears it (`services[0].functions[1].subscriptions[0]`): one event invokes them in turn without end. Narrow a subscription's `sources`, `detailTypes` or `detail` so that the ring breaks; or, when a `detail` filter or a handler ends it, say how in the `acknowledgeEventRing` of one of these subscriptions.",
    ]);
  });

  test('through a workflow too', () => {
    expectRefused({
      services: [
        { name: 'orders', events: ['OrderPlaced'], functions: [{ name: 'replace', publishes: ['OrderPlaced'], subscriptions: [{ sources: ['shipping'] }] }] },
        {
          name: 'shipping',
          events: ['OrderShipped'],
          functions: [{ name: 'track' }],
          workflows: [{ name: 'ship', steps: [{ name: 'send', type: WorkflowStepType.TASK }], tasks: [{ step: 'send', publishes: ['OrderShipped'] }], trigger: { sources: ['orders'] } }],
        },
      ],
    }, [
      "event ring: 'orders/replace' publishes OrderPlaced → 'shipping/ship' hears it (`services[1].workflows[0].trigger`) and publishes OrderShipped → 'orders/replace' hears it (`services[0].functions[0].subscriptions[0]`): one event invokes them in turn without end. Narrow a subscription's `sources`, `detailTypes` or `detail` so that the ring breaks; or, when a `detail` filter or a handler ends it, say how in the `acknowledgeEventRing` of one of these subscriptions.",
    ]);
  });

  test('are allowed when a subscription of the ring says what ends it', () => {
    expect(() => synthApp(freshDir(), { services: catalogAndSearch('reindex publishes only for products whose index is stale, which index-product never leaves') })).not.toThrow();
  });

  test('an acknowledgement that says nothing is refused', () => {
    expectRefused({ services: catalogAndSearch(' ') }, [
      "`services[0].functions[1].subscriptions[0].acknowledgeEventRing` ('catalog/reindex') must say what ends the ring; got \" \".",
    ]);
  });

  test('a publisher that hears nothing is in no ring', () => {
    const services = catalogAndSearch();
    services[0].functions[1] = { name: 'reindex', publishes: ['ProductAdded'] };
    expect(() => synthApp(freshDir(), { services })).not.toThrow();
  });
});

test('a service name that repeats another is told once, without the checks across services', () => {
  expectRefused({
    services: [
      { name: 'items', functions: [{ name: 'a', route: { method: HttpMethod.GET, path: '/a' } }] },
      { name: 'items', functions: [{ name: 'a', route: { method: HttpMethod.GET, path: '/a' } }] },
    ],
  }, ["`services[1].name` 'items' is the name of `services[0]` too; service names must be unique."]);
});

describe('body schemas: draft-04, as API Gateway\'s models, naming the option and the schema path', () => {
  const post = (route: object): ServiceOptions[] => items({ name: 'create', route: { method: HttpMethod.POST, path: '/items', ...route } });
  test.each<[string, TestOptions, string]>([
    ['an inline schema with a typo', { services: post({ bodySchema: { type: 'objekt', properties: { name: { type: 'string' } } } }) },
      "`services[0].functions[0].route.bodySchema` ('items/create') is no draft-04 JSON schema (API Gateway's models): /type must be one of array, boolean, integer, null, number, object, string; got \"objekt\"."],
    ['a queue\'s inline schema', {
      services: [{ name: 'ingest', queues: [{ name: 'jobs', route: { path: '/jobs', bodySchema: { type: 'object', required: [] } } }], functions: [{ name: 'work', queueEvents: { queue: 'jobs' } }] }],
    }, "`services[0].queues[0].route.bodySchema` ('ingest/jobs') is no draft-04 JSON schema (API Gateway's models): /required must NOT have fewer than 1 items; got []."],
  ])('%s', (_case, options, problem) => expectRefused(options, [problem]));

  test('beside another problem of the route', () => {
    expectRefused({ services: post({ authorize: true, bodySchema: { type: 'objekt' } }) }, [
      "`services[0].functions[0].route.authorize` ('items/create') is true but `api.authorizer` is not set; add an authorizer or leave `authorize` out.",
      "`services[0].functions[0].route.bodySchema` ('items/create') is no draft-04 JSON schema (API Gateway's models): /type must be one of array, boolean, integer, null, number, object, string; got \"objekt\".",
    ]);
  });

  test('a schema file that exists is read and checked', () => {
    const outdir = freshDir();
    fs.mkdirSync(path.join(outdir, 'schemas'));
    fs.writeFileSync(path.join(outdir, 'schemas', 'item.json'), JSON.stringify({ type: 'object', properties: { tags: { type: 'array', itemz: { type: 'string' } } } }));
    expectRefused({ services: post({ bodySchemaFile: 'schemas/item.json' }) }, [
      "`services[0].functions[0].route.bodySchemaFile` ('items/create'): schemas/item.json is no draft-04 JSON schema (API Gateway's models): /properties/tags/itemz is an unknown keyword (a typo? draft-04 has no \"itemz\"); ajv refuses it, as the starters' validation compiles the schema in strict mode.",
    ], outdir);
  });

  test('a schema file that is no JSON', () => {
    const outdir = freshDir();
    fs.mkdirSync(path.join(outdir, 'schemas'));
    fs.writeFileSync(path.join(outdir, 'schemas', 'item.json'), '{ type: object }');
    expect(() => synthApp(outdir, { services: post({ bodySchemaFile: 'schemas/item.json' }) }))
      .toThrow(/`services\[0\]\.functions\[0\]\.route\.bodySchemaFile` \('items\/create'\): schemas\/item\.json is not JSON: /);
  });

  test('a schema file not there yet starts as the example schema', () => {
    const outdir = freshDir();
    synthApp(outdir, { services: post({ bodySchemaFile: 'schemas/item.json' }) });
    expect(fs.existsSync(path.join(outdir, 'schemas', 'item.json'))).toBe(true);
  });
});
