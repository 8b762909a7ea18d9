import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handleBody, handler } from '../../../src/handlers/generic/validated-api';

const context = { functionName: 'validated-api', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** A body the route's schema accepts, and one it rejects in each of its fields. */
const VALID_BODY = { name: 'Ada Lovelace', email: 'ada@example.com' };
const INVALID_BODY = { name: '', email: 42 };

/** A POST of `body`, as API Gateway's proxy integration passes it; the handler reads nothing else. */
function post(body: string | null): APIGatewayProxyEvent {
  const fields = { httpMethod: 'POST', path: '/', body, isBase64Encoded: false } satisfies Partial<APIGatewayProxyEvent>;
  return fields as APIGatewayProxyEvent;
}

describe('handleBody', () => {
  test('answers 200 with what it received', async () => {
    await expect(handleBody(VALID_BODY)).resolves.toEqual({ statusCode: 200, body: { received: VALID_BODY } });
  });
});

describe('handler', () => {
  test('answers a valid body', async () => {
    const response = await handler(post(JSON.stringify(VALID_BODY)), context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: VALID_BODY });
  });

  test('answers 400 naming every invalid field', async () => {
    // Act
    const response = await handler(post(JSON.stringify(INVALID_BODY)), context);

    // Assert
    const { message } = JSON.parse(response.body);
    expect(response.statusCode).toBe(400);
    expect(message).toMatch(/^request body is invalid: /);
    for (const field of Object.keys(INVALID_BODY)) {
      expect(message).toContain(`'${field}'`);
    }
  });

  test.each([
    ['no body', null, 'request body is required'],
    ['a body that is not JSON', 'name=Ada', 'request body must be valid JSON'],
  ])('answers 400 to %s', async (_case, body, message) => {
    const response = await handler(post(body), context);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ message });
  });
});
