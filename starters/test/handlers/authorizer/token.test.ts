import type { APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { authorizeToken, handler } from '../../../src/handlers/authorizer/token';

const context = { functionName: 'authorizer', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/items';
const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*';

/** A TOKEN authorizer event: `authorizationToken` is the identity header's value. */
function tokenEvent(authorizationToken: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn: METHOD_ARN };
}

describe('authorizeToken', () => {
  test('allows a verified token on every method of the stage', async () => {
    // Prepare
    const verify = jest.fn(async () => ({ id: 'user-1', context: { scope: 'items:read' } }));

    // Act
    const result = await authorizeToken(tokenEvent('Bearer good-token'), verify);

    // Assert
    expect(verify).toHaveBeenCalledWith('good-token');
    expect(result).toMatchObject({
      principalId: 'user-1',
      policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE }] },
      context: { scope: 'items:read' },
    });
  });

  test('denies a token the verifier rejects', async () => {
    const result = await authorizeToken(tokenEvent('Bearer bad-token'), async () => undefined);
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE }]);
  });

  test.each(['', 'Basic dXNlcjpwYXNz', 'good-token'])('answers 401 for the header %p', async (header) => {
    await expect(authorizeToken(tokenEvent(header), jest.fn())).rejects.toThrow(new Error('Unauthorized'));
  });
});

describe('handler', () => {
  test('denies every token until verifyToken is written', async () => {
    const result = await handler(tokenEvent('Bearer any-token'), context);
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE }]);
  });
});
