import * as fs from 'node:fs';
import { freshDir, synthApp } from './helpers';
import { ApiLoggingLevel, FunctionOptions, GraphqlAuthorization, HttpMethod, ServerlessAppOptions, ServiceOptions, TableAccess, WorkflowOptions, WorkflowStepType } from '../../src';

const route = (method: HttpMethod, path: string) => ({ method, path });

/** The `items` service with its first function replaced by `fn`. */
function withFunction(fn: Partial<FunctionOptions>): ServiceOptions[] {
  return [{ name: 'items', table: { partitionKey: { name: 'id' } }, events: ['ItemCreated'], functions: [{ name: 'create', ...fn }] }];
}

describe('bad options fail before any file is written', () => {
  test.each<[string, ServiceOptions[], string]>([
    ['memory below 128 MB', withFunction({ memorySize: 64 }),
      "`services[0].functions[0].memorySize` ('items/create') must be a whole number of MB from 128 to 10240; got 64."],
    ['memory above 10240 MB', withFunction({ memorySize: 10241 }),
      "`services[0].functions[0].memorySize` ('items/create') must be a whole number of MB from 128 to 10240; got 10241."],
    ['timeout of 0 s', withFunction({ timeoutSeconds: 0 }),
      "`services[0].functions[0].timeoutSeconds` ('items/create') must be a whole number of seconds from 1 to 900; got 0."],
    ['timeout above 900 s', withFunction({ timeoutSeconds: 901 }),
      "`services[0].functions[0].timeoutSeconds` ('items/create') must be a whole number of seconds from 1 to 900; got 901."],
    ['negative reserved concurrency', withFunction({ reservedConcurrency: -1 }),
      "`services[0].functions[0].reservedConcurrency` ('items/create') must be a whole number, 0 or more; got -1."],
    ['a function name that is not kebab-case', withFunction({ name: 'createItem' }),
      "`services[0].functions[0].name` must be kebab-case (like 'create-order'); got 'createItem'."],
    ['provisioned concurrency of 0', withFunction({ provisionedConcurrency: { minCapacity: 0 } }),
      "`services[0].functions[0].provisionedConcurrency.minCapacity` ('items/create') must be a whole number, 1 or more; got 0."],
    ['a provisioned maximum under the minimum', withFunction({ provisionedConcurrency: { minCapacity: 5, maxCapacity: 3 } }),
      "`services[0].functions[0].provisionedConcurrency.maxCapacity` ('items/create') must be a whole number, at least minCapacity (5); got 3."],
    ['a utilization target of 1', withFunction({ provisionedConcurrency: { utilizationTarget: 1 } }),
      "`services[0].functions[0].provisionedConcurrency.utilizationTarget` ('items/create') must be from 0.1 to 0.9; got 1."],
    ['service memory above 10240 MB', [{ name: 'items', memorySize: 20000, functions: [{ name: 'a' }] }],
      "`services[0].memorySize` (service 'items') must be a whole number of MB from 128 to 10240; got 20000."],
    ['a reserved function name', withFunction({ name: 'store' }),
      "`services[0].functions[0].name` 'store' is reserved for the service's own modules; choose another name."],
    ['a function named add', withFunction({ name: 'add' }),
      "`services[0].functions[0].name` 'add' is reserved: its property `addFunction` would hide the service's `addFunction` method; say what it adds, like 'add-item'."],
    ['a service name that is not kebab-case', [{ name: 'Order_Items', functions: [{ name: 'list' }] }],
      "`services[0].name` must be kebab-case (like 'order-items'); got 'Order_Items'."],
    ['a table without a partition key', [{ name: 'items', table: {} as any, functions: [{ name: 'list' }] }],
      '`services[0].table.partitionKey` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got undefined.'],
    ['a table with an empty partition key', [{ name: 'items', table: { partitionKey: { name: '' } }, functions: [{ name: 'list' }] }],
      '`services[0].table.partitionKey` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got {"name":""}.'],
    ['a route path without a leading slash', withFunction({ route: route(HttpMethod.GET, 'items') }),
      "`services[0].functions[0].route.path` ('items/create') must start with '/'; got 'items'."],
    ['a route path with a trailing slash', withFunction({ route: route(HttpMethod.GET, '/items/') }),
      "`services[0].functions[0].route.path` ('items/create') must not have empty segments or a trailing slash; got '/items/'."],
    ['a route path with a space', withFunction({ route: route(HttpMethod.GET, '/my items') }),
      "`services[0].functions[0].route.path` ('items/create') has segment 'my items': a segment is either letters, digits and . _ : - or a parameter like '{id}'; got '/my items'."],
    ['a greedy parameter before the end', withFunction({ route: route(HttpMethod.GET, '/{proxy+}/x') }),
      "`services[0].functions[0].route.path` ('items/create') may have a greedy parameter ('{proxy+}') only as its last segment; got '/{proxy+}/x'."],
    ['a parameter named twice', withFunction({ route: route(HttpMethod.GET, '/a/{id}/b/{id}') }),
      "`services[0].functions[0].route.path` ('items/create') must not name path parameter 'id' twice; got '/a/{id}/b/{id}'."],
    ['an unknown HTTP method', withFunction({ route: route('FETCH' as HttpMethod, '/items') }),
      "`services[0].functions[0].route.method` must be one of GET, POST, PUT, PATCH, DELETE; got 'FETCH'."],
    ['an event the service does not declare', withFunction({ publishes: ['ItemDeleted'] }),
      "`services[0].functions[0].publishes` ('items/create') names 'ItemDeleted', which is not in `events` of service 'items' (ItemCreated)."],
    ['table access without a table', [{ name: 'jobs', functions: [{ name: 'run', tableAccess: TableAccess.READ }] }],
      "`services[0].functions[0].tableAccess` ('jobs/run') is READ but service 'jobs' has no `table`."],
    ['an event name that is not PascalCase', [{ name: 'items', events: ['item-created'], functions: [{ name: 'list' }] }],
      "`services[0].events` must be PascalCase detail types (like 'ItemCreated'); got 'item-created'."],
    ['a service without functions', [{ name: 'items', functions: [] }],
      '`services[0].functions` must name at least one function; got none.'],
    ['two services with one name', [{ name: 'items', functions: [{ name: 'a' }] }, { name: 'items', functions: [{ name: 'b' }] }],
      "`services[1].name` 'items' is the name of `services[0]` too; service names must be unique."],
    ['two functions with one name', [{ name: 'items', functions: [{ name: 'a' }, { name: 'a' }] }],
      "`services[0].functions` names 'a' more than once; function names must be unique in a service."],
    ['a duplicate route', [
      { name: 'items', functions: [{ name: 'a', route: route(HttpMethod.GET, '/x') }] },
      { name: 'other', functions: [{ name: 'b', route: route(HttpMethod.GET, '/x') }] },
    ], "`services[1].functions[0].route` ('other/b'): route GET /x is declared twice on the shared API, by 'items/a' (`services[0].functions[0].route`) too; a route has one integration."],
    ['sibling path parameters with different names', [{
      name: 'items',
      functions: [
        { name: 'a', route: route(HttpMethod.GET, '/items/{id}') },
        { name: 'b', route: route(HttpMethod.DELETE, '/items/{itemId}') },
      ],
    }], "`services[0].functions[1].route.path` ('items/b'): route DELETE /items/{itemId} uses '{itemId}' under '/items' where `services[0].functions[0].route.path` uses '{id}'; API Gateway allows one path parameter name per level."],
  ])('%s', (_case, services, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services })).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  /** Two services: `orders` publishes OrderPlaced, `shipping` subscribes with `subscription`. */
  const subscribing = (subscription: object, publishes: string[] = []): ServiceOptions[] => [
    { name: 'orders', events: ['OrderPlaced'], functions: [{ name: 'place', route: route(HttpMethod.POST, '/orders'), publishes: ['OrderPlaced'] }] },
    { name: 'shipping', events: ['OrderPlaced'], functions: [{ name: 'ship', publishes, subscriptions: [subscription] }] },
  ];

  test.each<[string, Partial<ServerlessAppOptions>, string]>([
    ['credentials with any origin', { api: { cors: { allowCredentials: true } } },
      "`api.cors.allowCredentials` is true with origin '*' (the default of `api.cors.allowOrigins`): browsers refuse it, and it would let any site call the API as the user. Name the allowed origins."],
    ['an origin with a path', { api: { cors: { allowOrigins: ['https://shop.example.com/app'] } } },
      '`api.cors.allowOrigins` must be \'*\' or origins like \'https://app.example.com\' (scheme and host, no path); got ["https://shop.example.com/app"].'],
    ['a cache size API Gateway does not offer', { api: { cache: { clusterSizeGb: '1' } } },
      "`api.cache.clusterSizeGb` must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237; got '1'."],
    ['a cache TTL above an hour', { api: { cache: { ttlSeconds: 3601 } } },
      '`api.cache.ttlSeconds` must be a whole number of seconds from 0 to 3600; got 3601.'],
    ['an authorizer cache TTL above an hour', { api: { authorizer: { resultsCacheTtlSeconds: 7200 } } },
      '`api.authorizer.resultsCacheTtlSeconds` must be a whole number of seconds from 0 to 3600; got 7200.'],
    ['an identity header with a space', { api: { authorizer: { identityHeader: 'X Token' } } },
      "`api.authorizer.identityHeader` must be an HTTP header name; got 'X Token'."],
    ['a stage name with a slash', { api: { stageName: 'v1/prod' } },
      "`api.stageName` must be 1-128 of A-Z a-z 0-9 _ -; got 'v1/prod'."],
    ['a burst of 1.5 requests', { api: { throttlingBurstLimit: 1.5 } },
      '`api.throttlingBurstLimit` must be a whole number of requests, 0 or more; got 1.5.'],
    ['a logging level API Gateway does not have', { api: { loggingLevel: 'DEBUG' as ApiLoggingLevel } },
      "`api.loggingLevel` must be one of INFO, ERROR, OFF; got 'DEBUG'."],
    ['an unknown GraphQL authorization', { graphql: { authorization: 'OIDC' as GraphqlAuthorization } },
      "`graphql.authorization` must be one of API_KEY, IAM, USER_POOL; got 'OIDC'."],
    ['an API key that never expires', { graphql: { apiKeyExpiryDays: 400 } },
      "`graphql.apiKeyExpiryDays` must be a whole number of days from 1 to 365 (AppSync's limits); got 400."],
    ['a schema outside the project', { graphql: { schemaFile: '../schema.graphql' } },
      "`graphql.schemaFile` must be a relative path in the project ending in .graphql; got '../schema.graphql'."],
    ['an archive kept -1 days', { eventArchiveRetentionDays: -1 },
      '`eventArchiveRetentionDays` must be a whole number of days, 0 (forever) or more; got -1.'],
    ['an authorized route without an authorizer', { services: withFunction({ route: { ...route(HttpMethod.POST, '/items'), authorize: true } }) },
      "`services[0].functions[0].route.authorize` ('items/create') is true but `api.authorizer` is not set; add an authorizer or leave `authorize` out."],
    ['route caching without an API cache', { services: withFunction({ route: { ...route(HttpMethod.GET, '/items'), cache: { ttlSeconds: 60 } } }) },
      "`services[0].functions[0].route.cache` ('items/create') is set but `api.cache` is not: the API has no cache cluster to cache in."],
    ['a TTL on a route that is not cached', { api: { cache: {} }, services: withFunction({ route: { ...route(HttpMethod.POST, '/items'), cache: { ttlSeconds: 60 } } }) },
      "`services[0].functions[0].route.cache.ttlSeconds` ('items/create') is set but the POST route is not cached (only GET routes are, by default); add `enabled: true` or drop the TTL."],
    ['a query parameter with a space', { services: withFunction({ route: { ...route(HttpMethod.GET, '/items'), queryParameters: { 'page size': false } } }) },
      "`services[0].functions[0].route.queryParameters` ('items/create') names 'page size'; a query parameter name is A-Z a-z 0-9 _ . ~ -."],
    ['a body schema on a GET route', { services: withFunction({ route: { ...route(HttpMethod.GET, '/items'), bodySchema: { type: 'object' } } }) },
      "`services[0].functions[0].route.bodySchema` ('items/create') is set on a GET route, whose requests have no body; schemas go on POST, PUT, PATCH."],
    ['a body schema given twice', { services: withFunction({ route: { ...route(HttpMethod.POST, '/items'), bodySchema: { type: 'object' }, bodySchemaFile: 'schemas/item.json' } }) },
      "`services[0].functions[0].route.bodySchema` and `services[0].functions[0].route.bodySchemaFile` ('items/create') are both set; give the schema one way."],
    ['a schema file that is not JSON', { services: withFunction({ route: { ...route(HttpMethod.POST, '/items'), bodySchemaFile: 'schemas/item.yaml' } }) },
      "`services[0].functions[0].route.bodySchemaFile` ('items/create') must be a relative path in the project ending in .json; got 'schemas/item.yaml'."],
    ['a route and a resolver on one function', { services: withFunction({ route: route(HttpMethod.GET, '/items'), resolver: { typeName: 'Query', fieldName: 'items' } }) },
      "`services[0].functions[0].resolver` ('items/create'): a function has a `route` or a `resolver`, not both; give the field a function of its own."],
    ['a resolver field that is no GraphQL name', { services: withFunction({ resolver: { typeName: 'Query', fieldName: 'get-item' } }) },
      "`services[0].functions[0].resolver.fieldName` ('items/create') must be a GraphQL name (letters, digits, _; not starting with a digit); got 'get-item'."],
    ['resolvers without a Query', { services: withFunction({ resolver: { typeName: 'Mutation', fieldName: 'addItem' } }) },
      'resolvers Mutation.addItem (`services[0].functions[0].resolver`): a GraphQL schema needs a Query type; declare at least one `Query` resolver.'],
    ['one field resolved twice', { services: [{ name: 'items', functions: [{ name: 'a', resolver: { typeName: 'Query', fieldName: 'item' } }, { name: 'b', resolver: { typeName: 'Query', fieldName: 'item' } }] }] },
      "`services[0].functions[1].resolver` ('items/b'): resolver Query.item is declared twice, by 'items/a' (`services[0].functions[0].resolver`) too; each field has one function."],
    ['an authorizer that guards no route', { api: { authorizer: {} }, services: withFunction({ route: { ...route(HttpMethod.POST, '/items'), authorize: false } }) },
      '`api.authorizer` guards no route of the shared API: each of its routes says `authorize: false`. Let one use it, or make those routes part of an API with no authorizer.'],
    ['an authorizer that guards no route of a service\'s own API', {
      api: { authorizer: {} },
      services: [
        { name: 'items', functions: [{ name: 'list', route: route(HttpMethod.GET, '/items') }] },
        { name: 'status', ownApi: true, functions: [{ name: 'health', route: { ...route(HttpMethod.GET, '/health'), authorize: false } }] },
      ],
    }, "`api.authorizer` guards no route of the own API of service 'status': each of its routes says `authorize: false`. Let one use it, or make those routes part of an API with no authorizer."],
    ['an authorizer without routes', { api: { authorizer: {} }, services: [{ name: 'jobs', functions: [{ name: 'run' }] }] },
      '`api.authorizer` is set but there is no route to guard; remove it, or add routes.'],
    ['any origin and named ones', { api: { cors: { allowOrigins: ['*', 'https://shop.example.com'] } } },
      '`api.cors.allowOrigins` is either [\'*\'] or a list of origins, not both; got ["*","https://shop.example.com"].'],
    ['a service named like the app\'s own handler folders', { services: [{ name: 'authorizer', functions: [{ name: 'check' }] }] },
      "`services[0].name` 'authorizer' is reserved: src/handlers/authorizer/ holds the app's own handler modules; choose another name."],
    ['a subscription to an AWS source and a service of the app', { services: subscribing({ sources: ['aws.s3', 'orders'] }) },
      "`services[1].functions[0].subscriptions[0].sources` ('shipping/ship') mixes AWS services' sources (aws.s3), whose events are on the account's default bus, with the app's services (orders), whose events are on the app's bus: one rule is on one bus; split it into two subscriptions."],
    ['a subscription to an AWS source with a detail EventBridge refuses', { services: subscribing({ sources: ['aws.health'], detail: { service: 'LAMBDA' } }) },
      "`services[1].functions[0].subscriptions[0].detail` ('shipping/ship') is a pattern EventBridge refuses"],
    ['CORS off with origins', { api: { cors: { enabled: false, allowOrigins: ['https://shop.example.com'] } } },
      '`api.cors.enabled` is false, yet other `api.cors` fields are set; drop them, or turn CORS on.'],
    ['a callback completer naming an unknown workflow', { services: [{ name: 'orders', functions: [{ name: 'approve', completesCallbacksOf: 'approvals' }], workflows: [{ name: 'approval', steps: [{ name: 'wait', type: WorkflowStepType.CALLBACK, timeoutSeconds: 60 }] }] }] },
      "`services[0].functions[0].completesCallbacksOf` ('orders/approve') names 'approvals', which is not a workflow of service 'orders' ('approval'); a function completes the callbacks of a workflow of its own service."],
    ['a callback completer of a workflow without CALLBACK step', { services: [{ name: 'orders', functions: [{ name: 'approve', completesCallbacksOf: 'fulfil' }], workflows: [{ name: 'fulfil', steps: [{ name: 'ship', type: WorkflowStepType.TASK }] }] }] },
      "`services[0].functions[0].completesCallbacksOf` ('orders/approve'): workflow 'fulfil' has no CALLBACK step, so there is no task token to send back; add a CALLBACK step, or remove `completesCallbacksOf`."],
    ['CORS off with CORS on its errors', { api: { cors: { enabled: false, errorResponses: true } } },
      '`api.cors.enabled` is false, yet other `api.cors` fields are set; drop them, or turn CORS on.'],
    ['an empty subscription', { services: subscribing({}) },
      "`services[1].functions[0].subscriptions[0]` ('shipping/ship') must name `sources` or `detailTypes`: an empty pattern matches every event on the bus, the function's own included."],
    ['a subscription to an unknown source', { services: subscribing({ sources: ['order'], detailTypes: ['OrderPlaced'] }) },
      "`services[1].functions[0].subscriptions[0].sources` ('shipping/ship'): source 'order' is no service of the app (orders, shipping); the rules are on the app's bus, where only its services publish."],
    ['a subscription to an event the source does not publish', { services: subscribing({ sources: ['orders'], detailTypes: ['OrderShipped'] }) },
      "`services[1].functions[0].subscriptions[0].detailTypes` ('shipping/ship'): detail type 'OrderShipped' is not in the `events` of service 'orders' (OrderPlaced)."],
    ['a function subscribed to its own events', { services: subscribing({ detailTypes: ['OrderPlaced'] }, ['OrderPlaced']) },
      "`services[1].functions[0].subscriptions[0]` ('shipping/ship'): 'shipping/ship' would receive the OrderPlaced events it publishes itself, an endless loop (ServerlessPatterns-LambdaRecursion); narrow `sources` or `detailTypes`."],
    ['186 retries', { services: subscribing({ detailTypes: ['OrderPlaced'], retryAttempts: 186 }) },
      "`services[1].functions[0].subscriptions[0].retryAttempts` ('shipping/ship') must be a whole number from 0 to 185; got 186."],
    ['an event age of 30 s', { services: subscribing({ detailTypes: ['OrderPlaced'], maxEventAgeSeconds: 30 }) },
      "`services[1].functions[0].subscriptions[0].maxEventAgeSeconds` ('shipping/ship') must be a whole number of seconds from 60 to 86400; got 30."],
  ])('%s', (_case, options, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, options)).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a log retention CloudWatch does not offer', () => {
    expect(() => synthApp(freshDir(), { logRetentionDays: 10 })).toThrow(
      '`logRetentionDays` must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got 10.',
    );
  });

  test.each([0, 2.5])('a bundle budget of %p KiB', (budget) => {
    expect(() => synthApp(freshDir(), { bundleBudgetKiB: budget })).toThrow(`\`bundleBudgetKiB\` must be a whole number of KiB, 1 or more; got ${budget}.`);
  });

  test('reports every problem at once', () => {
    expect(() => synthApp(freshDir(), { services: withFunction({ memorySize: 64, timeoutSeconds: 0 }) })).toThrow(
      /Invalid ServerlessApp options:\n {2}- .*memorySize.*\n {2}- .*timeoutSeconds/,
    );
  });
});

