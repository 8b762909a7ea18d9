import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  buildProxyEvent,
  isBinaryMediaType,
  lambdaAuthorizerContext,
  LocalHttpRequest,
  MatchedRoute,
  ProxyEventOptions,
} from '../../../src/local/api-gateway/proxy-event';
import { createRouteTable, matchRoute } from '../../../src/local/api-gateway/routes';

const REQUEST_TIME = new Date(Date.UTC(2015, 3, 9, 12, 34, 56));

function request(overrides: Partial<LocalHttpRequest> = {}): LocalHttpRequest {
  return {
    method: 'GET',
    url: '/items',
    headers: { 'Host': 'localhost:3000', 'User-Agent': 'curl/8.5.0' },
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

const itemsRoute: MatchedRoute = { route: { method: 'GET', resourcePath: '/items' }, pathParameters: {} };

function event(
  overrides: Partial<LocalHttpRequest> = {},
  route: MatchedRoute = itemsRoute,
  options: Partial<ProxyEventOptions> = {},
): APIGatewayProxyEvent {
  return buildProxyEvent(request(overrides), route, { stage: 'dev', requestTime: REQUEST_TIME, ...options });
}

describe('buildProxyEvent', () => {
  test('builds the whole event of a simple GET', () => {
    expect(event({}, itemsRoute, { requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' })).toEqual({
      resource: '/items',
      path: '/items',
      httpMethod: 'GET',
      headers: { 'Host': 'localhost:3000', 'User-Agent': 'curl/8.5.0' },
      multiValueHeaders: { 'Host': ['localhost:3000'], 'User-Agent': ['curl/8.5.0'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        extendedRequestId: expect.any(String),
        httpMethod: 'GET',
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: '127.0.0.1',
          user: null,
          userAgent: 'curl/8.5.0',
          userArn: null,
        },
        path: '/dev/items',
        protocol: 'HTTP/1.1',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTime: '09/Apr/2015:12:34:56 +0000',
        requestTimeEpoch: REQUEST_TIME.getTime(),
        resourceId: expect.stringMatching(/^[0-9a-f]{6}$/),
        resourcePath: '/items',
        stage: 'dev',
      },
      body: null,
      isBase64Encoded: false,
    });
  });

  test('has no authorizer in the request context unless given', () => {
    expect('authorizer' in event().requestContext).toBe(false);
  });

  test('gives each request a random UUID as request id unless given one', () => {
    const first = event().requestContext.requestId;
    const second = event().requestContext.requestId;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  describe('path and resource', () => {
    const table = createRouteTable([
      { method: 'ANY', resourcePath: '/items/{id}' },
      { method: 'ANY', resourcePath: '/files/{proxy+}' },
    ]);

    function routed(method: string, url: string, stage = 'dev'): APIGatewayProxyEvent {
      const match = matchRoute(table, method, url);
      if (!match.matched) throw new Error(`${url} matches no route`);
      return event({ method, url }, match, { stage });
    }

    test.each([
      ['/items/42', '/items/{id}', { id: '42' }],
      ['/items/john%40example.com', '/items/{id}', { id: 'john@example.com' }],
      ['/items/42/', '/items/{id}', { id: '42' }],
      ['/files/dir/a%20b.txt', '/files/{proxy+}', { proxy: 'dir/a b.txt' }],
    ])('%s: the path as sent, the resource, decoded path parameters', (url, resource, pathParameters) => {
      const built = routed('PUT', url);
      expect(built).toMatchObject({ path: url, resource, pathParameters, httpMethod: 'PUT' });
      expect(built.requestContext).toMatchObject({ resourcePath: resource, httpMethod: 'PUT' });
    });

    test.each([
      ['dev', '/items/42?x=1', '/dev/items/42'],
      ['prod', '/files/a/b', '/prod/files/a/b'],
      ['v1', '/items/42/', '/v1/items/42/'],
    ])('stage %s: requestContext.path of %s is %s', (stage, url, contextPath) => {
      expect(routed('GET', url, stage).requestContext).toMatchObject({ stage, path: contextPath });
    });

    test('the method is upper-cased, never ANY', () => {
      expect(routed('delete', '/items/1').httpMethod).toBe('DELETE');
    });
  });

  describe('query string', () => {
    test.each<[string, Record<string, string> | null, Record<string, string[]> | null]>([
      ['/items', null, null],
      ['/items?', null, null],
      ['/items?a=1', { a: '1' }, { a: ['1'] }],
      ['/items?a=1&a=2&b=3', { a: '2', b: '3' }, { a: ['1', '2'], b: ['3'] }],
      ['/items?tag=x&tag=y&tag=x', { tag: 'x' }, { tag: ['x', 'y', 'x'] }],
      ['/items?q=hello%20world&sort=-+createdAt', { q: 'hello world', sort: '- createdAt' }, { q: ['hello world'], sort: ['- createdAt'] }],
      ['/items?email=a%2Bb%40example.com', { email: 'a+b@example.com' }, { email: ['a+b@example.com'] }],
      ['/items?flag&empty=', { flag: '', empty: '' }, { flag: [''], empty: [''] }],
      ['/items?caf%C3%A9=cr%C3%A8me', { café: 'crème' }, { café: ['crème'] }],
      ['/items?bad=100%', { bad: '100%' }, { bad: ['100%'] }],
    ])('%s', (url, queryStringParameters, multiValueQueryStringParameters) => {
      expect(event({ url })).toMatchObject({ path: '/items', queryStringParameters, multiValueQueryStringParameters });
    });
  });

  describe('headers', () => {
    test('a repeated header: its last value in headers, all of them in multiValueHeaders', () => {
      const built = event({
        headers: {
          'Accept': ['application/json', 'text/plain'],
          'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'],
          'Cookie': 'a=1',
          'X-Absent': undefined,
          'X-Empty': [],
        },
      });
      expect(built.headers).toEqual({ 'Accept': 'text/plain', 'X-Forwarded-For': '10.0.0.2', 'Cookie': 'a=1' });
      expect(built.multiValueHeaders).toEqual({
        'Accept': ['application/json', 'text/plain'],
        'X-Forwarded-For': ['10.0.0.1', '10.0.0.2'],
        'Cookie': ['a=1'],
      });
    });

    test('names are kept as given, lowercase from node:http included', () => {
      const built = event({ headers: { 'host': 'api.example.com', 'user-agent': 'jest' } });
      expect(Object.keys(built.headers)).toEqual(['host', 'user-agent']);
      expect(built.requestContext).toMatchObject({ domainName: 'api.example.com', domainPrefix: 'api' });
      expect(built.requestContext.identity.userAgent).toBe('jest');
    });

    test('without Host nor User-Agent', () => {
      const built = event({ headers: {} });
      expect(built).toMatchObject({ headers: {}, multiValueHeaders: {} });
      expect(built.requestContext).toMatchObject({ domainName: 'localhost', identity: { userAgent: null } });
    });
  });

  describe('body', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const json = Buffer.from('{"name":"café ☕"}', 'utf8');

    test.each<[string, Buffer, string | undefined, string[], string | null, boolean]>([
      ['empty', Buffer.alloc(0), 'application/json', [], null, false],
      ['empty, binary media type', Buffer.alloc(0), 'image/png', ['image/png'], null, false],
      ['UTF-8 JSON', json, 'application/json', [], '{"name":"café ☕"}', false],
      ['UTF-8 JSON, other binary media types', json, 'application/json; charset=utf-8', ['image/png'], '{"name":"café ☕"}', false],
      ['not UTF-8, no binary media types', png, 'image/png', [], png.toString('base64'), true],
      ['not UTF-8, no content type', png, undefined, [], png.toString('base64'), true],
      ['binary media type', json, 'image/png', ['image/png'], json.toString('base64'), true],
      [
        'binary media type, case and parameters',
        json,
        'Application/Octet-Stream; charset=binary',
        ['application/octet-stream'],
        json.toString('base64'),
        true,
      ],
      ['binary media type by wildcard', json, 'image/jpeg', ['image/*'], json.toString('base64'), true],
      ['every media type binary', json, 'application/json', ['*/*'], json.toString('base64'), true],
    ])('%s', (_, body, contentType, binaryMediaTypes, expectedBody, isBase64Encoded) => {
      const headers = contentType === undefined ? {} : { 'Content-Type': contentType };
      const built = event({ method: 'POST', body, headers }, itemsRoute, { binaryMediaTypes });
      expect(built).toMatchObject({ body: expectedBody, isBase64Encoded });
      if (isBase64Encoded && expectedBody !== null) {
        expect(Buffer.from(expectedBody, 'base64').equals(body)).toBe(true);
      }
    });

    test('reads Content-Type whatever the case of its name, the last one when repeated', () => {
      const built = event({ body: json, headers: { 'content-type': ['text/plain', 'image/png'] } }, itemsRoute, { binaryMediaTypes: ['image/png'] });
      expect(built.isBase64Encoded).toBe(true);
    });
  });

  describe('authorizer', () => {
    test('passes the authorizer output on as requestContext.authorizer', () => {
      const claims = { sub: 'user-1', email: 'user@example.com' };
      expect(event({}, itemsRoute, { authorizer: { claims } }).requestContext.authorizer).toEqual({ claims });
    });

    test('a Lambda authorizer context has string values, the principal id and the latency', () => {
      const context = lambdaAuthorizerContext('user-1', { tenant: 'acme', admin: true, quota: 10, none: null, gone: undefined }, 12);
      expect(context).toEqual({ tenant: 'acme', admin: 'true', quota: '10', none: null, principalId: 'user-1', integrationLatency: 12 });
      expect(event({}, itemsRoute, { authorizer: context }).requestContext.authorizer).toEqual(context);
    });

    test('a Lambda authorizer context without context values', () => {
      expect(lambdaAuthorizerContext('user-1')).toEqual({ principalId: 'user-1', integrationLatency: 0 });
    });
  });

  test('the protocol can be given', () => {
    expect(event({}, itemsRoute, { protocol: 'HTTP/2.0' }).requestContext.protocol).toBe('HTTP/2.0');
  });

  test('requestTime is in UTC with two-digit fields', () => {
    const built = event({}, itemsRoute, { requestTime: new Date(Date.UTC(2024, 0, 5, 3, 4, 5)) });
    expect(built.requestContext.requestTime).toBe('05/Jan/2024:03:04:05 +0000');
  });

  test('the same resource has the same resourceId', () => {
    const other: MatchedRoute = { route: { method: 'POST', resourcePath: '/items' }, pathParameters: {} };
    const orders: MatchedRoute = { route: { method: 'GET', resourcePath: '/orders' }, pathParameters: {} };
    expect(event({}, other).requestContext.resourceId).toBe(event().requestContext.resourceId);
    expect(event({}, orders).requestContext.resourceId).not.toBe(event().requestContext.resourceId);
  });
});

describe('isBinaryMediaType', () => {
  test.each<[string | undefined, string[], boolean]>([
    ['image/png', ['image/png'], true],
    ['image/png', ['image/jpeg'], false],
    ['image/png', ['image/*'], true],
    ['text/plain', ['image/*'], false],
    [undefined, ['image/*'], false],
    [undefined, ['*/*'], true],
    ['IMAGE/PNG; q=1', [' image/png '], true],
    ['image/png', [], false],
  ])('%j in %j: %s', (contentType, binaryMediaTypes, expected) => {
    expect(isBinaryMediaType(contentType, binaryMediaTypes)).toBe(expected);
  });
});
