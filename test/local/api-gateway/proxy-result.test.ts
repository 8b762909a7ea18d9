import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  accessDenied,
  endpointRequestTimedOut,
  GATEWAY_ERRORS,
  gatewayError,
  GatewayErrorKind,
  HttpResponse,
  INTEGRATION_TIMEOUT_MS,
  internalServerError,
  invalidRequestBody,
  lambdaRequestTooLong,
  MAX_LAMBDA_PAYLOAD_BYTES,
  MAX_REQUEST_PAYLOAD_BYTES,
  missingAuthenticationToken,
  requestTooLarge,
  toHttpResponse,
  unauthorized,
} from '../../../src/local/api-gateway/proxy-result';

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

const INTERNAL_SERVER_ERROR = {
  statusCode: 502,
  headers: {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': 'InternalServerErrorException',
    'x-amzn-RequestId': REQUEST_ID,
  },
  body: '{"message": "Internal server error"}',
};

/** `response` with its body as text, to compare. */
function readable(response: HttpResponse) {
  return { ...response, body: response.body.toString('utf8') };
}

describe('toHttpResponse', () => {
  test('maps a valid result: status, headers, body and the request id', () => {
    const result: APIGatewayProxyResult = {
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'location': '/items/42' },
      body: '{"id":"42","name":"café"}',
    };
    expect(readable(toHttpResponse(result, REQUEST_ID))).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'location': '/items/42', 'x-amzn-RequestId': REQUEST_ID },
      body: '{"id":"42","name":"café"}',
    });
  });

  test('gives the response a random request id unless given one', () => {
    const headers = toHttpResponse({ statusCode: 200, body: '' }).headers;
    expect(headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the request id replaces one the function set', () => {
    const response = toHttpResponse({ statusCode: 200, headers: { 'X-Amzn-RequestId': 'forged' }, body: '' }, REQUEST_ID);
    expect(response.headers).toEqual({ 'Content-Type': 'application/json', 'x-amzn-RequestId': REQUEST_ID });
  });

  test('Content-Type is application/json when the function sets none', () => {
    expect(toHttpResponse({ statusCode: 200, body: 'hello' }, REQUEST_ID).headers).toEqual({
      'Content-Type': 'application/json',
      'x-amzn-RequestId': REQUEST_ID,
    });
  });

  test.each([
    [{ statusCode: 204 }],
    [{ statusCode: 204, body: null }],
    [{ statusCode: 204, body: undefined }],
    [{ statusCode: 204, body: '' }],
  ])('an absent or empty body is empty: %j', (result) => {
    const response = toHttpResponse(result, REQUEST_ID);
    expect(response.statusCode).toBe(204);
    expect(response.body.length).toBe(0);
  });

  test('decodes a base64 body', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const response = toHttpResponse({
      statusCode: 200,
      headers: { 'Content-Type': 'image/png' },
      body: png.toString('base64'),
      isBase64Encoded: true,
    }, REQUEST_ID);
    expect(response.body.equals(png)).toBe(true);
    expect(response.headers['Content-Type']).toBe('image/png');
  });

  test.each([
    [false],
    [undefined],
  ])('sends the body as UTF-8 text with isBase64Encoded %j', (isBase64Encoded) => {
    const response = toHttpResponse({ statusCode: 200, body: 'aGVsbG8=', isBase64Encoded }, REQUEST_ID);
    expect(response.body.toString('utf8')).toBe('aGVsbG8=');
  });

  describe('headers', () => {
    test.each<[string, Partial<APIGatewayProxyResult>, Record<string, string | string[]>]>([
      [
        'multi-value headers, one header line per value',
        { multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'], 'Content-Type': ['text/plain'] } },
        { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'], 'Content-Type': 'text/plain' },
      ],
      [
        'headers and multi-value headers merged',
        { headers: { 'Content-Type': 'text/plain', 'X-Single': 'one' }, multiValueHeaders: { 'X-Multi': ['a', 'b'] } },
        { 'X-Multi': ['a', 'b'], 'Content-Type': 'text/plain', 'X-Single': 'one' },
      ],
      [
        'a name in both: the multi values, then the single one',
        { headers: { 'Content-Type': 'text/plain', 'X-Tag': 'c' }, multiValueHeaders: { 'X-Tag': ['a', 'b'] } },
        { 'X-Tag': ['a', 'b', 'c'], 'Content-Type': 'text/plain' },
      ],
      [
        'the same pair in both appears once',
        { headers: { 'Content-Type': 'text/plain', 'X-Tag': 'a' }, multiValueHeaders: { 'X-Tag': ['a', 'b'] } },
        { 'X-Tag': ['a', 'b'], 'Content-Type': 'text/plain' },
      ],
      [
        'names compared case-insensitively, the first spelling kept',
        { headers: { 'content-type': 'text/plain', 'x-tag': 'c' }, multiValueHeaders: { 'X-Tag': ['a'] } },
        { 'X-Tag': ['a', 'c'], 'content-type': 'text/plain' },
      ],
      [
        'repeated values of a multi-value header kept',
        { headers: { 'Content-Type': 'text/plain' }, multiValueHeaders: { 'Cache-Control': ['no-cache', 'no-cache'] } },
        { 'Cache-Control': ['no-cache', 'no-cache'], 'Content-Type': 'text/plain' },
      ],
      [
        'numbers and booleans as text',
        { headers: { 'Content-Type': 'text/plain', 'X-Count': 3, 'X-Flag': true }, multiValueHeaders: { 'X-Multi': [1, false] } },
        { 'X-Multi': ['1', 'false'], 'Content-Type': 'text/plain', 'X-Count': '3', 'X-Flag': 'true' },
      ],
      [
        'an empty multi-value header is no header',
        { headers: { 'Content-Type': 'text/plain' }, multiValueHeaders: { 'X-None': [] } },
        { 'Content-Type': 'text/plain' },
      ],
    ])('%s', (_, result, headers) => {
      const response = toHttpResponse({ statusCode: 200, body: 'ok', ...result }, REQUEST_ID);
      expect(response.headers).toEqual({ ...headers, 'x-amzn-RequestId': REQUEST_ID });
    });

    test('null or undefined header maps and values are absent', () => {
      const response = toHttpResponse({
        statusCode: 200,
        headers: { 'Content-Type': 'text/plain', 'X-Undefined': undefined, 'X-Null': null },
        multiValueHeaders: null,
        body: 'ok',
      }, REQUEST_ID);
      expect(response.headers).toEqual({ 'Content-Type': 'text/plain', 'x-amzn-RequestId': REQUEST_ID });
    });
  });

  test('ignores the fields API Gateway does not read', () => {
    const response = toHttpResponse({ statusCode: 200, body: 'ok', cookies: ['a=1'], extra: { deep: true } }, REQUEST_ID);
    expect(readable(response)).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': REQUEST_ID },
      body: 'ok',
    });
  });

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', '{"statusCode":200,"body":"ok"}'],
    ['a number', 200],
    ['a boolean', true],
    ['an array', [{ statusCode: 200, body: 'ok' }]],
    ['an empty object', {}],
    ['no statusCode', { body: 'ok' }],
    ['a string statusCode', { statusCode: '200', body: 'ok' }],
    ['a null statusCode', { statusCode: null, body: 'ok' }],
    ['a NaN statusCode', { statusCode: Number.NaN, body: 'ok' }],
    ['a fractional statusCode', { statusCode: 200.5, body: 'ok' }],
    ['a statusCode under 100', { statusCode: 99, body: 'ok' }],
    ['a statusCode over 599', { statusCode: 600, body: 'ok' }],
    ['an object body', { statusCode: 200, body: { message: 'ok' } }],
    ['an array body', { statusCode: 200, body: ['ok'] }],
    ['a number body', { statusCode: 200, body: 42 }],
    ['a boolean body', { statusCode: 200, body: true }],
    ['headers that are a string', { statusCode: 200, headers: 'Content-Type: text/plain', body: 'ok' }],
    ['headers that are an array', { statusCode: 200, headers: [['Content-Type', 'text/plain']], body: 'ok' }],
    ['a header value that is an object', { statusCode: 200, headers: { 'X-Object': { a: 1 } }, body: 'ok' }],
    ['a header value that is an array', { statusCode: 200, headers: { 'Set-Cookie': ['a=1'] }, body: 'ok' }],
    ['multi-value headers that are a string', { statusCode: 200, multiValueHeaders: 'X-Tag: a', body: 'ok' }],
    ['a multi-value header that is a string', { statusCode: 200, multiValueHeaders: { 'X-Tag': 'a' }, body: 'ok' }],
    ['a multi-value header with an object', { statusCode: 200, multiValueHeaders: { 'X-Tag': ['a', { b: 1 }] }, body: 'ok' }],
  ])('a malformed result, %s, is a 502 Internal server error', (_, result) => {
    expect(readable(toHttpResponse(result, REQUEST_ID))).toEqual(INTERNAL_SERVER_ERROR);
  });
});

