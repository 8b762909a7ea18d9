import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { apiHandler, json, NotFoundError, parseJsonObject } from '../../../src/handlers/shared/http';

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