test('one route on two APIs is fine: a service with its own API may reuse a path', () => {
  const health = (name: string, ownApi: boolean): ServiceOptions => ({ name, ownApi, functions: [{ name: 'health', route: { method: HttpMethod.GET, path: '/health' } }] });
  expect(() => synthApp(freshDir(), { services: [health('items', false), health('orders', true)] })).not.toThrow();
});

describe('bad workflows fail at npx projen, naming the workflow and the step', () => {
  const withWorkflow = (workflow: Partial<WorkflowOptions>): ServiceOptions[] => [{
    name: 'orders',
    events: ['OrderPlaced'],
    functions: [{ name: 'place', route: route(HttpMethod.POST, '/orders'), publishes: ['OrderPlaced'] }],
    workflows: [{ name: 'order-processing', steps: [{ name: 'validate', type: WorkflowStepType.TASK }], ...workflow }],
  }];
  const task = (name: string, extra: object = {}) => ({ name, type: WorkflowStepType.TASK, ...extra });

  test.each<[string, Partial<WorkflowOptions>, string | RegExp]>([
    ['an unknown next step', { steps: [task('validate', { next: 'ship' })] }, /order-processing.*validate.*'ship'/],
    ['an unknown catch target', { steps: [task('validate', { catch: [{ next: 'refund' }] })] }, /validate.*'refund'/],
    ['an unknown choice target', {
      steps: [{ name: 'route', type: WorkflowStepType.CHOICE, choices: [{ variable: '$.total', numericGreaterThan: 100, next: 'review' }], defaultNext: 'validate' }, task('validate')],
    }, /route.*'review'/],
    ['a cycle without a wait or a choice', { steps: [task('validate', { next: 'charge' }), task('charge', { next: 'validate' })] }, /cycle|loop/i],
    ['a map without item steps', { steps: [{ name: 'ship-all', type: WorkflowStepType.MAP, itemsPath: '$.items' }] }, /ship-all.*itemSteps/],
    ['a callback without a timeout', { steps: [{ name: 'approve', type: WorkflowStepType.CALLBACK }] }, /approve.*timeoutSeconds/],
    ['a step name that is not kebab-case', { steps: [task('validateOrder')] }, /validateOrder.*must be kebab-case/],
    ['task settings for no task step', { tasks: [{ step: 'ship' }] },
      "`services[0].workflows[0].tasks[0].step` ('orders/order-processing') names 'ship', which is no TASK or CALLBACK step of the workflow (validate)."],
    ['a task that publishes what its service does not declare', { tasks: [{ step: 'validate', publishes: ['OrderShipped'] }] },
      "`services[0].workflows[0].tasks[0].publishes` ('orders/order-processing/validate') names 'OrderShipped', which is not in `events` of service 'orders' (OrderPlaced)."],
    ['a trigger on an event nobody publishes', { trigger: { sources: ['orders'], detailTypes: ['OrderShipped'] } },
      "`services[0].workflows[0].trigger.detailTypes` ('orders/order-processing'): detail type 'OrderShipped' is not in the `events` of service 'orders' (OrderPlaced)."],
    ['a workflow triggered by what its own task publishes', { trigger: { detailTypes: ['OrderPlaced'] }, tasks: [{ step: 'validate', publishes: ['OrderPlaced'] }] },
      "`services[0].workflows[0].trigger` ('orders/order-processing'): 'orders/order-processing' would receive the OrderPlaced events it publishes itself, an endless loop (ServerlessPatterns-LambdaRecursion); narrow `sources` or `detailTypes`."],
    ['a trigger on an AWS source: workflows are started from the app\'s bus', { trigger: { sources: ['aws.s3'] } },
      "`services[0].workflows[0].trigger.sources` ('orders/order-processing'): source 'aws.s3' is no service of the app (orders); the rules are on the app's bus, where only its services publish (AWS services send their events to the default bus, which only functions' `subscriptions` hear)."],
    ['an empty trigger', { trigger: {} },
      "`services[0].workflows[0].trigger` ('orders/order-processing') must name `sources` or `detailTypes`: an empty pattern would start it for every event on the bus."],
  ])('%s', (_case, workflow, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services: withWorkflow(workflow) })).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
