import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { authorizeRequest, handler, header } from '../../../src/handlers/authorizer/request';

const context = { functionName: 'authorizer', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/items';
const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*';

/** A REQUEST authorizer event with the headers given; the authorizer reads nothing else but `methodArn`. */
function requestEvent(headers: Record<string, string> | null): APIGatewayRequestAuthorizerEvent {
  const fields = { type: 'REQUEST', methodArn: METHOD_ARN, httpMethod: 'POST', path: '/items', headers } satisfies Partial<APIGatewayRequestAuthorizerEvent>;
  return fields as APIGatewayRequestAuthorizerEvent;
}

describe('header', () => {
  test.each(['Authorization', 'authorization', 'AUTHORIZATION'])('finds the header sent as %s', (name) => {
    expect(header(requestEvent({ [name]: 'Bearer t' }), 'Authorization')).toBe('Bearer t');
  });

  test('is undefined when the request has no headers', () => {
    expect(header(requestEvent(null), 'Authorization')).toBeUndefined();
  });
});

describe('authorizeRequest', () => {
  test('allows a verified token, whatever the case of the header name, on every method of the stage', async () => {
    const verify = jest.fn(async () => ({ id: 'user-1' }));
    const result = await authorizeRequest(requestEvent({ authorization: 'Bearer good-token' }), verify);
    expect(verify).toHaveBeenCalledWith('good-token');
    expect(result).toMatchObject({
      principalId: 'user-1',
      policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE }] },
    });
  });

  test('denies a token the verifier rejects', async () => {
    const result = await authorizeRequest(requestEvent({ Authorization: 'Bearer bad-token' }), async () => undefined);
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE }]);
  });

  test.each([
    ['no headers', null],
    ['no Authorization header', { 'x-api-key': 'k' }],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 for a request with %s', async (_case, headers) => {
    await expect(authorizeRequest(requestEvent(headers), jest.fn())).rejects.toThrow(new Error('Unauthorized'));
  });
});

describe('handler', () => {
  test('denies every token until verifyToken is written', async () => {
    const result = await handler(requestEvent({ Authorization: 'Bearer any-token' }), context);
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE }]);
  });
});