describe("API Gateway's error answers", () => {
  test.each<[string, (requestId?: string) => HttpResponse, number, string, string]>([
    [
      'missingAuthenticationToken',
      missingAuthenticationToken,
      403,
      'MissingAuthenticationTokenException',
      '{"message":"Missing Authentication Token"}',
    ],
    ['unauthorized', unauthorized, 401, 'UnauthorizedException', '{"message":"Unauthorized"}'],
    [
      'accessDenied',
      accessDenied,
      403,
      'AccessDeniedException',
      '{"message":"User is not authorized to access this resource with an explicit deny"}',
    ],
    ['invalidRequestBody', invalidRequestBody, 400, 'BadRequestException', '{"message": "Invalid request body"}'],
    ['lambdaRequestTooLong', lambdaRequestTooLong, 413, 'BadRequestException', '{"message": "Request Too Long"}'],
    ['internalServerError', internalServerError, 502, 'InternalServerErrorException', '{"message": "Internal server error"}'],
    ['endpointRequestTimedOut', endpointRequestTimedOut, 504, 'InternalServerErrorException', '{"message": "Endpoint request timed out"}'],
  ])('%s: %d %s %s', (kind, answer, statusCode, errorType, body) => {
    const expected = {
      statusCode,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': errorType, 'x-amzn-RequestId': REQUEST_ID },
      body,
    };
    expect(readable(answer(REQUEST_ID))).toEqual(expected);
    expect(readable(gatewayError(kind as GatewayErrorKind, REQUEST_ID))).toEqual(expected);
    expect(JSON.parse(body)).toEqual({ message: expect.any(String) });
  });

  test('every kind is answered, each with a request id of its own unless given one', () => {
    for (const kind of Object.keys(GATEWAY_ERRORS) as GatewayErrorKind[]) {
      const first = gatewayError(kind).headers['x-amzn-RequestId'];
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(gatewayError(kind).headers['x-amzn-RequestId']).not.toBe(first);
    }
  });

  test('requestTooLarge: 413 in plain text, as API Gateway refuses a payload over 10 MB', () => {
    expect(readable(requestTooLarge(REQUEST_ID))).toEqual({
      statusCode: 413,
      headers: { 'Content-Type': 'text; charset=utf-8', 'x-amzn-RequestId': REQUEST_ID },
      body: 'HTTP content length exceeded 10485760 bytes.',
    });
  });

  test('the limits', () => {
    expect(MAX_REQUEST_PAYLOAD_BYTES).toBe(10_485_760);
    expect(MAX_LAMBDA_PAYLOAD_BYTES).toBe(6_291_456);
    expect(INTEGRATION_TIMEOUT_MS).toBe(29_000);
  });
});
