import { LocalRestApi, LocalRoute } from '../../src/local/local-app';
import { InvocationOutcome, LocalRestApiServer, RestApiIntegrations } from '../../src/local/rest-api-server';

const lambda = (fn: string) => ({ kind: 'lambda' as const, function: fn });
const route = (method: string, resourcePath: string, integration: LocalRoute['integration'], extra: Partial<LocalRoute> = {}): LocalRoute =>
  ({ method, resourcePath, integration, authorized: false, requiredQueryParameters: [], ...extra });

const API: LocalRestApi = {
  logicalId: 'Api',
  name: 'shop',
  stageName: 'prod',
  binaryMediaTypes: [],
  routes: [
    route('GET', '/items', lambda('List'), { requiredQueryParameters: ['page'] }),
    route('POST', '/items', lambda('Create'), { bodySchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }),
    route('GET', '/items/{id}', lambda('Get'), { authorized: true }),
    route('DELETE', '/items/{id}', lambda('Delete'), { authorized: true }),
    route('OPTIONS', '/items', { kind: 'mock', statusCode: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST' } }),
    route('POST', '/orders', {
      kind: 'sqs',
      queue: 'Orders',
      headers: { 'Access-Control-Allow-Origin': '*' },
      errorResponses: [
        { statusCode: 400, selectionPattern: '400', headers: { 'Access-Control-Allow-Origin': '*' }, message: 'The queue refused the message.' },
        { statusCode: 500, selectionPattern: '4(0[1-9]|[1-9][0-9])|5[0-9]{2}', headers: {}, message: 'The message could not be queued.' },
      ],
      requestContentTypes: ['application/json'],
      passthroughBehavior: 'NEVER',
    }),
  ],
  authorizer: { type: 'TOKEN', function: 'Authorizer', identitySource: 'method.request.header.Authorization', resultsCacheTtlSeconds: 300 },
};

/** The policy a test authorizer returns: allows GET on items, denies the rest explicitly. */
function policy(principalId: string) {
  return {
    principalId,
    context: { tenant: 'acme', admin: false },
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:local/prod/GET/items/*' },
        { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:local/prod/DELETE/*' },
      ],
    },
  };
}

function setup(functions: Record<string, (event: any) => InvocationOutcome | Promise<InvocationOutcome>> = {}) {
  const calls: Array<{ fn: string; event: any }> = [];
  const sent: string[] = [];
  const integrations: RestApiIntegrations = {
    async invoke(fn, event) {
      calls.push({ fn, event });
      const handler = functions[fn] ?? (() => ({ ok: true, result: { statusCode: 200, body: JSON.stringify({ fn }) } }));
      return handler(event);
    },
    async sendMessage(_queue, body) {
      sent.push(body);
      return 'message-1';
    },
  };
  const server = new LocalRestApiServer(API, integrations);
  const request = (method: string, url: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}) => server.handle({
    method, url, headers: options.headers ?? {}, body: Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body ?? ''), sourceIp: '127.0.0.1',
  });
  return { server, request, calls, sent };
}

const bodyOf = (response: { body: Buffer }) => response.body.toString('utf8');

describe('LocalRestApiServer answers as API Gateway', () => {
  test('a route invokes its function with a proxy event of the request, under the stage', async () => {
    const { request, calls } = setup();
    const response = await request('GET', '/prod/items?page=2&tag=a&tag=b');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(response))).toEqual({ fn: 'List' });
    expect(calls[0].event).toMatchObject({
      resource: '/items',
      path: '/items',
      httpMethod: 'GET',
      queryStringParameters: { page: '2', tag: 'b' },
      multiValueQueryStringParameters: { page: ['2'], tag: ['a', 'b'] },
      requestContext: { stage: 'prod', path: '/prod/items' },
    });
  });

  test.each([
    ['an unknown resource', 'GET', '/prod/nothing', 403, '{"message":"Missing Authentication Token"}'],
    ['an unknown method', 'PATCH', '/prod/items', 403, '{"message":"Missing Authentication Token"}'],
    ['a path outside the stage', 'GET', '/items', 403, '{"message":"Forbidden"}'],
    ['a missing required query parameter', 'GET', '/prod/items', 400, '{"message":"Missing required request parameters: [page]"}'],
  ])('%s: %p %p answers %p', async (_case, method, url, status, body) => {
    const { request, calls } = setup();
    const response = await request(method, url);
    expect([response.statusCode, bodyOf(response)]).toEqual([status, body]);
    expect(calls).toEqual([]);
  });

  test('a CORS preflight answers from the mock integration, without a function', async () => {
    const { request, calls } = setup();
    const response = await request('OPTIONS', '/prod/items');
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST' });
    expect(calls).toEqual([]);
  });

  test('the body model is checked before the function runs', async () => {
    const { request, calls } = setup();
    for (const body of ['{"name": 42}', 'not json', '']) {
      const response = await request('POST', '/prod/items', { body, headers: { 'Content-Type': 'application/json' } });
      expect([response.statusCode, bodyOf(response)]).toEqual([400, '{"message": "Invalid request body"}']);
    }
    expect(calls).toEqual([]);
    expect((await request('POST', '/prod/items', { body: '{"name":"lamp"}' })).statusCode).toBe(200);
  });

  test('a function that fails or times out answers 502, a malformed result 502', async () => {
    const { request } = setup({
      List: () => ({ ok: false, errorType: 'Error', errorMessage: 'boom', timedOut: false }),
      Create: () => ({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds', timedOut: true }),
    });
    expect(bodyOf(await request('GET', '/prod/items?page=1'))).toBe('{"message": "Internal server error"}');
    expect((await request('POST', '/prod/items', { body: '{"name":"a"}' })).statusCode).toBe(502);
    const malformed = setup({ List: () => ({ ok: true, result: { body: 'no status' } }) });
    expect((await malformed.request('GET', '/prod/items?page=1')).statusCode).toBe(502);
  });

  test('a body over 10 MB answers 413', async () => {
    const { request, calls } = setup();
    const response = await request('POST', '/prod/items', { body: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });
    expect(response.statusCode).toBe(413);
    expect(calls).toEqual([]);
  });

  test('an API → SQS route queues the body and answers with the message id', async () => {
    const { request, sent } = setup();
    const response = await request('POST', '/prod/orders', { body: '{"id":"o-1"}' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(response))).toMatchObject({ messageId: 'message-1' });
    expect(sent).toEqual(['{"id":"o-1"}']);
  });
});

describe('the Lambda authorizer', () => {
  const authorizer = (token: string): InvocationOutcome => (token === 'good'
    ? { ok: true, result: policy('user-1') }
    : { ok: false, errorType: 'Error', errorMessage: 'Unauthorized', timedOut: false });

  test('no identity header: 401 without invoking the authorizer', async () => {
    const { request, calls } = setup();
    expect([(await request('GET', '/prod/items/1')).statusCode, calls.length]).toEqual([401, 0]);
  });

  test('allowed: the function gets the principal and the context as strings; the decision is cached by token', async () => {
    const { request, calls } = setup({ Authorizer: (event) => authorizer(event.authorizationToken) });
    const first = await request('GET', '/prod/items/1', { headers: { Authorization: 'good' } });
    const second = await request('GET', '/prod/items/2', { headers: { Authorization: 'good' } });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(calls.filter((call) => call.fn === 'Authorizer')).toHaveLength(1);
    expect(calls[0].event).toEqual({ type: 'TOKEN', authorizationToken: 'good', methodArn: 'arn:aws:execute-api:us-east-1:000000000000:local/prod/GET/items/1' });
    expect(calls[1].event.requestContext.authorizer).toMatchObject({ principalId: 'user-1', tenant: 'acme', admin: 'false' });
  });

  test('an explicit deny answers 403 with its message, also from the cached policy', async () => {
    const { request, calls } = setup({ Authorizer: (event) => authorizer(event.authorizationToken) });
    await request('GET', '/prod/items/1', { headers: { Authorization: 'good' } });
    const denied = await request('DELETE', '/prod/items/1', { headers: { Authorization: 'good' } });
    expect([denied.statusCode, bodyOf(denied)]).toEqual([403, '{"message":"User is not authorized to access this resource with an explicit deny"}']);
    expect(calls.filter((call) => call.fn === 'Delete')).toEqual([]);
  });

  test('an authorizer that says Unauthorized answers 401; one that fails otherwise 500', async () => {
    const { request } = setup({ Authorizer: (event) => authorizer(event.authorizationToken) });
    expect((await request('GET', '/prod/items/1', { headers: { Authorization: 'bad' } })).statusCode).toBe(401);
    const broken = setup({ Authorizer: () => ({ ok: false, errorType: 'TypeError', errorMessage: 'x is undefined', timedOut: false }) });
    expect((await broken.request('GET', '/prod/items/1', { headers: { Authorization: 'good' } })).statusCode).toBe(500);
  });
});

test('over HTTP: listens on a free port and answers with the request id header', async () => {
  const { server } = setup();
  const url = await server.listen(0);
  try {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/);
    const response = await fetch(`${url}items?page=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ fn: 'List' });
  } finally {
    await server.close();
  }
});
