import { withGatewayResponse } from '../../../src/local/api-gateway/gateway-responses';
import { HttpResponse, unauthorized } from '../../../src/local/api-gateway/proxy-result';
import { LocalGatewayResponse, LocalRestApi } from '../../../src/local/local-app';
import { LocalRestApiServer } from '../../../src/local/rest-api-server';

const CORS = { 'Access-Control-Allow-Origin': { literal: '*' } };
const error = (statusCode: number): HttpResponse => ({ statusCode, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{}') });

describe('withGatewayResponse: API Gateway\'s own errors take the API\'s gateway responses', () => {
  test('the response of the error\'s type applies, with its headers and status', () => {
    const responses: LocalGatewayResponse[] = [
      { type: 'DEFAULT_4XX', headers: CORS },
      { type: 'UNAUTHORIZED', statusCode: 403, headers: { 'WWW-Authenticate': { literal: 'Bearer' } } },
    ];
    const response = withGatewayResponse(unauthorized('r-1'), 'UNAUTHORIZED', responses, {});
    expect(response.statusCode).toBe(403);
    expect(response.headers).toMatchObject({ 'WWW-Authenticate': 'Bearer', 'x-amzn-RequestId': 'r-1' });
    // a type of its own replaces the default: nothing of DEFAULT_4XX
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  test.each([
    [401, 'DEFAULT_4XX'],
    [502, 'DEFAULT_5XX'],
  ])('a %p without a response of its type takes %s', (status, type) => {
    const responses: LocalGatewayResponse[] = [{ type, headers: CORS }];
    expect(withGatewayResponse(error(status), 'INTEGRATION_FAILURE', responses, {}).headers).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
    expect(withGatewayResponse(error(status), 'INTEGRATION_FAILURE', [], {}).headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  test('a header from a request header echoes it, whatever its case, and is left out when the request lacks it', () => {
    const responses: LocalGatewayResponse[] = [{ type: 'DEFAULT_4XX', headers: { 'Access-Control-Allow-Origin': { requestHeader: 'Origin' } } }];
    expect(withGatewayResponse(error(400), 'BAD_REQUEST_BODY', responses, { origin: 'https://shop.example.com' }).headers)
      .toMatchObject({ 'Access-Control-Allow-Origin': 'https://shop.example.com' });
    expect(withGatewayResponse(error(400), 'BAD_REQUEST_BODY', responses, {}).headers['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

describe('LocalRestApiServer: its own errors carry the gateway responses\' headers, the functions\' answers do not', () => {
  const api: LocalRestApi = {
    logicalId: 'Api',
    name: 'shop',
    stageName: 'prod',
    binaryMediaTypes: [],
    routes: [
      { method: 'GET', resourcePath: '/items', integration: { kind: 'lambda', function: 'List' }, authorized: true, requiredQueryParameters: [] },
      { method: 'POST', resourcePath: '/items', integration: { kind: 'lambda', function: 'Create' }, authorized: false, requiredQueryParameters: [], bodySchema: { type: 'object', required: ['name'] } },
    ],
    authorizer: { type: 'TOKEN', function: 'Authorizer', identitySource: 'method.request.header.Authorization', resultsCacheTtlSeconds: 0 },
    gatewayResponses: [
      { type: 'DEFAULT_4XX', headers: { 'Access-Control-Allow-Origin': { requestHeader: 'Origin' }, 'Vary': { literal: 'Origin' } } },
      { type: 'DEFAULT_5XX', headers: { 'Access-Control-Allow-Origin': { requestHeader: 'Origin' }, 'Vary': { literal: 'Origin' } } },
    ],
  };
  const server = new LocalRestApiServer(api, {
    invoke: async (fn) => (fn === 'Create'
      ? { ok: false, errorType: 'Error', errorMessage: 'boom', timedOut: false }
      : { ok: true, result: { statusCode: 200, body: '[]' } }),
  });
  const request = (method: string, url: string, headers: Record<string, string> = {}, body = '') =>
    server.handle({ method, url, headers: { Origin: 'https://shop.example.com', ...headers }, body: Buffer.from(body), sourceIp: '127.0.0.1' });

  test.each([
    ['no token: 401', 'GET', '/prod/items', {}, '', 401],
    ['no route: 403', 'GET', '/prod/nothing', {}, '', 403],
    ['an invalid body: 400', 'POST', '/prod/items', {}, '[]', 400],
    ['a failed function: 502', 'POST', '/prod/items', {}, '{"name":"lamp"}', 502],
  ])('%s', async (_case, method, url, headers, body, status) => {
    const response = await request(method, url, headers, body);
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': 'https://shop.example.com', 'Vary': 'Origin' });
  });
});
