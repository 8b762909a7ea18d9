import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { fakeBundle } from './helpers';
import { RestApiCacheProps, ServerlessRestApi } from '../../src/constructs/rest-api';
import { ServiceFunction } from '../../src/constructs/service-function';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** The stage-wide method settings, as every route's settings repeat them. */
const STAGE_WIDE = {
  LoggingLevel: 'INFO',
  DataTraceEnabled: false,
  MetricsEnabled: true,
  ThrottlingRateLimit: 100,
  ThrottlingBurstLimit: 200,
  CacheDataEncrypted: true,
};

describe('ServerlessRestApi cache', () => {
  // GIVEN an API with a cache and an authorizer
  const scope = stack();
  const api = new ServerlessRestApi(scope, 'Api', {
    cache: { defaultTtl: Duration.minutes(10) },
    authorizer: { handler: new ServiceFunction(scope, 'Authorizer', { assetPath }) },
  });
  const handler = new ServiceFunction(scope, 'Handler', { assetPath });
  // WHEN routes are added after the stage exists
  api.addRoute({ method: 'GET', path: '/items/{id}', queryParameters: { fields: false } }, handler);
  api.addRoute({ method: 'GET', path: '/catalog/{category}', authorize: false, cache: { ttl: Duration.hours(1) } }, handler);
  api.addRoute({ method: 'GET', path: '/cart', cache: { enabled: false } }, handler);
  api.addRoute({ method: 'POST', path: '/items' }, handler);
  api.addRoute({ method: 'POST', path: '/search', cache: { enabled: true } }, handler);
  const template = Template.fromStack(scope);
  const methodSettings: Array<Record<string, unknown>> = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties.MethodSettings;

  /** The method whose resource's logical id starts with `resource`. */
  function method(httpMethod: string, resource: string): Record<string, any> {
    const found = Object.values(template.findResources('AWS::ApiGateway::Method', {
      Properties: { HttpMethod: httpMethod, ResourceId: { Ref: Match.stringLikeRegexp(`^${resource}`) } },
    }));
    expect(found).toHaveLength(1);
    return found[0].Properties;
  }

  // THEN
  test('the stage has an encrypted 0.5 GB cache cluster; stage-wide caching stays off', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: true, CacheClusterSize: '0.5' });
    expect(methodSettings[0]).toEqual({ ResourcePath: '/*', HttpMethod: '*', ...STAGE_WIDE, CachingEnabled: false, CacheTtlInSeconds: 600 });
  });

  test('GET routes are cached for the default TTL or their own, next to the stage-wide logging, metrics and throttling', () => {
    expect(methodSettings).toContainEqual({ ResourcePath: '/~1items~1{id}', HttpMethod: 'GET', ...STAGE_WIDE, CachingEnabled: true, CacheTtlInSeconds: 600 });
    expect(methodSettings).toContainEqual({ ResourcePath: '/~1catalog~1{category}', HttpMethod: 'GET', ...STAGE_WIDE, CachingEnabled: true, CacheTtlInSeconds: 3600 });
  });

  test('a GET route that opts out and other methods are not cached; other methods may opt in', () => {
    expect(methodSettings.map((setting) => `${setting.HttpMethod} ${setting.ResourcePath}`))
      .toEqual(['* /*', 'GET /~1items~1{id}', 'GET /~1catalog~1{category}', 'POST /~1search']);
    expect(method('GET', 'Apicart').Integration.CacheKeyParameters).toBeUndefined();
    expect(method('POST', 'Apiitems8').MethodResponses).toBeUndefined();
  });

  test('cache keys: path parameters, declared query parameters and, on an authorized route, the identity header', () => {
    const items = method('GET', 'Apiitemsid');
    expect(items.Integration).toMatchObject({
      CacheKeyParameters: ['method.request.path.id', 'method.request.querystring.fields', 'method.request.header.Authorization'],
      CacheNamespace: 'GetItemsById',
    });
    expect(items.RequestParameters).toEqual({
      'method.request.path.id': true,
      'method.request.querystring.fields': false,
      'method.request.header.Authorization': false,
    });
  });

  test('a public route is cached without the identity header', () => {
    expect(method('GET', 'Apicatalogcategory').Integration).toMatchObject({
      CacheKeyParameters: ['method.request.path.category'],
      CacheNamespace: 'GetCatalogByCategory',
    });
  });

  test('cached routes declare the Cache-Control header the handler sends', () => {
    expect(method('GET', 'Apiitemsid').MethodResponses).toEqual([
      { StatusCode: '200', ResponseParameters: { 'method.response.header.Cache-Control': true } },
    ]);
  });

  test('cdk-nag: the cache adds no AwsSolutions or Serverless finding on the API', () => {
    const apiFindings = [new AwsSolutionsChecks(), new ServerlessChecks()]
      .flatMap((pack) => pack.validateScope(scope).violations)
      .filter((violation) => violation.violatingResources.some((resource) => resource.constructPath?.startsWith('Test/Api/')))
      .map((violation) => violation.ruleName);
    // APIG3 (WAF) is the app's choice, as without a cache
    expect(apiFindings).toEqual(['AwsSolutions-APIG3']);
  });
});

describe('ServerlessRestApi cache props', () => {
  test.each<[RestApiCacheProps, string]>([
    [{}, '0.5'],
    [{ clusterSize: '237' }, '237'],
  ])('cache %j: a cluster of %s GB, responses cached 5 minutes by default', (cache, size) => {
    const scope = stack();
    new ServerlessRestApi(scope, 'Api', { cache });
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterSize: size,
      MethodSettings: [Match.objectLike({ CacheTtlInSeconds: 300 })],
    });
  });

  test.each([
    ['several origins', ['https://shop.example.com', 'https://admin.example.com']],
    // a request without Origin (curl, a health check) must not fill the cache for the browsers
    ['one named origin', ['https://shop.example.com']],
  ])('with %s the Origin header is part of the cache key: each origin gets its own Access-Control-Allow-Origin', (_case, allowOrigins) => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { cache: {}, cors: { allowOrigins } });
    api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.header.Origin': false },
      Integration: Match.objectLike({ CacheKeyParameters: ['method.request.header.Origin'] }),
    });
  });

  test('with any origin (*) the answer is the same for all: Origin is no cache key', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { cache: {} });
    api.addRoute({ method: 'GET', path: '/items' }, new ServiceFunction(scope, 'List', { assetPath }));
    Template.fromStack(scope).hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', RequestParameters: {} });
  });

  test('fails when a route asks for caching on an API without cache', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api');
    expect(() => api.addRoute({ method: 'GET', path: '/items', cache: { ttl: Duration.minutes(1) } }, new ServiceFunction(scope, 'List', { assetPath })))
      .toThrow("Test/Api: route GET /items: `cache` needs the API's `cache` (a cache cluster).");
  });

  test('fails on a route TTL over an hour', () => {
    const scope = stack();
    const api = new ServerlessRestApi(scope, 'Api', { cache: {} });
    expect(() => api.addRoute({ method: 'GET', path: '/items', cache: { ttl: Duration.minutes(90) } }, new ServiceFunction(scope, 'List', { assetPath })))
      .toThrow('Test/Api: route GET /items: `cache.ttl` must be 0-3600 s; got 5400 s.');
  });
});
