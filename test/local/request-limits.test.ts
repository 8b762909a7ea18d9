/**
 * API Gateway's limits as local mode answers them over HTTP, each at the limit minus one byte, at the limit, and
 * one byte over: the 10 MB payload on every route kind (counted, not kept, past the limit), SQS's 1 MiB message on
 * an API → SQS route, the 10,240-character URL, the 10,240 bytes of request line and headers; and the requests
 * Node's own parser refuses (headers past 64 KB, a method it does not know), answered with a body and logged.
 */
import * as net from 'node:net';
import { MAX_REQUEST_PAYLOAD_BYTES } from '../../src/local/api-gateway/proxy-result';
import { MAX_SQS_MESSAGE_BYTES } from '../../src/local/api-gateway/queue-route';
import { MAX_REQUEST_LINE_AND_HEADERS_BYTES, MAX_URL_CHARACTERS } from '../../src/local/api-gateway/request-intake';
import { LocalRestApi, LocalRoute } from '../../src/local/local-app';
import { LocalRestApiServer, RequestLog } from '../../src/local/rest-api-server';

const route = (method: string, resourcePath: string, integration: LocalRoute['integration'], extra: Partial<LocalRoute> = {}): LocalRoute =>
  ({ method, resourcePath, integration, authorized: false, requiredQueryParameters: [], ...extra });

const API: LocalRestApi = {
  logicalId: 'Api',
  name: 'shop',
  stageName: 'prod',
  binaryMediaTypes: [],
  routes: [
    route('GET', '/items', { kind: 'lambda', function: 'List' }),
    route('POST', '/items', { kind: 'lambda', function: 'Create' }),
    route('POST', '/validated', { kind: 'lambda', function: 'Create' }, { bodySchema: { type: 'object' } }),
    route('POST', '/mock', { kind: 'mock', statusCode: 204, headers: {} }),
    route('POST', '/orders', {
      kind: 'sqs',
      queue: 'Orders',
      headers: {},
      errorResponses: [{ statusCode: 400, selectionPattern: '400', headers: {}, message: 'The queue refused the message.' }],
      requestContentTypes: ['application/json'],
      passthroughBehavior: 'NEVER',
    }),
  ],
};

let server: LocalRestApiServer;
let base: URL;
const invoked: string[] = [];
const queued: number[] = [];
const logs: RequestLog[] = [];

beforeAll(async () => {
  server = new LocalRestApiServer(API, {
    invoke: async (fn) => {
      invoked.push(fn);
      return { ok: true, result: { statusCode: 200, body: '{}' } };
    },
    sendMessage: async (_queue, body) => {
      queued.push(Buffer.byteLength(body));
      return 'message-1';
    },
  }, { log: (entry) => logs.push(entry) });
  base = new URL(await server.listen(0));
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  invoked.length = 0;
  queued.length = 0;
  logs.length = 0;
});

/** Sends raw bytes and reads the whole answer: status, headers and body. */
function raw(request: string | Buffer): Promise<{ status: number; body: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4), text });
    });
    socket.end(request);
  });
}

/** A POST of `size` bytes of body to `path`. */
async function post(path: string, size: number): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(path.slice(1), base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.alloc(size, 'a') });
  return { status: response.status, body: await response.text() };
}

describe('the 10 MB payload', () => {
  const overLimit = `HTTP content length exceeded ${MAX_REQUEST_PAYLOAD_BYTES} bytes.`;

  test.each(['/items', '/validated', '/mock', '/orders'])('%s: one byte over is refused with 413 before any integration runs', async (path) => {
    const response = await post(path, MAX_REQUEST_PAYLOAD_BYTES + 1);
    expect(response).toEqual({ status: 413, body: overLimit });
    expect(invoked).toEqual([]);
    expect(queued).toEqual([]);
  });

  test.each([MAX_REQUEST_PAYLOAD_BYTES - 1, MAX_REQUEST_PAYLOAD_BYTES])('%d bytes reach the route (a Lambda route then answers the 6 MB "Request Too Long")', async (size) => {
    const response = await post('/items', size);
    expect(response).toEqual({ status: 413, body: '{"message": "Request Too Long"}' });
    const mock = await post('/mock', size);
    expect(mock.status).toBe(204);
  });

  test('a body of 30 MB is counted to its end, not kept, and refused whole', async () => {
    expect(await post('/orders', 30 * 1024 * 1024)).toEqual({ status: 413, body: overLimit });
    expect(queued).toEqual([]);
  });
});

