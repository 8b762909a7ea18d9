import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { apiHandler, corsHeaders, json, NotFoundError, parseJsonObject } from '../../../src/handlers/shared/http';

const context = { functionName: 'test', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

function request(body: string | null): APIGatewayProxyEvent {
  return { body, isBase64Encoded: false } as APIGatewayProxyEvent;
}

describe('parseJsonObject', () => {
  test.each([
    [null, 'request body is required'],
    ['{', 'request body must be valid JSON'],
    ['[1]', 'request body must be a JSON object'],
  ])('rejects the body %p with 400: %s', (body, message) => {
    expect(() => parseJsonObject(request(body))).toThrow(expect.objectContaining({ statusCode: 400, message }));
  });
});

describe('apiHandler', () => {
  test('answers an HttpError with its status and message', async () => {
    const handler = apiHandler(async () => {
      throw new NotFoundError("item 'x' not found");
    });
    await expect(handler(request(null), context)).resolves.toEqual(json(404, { message: "item 'x' not found" }));
  });

  test('answers any other error with 500 and no details', async () => {
    const handler = apiHandler(async () => {
      throw new Error('connection string leaked');
    });
    await expect(handler(request(null), context)).resolves.toEqual(json(500, { message: 'internal error' }));
  });
});

describe('corsHeaders', () => {
  const fromOrigin = (origin: string) => ({ headers: { Origin: origin } });
  afterEach(() => {
    delete process.env.CORS_ALLOW_ORIGINS;
    delete process.env.CORS_ALLOW_CREDENTIALS;
  });

  test('none without CORS', () => {
    expect(corsHeaders(fromOrigin('https://shop.example.com'))).toEqual({});
  });

  test('any origin when the API allows *', () => {
    process.env.CORS_ALLOW_ORIGINS = '*';
    expect(corsHeaders({ headers: {} })).toEqual({ 'access-control-allow-origin': '*' });
  });

  test('the caller\'s origin when it is allowed, with credentials when they are', () => {
    process.env.CORS_ALLOW_ORIGINS = 'https://shop.example.com,https://admin.example.com';
    process.env.CORS_ALLOW_CREDENTIALS = 'true';
    expect(corsHeaders({ headers: { origin: 'https://admin.example.com' } })).toEqual({
      'access-control-allow-origin': 'https://admin.example.com',
      'vary': 'Origin',
      'access-control-allow-credentials': 'true',
    });
  });

  test('no origin header for an origin that is not allowed', () => {
    process.env.CORS_ALLOW_ORIGINS = 'https://shop.example.com';
    expect(corsHeaders(fromOrigin('https://evil.example.com'))).toEqual({ vary: 'Origin' });
  });

  test('apiHandler adds them to every answer, errors included', async () => {
    process.env.CORS_ALLOW_ORIGINS = 'https://shop.example.com';
    const handler = apiHandler(async () => {
      throw new NotFoundError('gone');
    });
    const response = await handler({ ...request(null), headers: { origin: 'https://shop.example.com' } }, context);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': 'https://shop.example.com', 'vary': 'Origin' });
  });
});
