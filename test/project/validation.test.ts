import * as fs from 'node:fs';
import { freshDir, synthApp } from './helpers';
import { FunctionOptions, HttpMethod, ServiceOptions, TableAccess } from '../../src';

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
      "`services[0].functions[0].route.method` ('items/create') must be one of GET, POST, PUT, PATCH, DELETE; got 'FETCH'."],
    ['an event the service does not declare', withFunction({ publishes: ['ItemDeleted'] }),
      "`services[0].functions[0].publishes` ('items/create') names 'ItemDeleted', which is not in `events` of service 'items' (ItemCreated)."],
    ['table access without a table', [{ name: 'jobs', functions: [{ name: 'run', tableAccess: TableAccess.READ }] }],
      "`services[0].functions[0].tableAccess` ('jobs/run') is READ but service 'jobs' has no `table`."],
    ['an event name that is not PascalCase', [{ name: 'items', events: ['item-created'], functions: [{ name: 'list' }] }],
      "`services[0].events` must be PascalCase detail types (like 'ItemCreated'); got 'item-created'."],
    ['a service without functions', [{ name: 'items', functions: [] }],
      '`services[0].functions` must name at least one function; got none.'],
    ['two services with one name', [{ name: 'items', functions: [{ name: 'a' }] }, { name: 'items', functions: [{ name: 'b' }] }],
      "`services` names 'items' more than once; service names must be unique."],
    ['two functions with one name', [{ name: 'items', functions: [{ name: 'a' }, { name: 'a' }] }],
      "`services[0].functions` names 'a' more than once; function names must be unique in a service."],
    ['a duplicate route', [
      { name: 'items', functions: [{ name: 'a', route: route(HttpMethod.GET, '/x') }] },
      { name: 'other', functions: [{ name: 'b', route: route(HttpMethod.GET, '/x') }] },
    ], "route GET /x is declared twice: by 'items/a' and by 'other/b'; each route goes to one function."],
    ['sibling path parameters with different names', [{
      name: 'items',
      functions: [
        { name: 'a', route: route(HttpMethod.GET, '/items/{id}') },
        { name: 'b', route: route(HttpMethod.DELETE, '/items/{itemId}') },
      ],
    }], "route DELETE /items/{itemId} ('items/b') uses '{itemId}' under '/items' where another route uses '{id}'; API Gateway allows one path parameter name per level."],
  ])('%s', (_case, services, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services })).toThrow(message);
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