describe('the SQS message of an API → SQS route: 1 MiB', () => {
  test.each([
    [MAX_SQS_MESSAGE_BYTES - 1, 200],
    [MAX_SQS_MESSAGE_BYTES, 200],
    [MAX_SQS_MESSAGE_BYTES + 1, 400],
  ])('a body of %d bytes answers %d', async (size, status) => {
    const response = await post('/orders', size);
    expect(response.status).toBe(status);
    expect(queued).toEqual(status === 200 ? [size] : []);
    if (status === 400) {
      expect(JSON.parse(response.body)).toMatchObject({ message: 'The queue refused the message.' });
    }
  });

  test('a content type no request template maps, with PassthroughBehavior NEVER, answers 415 and queues nothing', async () => {
    const response = await fetch(new URL('orders', base), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    expect([response.status, await response.text()]).toEqual([415, '{"message": "Unsupported Media Type"}']);
    expect(queued).toEqual([]);
  });
});

describe('the URL: 10,240 characters', () => {
  /** `/prod/items?q=...`, padded to `length` characters. */
  const url = (length: number) => `/prod/items?q=${'x'.repeat(length - '/prod/items?q='.length)}`;

  // the request line holds the URL, so a URL near its limit passes the 10,240 bytes of request line and headers: 431
  test.each([
    [MAX_URL_CHARACTERS - 1, 431],
    [MAX_URL_CHARACTERS, 431],
    [MAX_URL_CHARACTERS + 1, 414],
  ])('a URL of %d characters answers %d', async (length, status) => {
    const response = await raw(`GET ${url(length)} HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(status);
    if (status === 414) {
      expect(response.body).toBe('{"message":"Request-URI Too Long"}');
      expect(logs.map((log) => log.note)).toEqual([`URL of ${length} characters, over API Gateway's ${MAX_URL_CHARACTERS}`]);
      expect(invoked).toEqual([]);
    }
  });
});

describe('the request line and headers: 10,240 bytes', () => {
  /** A request whose request line and headers count `size` bytes. */
  const request = (size: number) => {
    const head = 'GET /prod/items HTTP/1.1\r\nHost: local\r\nConnection: close\r\n';
    const padding = size - Buffer.byteLength(head) - 'X-Pad: \r\n'.length;
    return `${head}X-Pad: ${'p'.repeat(padding)}\r\n\r\n`;
  };

  test.each([
    [MAX_REQUEST_LINE_AND_HEADERS_BYTES - 1, 200],
    [MAX_REQUEST_LINE_AND_HEADERS_BYTES, 200],
    [MAX_REQUEST_LINE_AND_HEADERS_BYTES + 1, 431],
  ])('%d bytes answer %d', async (size, status) => {
    const response = await raw(request(size));
    expect(response.status).toBe(status);
    if (status === 431) {
      expect(response.body).toBe('{"message":"Request Header Fields Too Large"}');
      expect(logs.map((log) => log.note)).toEqual([`request line and headers of ${size} bytes, over API Gateway's ${MAX_REQUEST_LINE_AND_HEADERS_BYTES}`]);
    }
  });

  test('past what the parser reads (64 KB), the answer is the same 431 with its body, and it is logged', async () => {
    const response = await raw(request(100 * 1024));
    expect(response.status).toBe(431);
    expect(response.body).toBe('{"message":"Request Header Fields Too Large"}');
    expect(logs).toEqual([expect.objectContaining({ statusCode: 431, note: 'request line and headers over 65536 bytes' })]);
  });
});

test('a method Node does not know answers API Gateway\'s 403 Missing Authentication Token, with its body, and is logged', async () => {
  const response = await raw('FOO /prod/items HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n');
  expect(response.status).toBe(403);
  expect(response.body).toBe('{"message":"Missing Authentication Token"}');
  expect(response.text).toMatch(/x-amzn-ErrorType: MissingAuthenticationTokenException/);
  expect(logs).toEqual([expect.objectContaining({ statusCode: 403, note: 'a method API Gateway does not route' })]);
});
