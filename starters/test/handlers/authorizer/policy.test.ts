import { authorize, bearerToken, Principal, stageResource } from '../../../src/handlers/authorizer/policy';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/items/42';
const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*';

/** A verifier that accepts only `good-token`, as the principal given. */
function acceptOnly(principal: Principal) {
  return async (token: string) => (token === 'good-token' ? principal : undefined);
}

describe('bearerToken', () => {
  test.each(['Bearer abc.def-ghi_jkl', 'bearer abc.def-ghi_jkl', '  Bearer   abc.def-ghi_jkl  '])('reads the token of %p', (header) => {
    expect(bearerToken(header)).toBe('abc.def-ghi_jkl');
  });

  test.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a scheme without a token', 'Bearer'],
    ['two tokens', 'Bearer a b'],
  ])('answers 401 (Unauthorized) for %s', (_case, header) => {
    expect(() => bearerToken(header)).toThrow(new Error('Unauthorized'));
  });
});

describe('stageResource', () => {
  test.each([
    METHOD_ARN,
    'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/',
    'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/DELETE/items/42/tags/7',
  ])('covers every method and path of the stage of %s', (methodArn) => {
    expect(stageResource(methodArn)).toBe(STAGE);
  });

  test('fails on an ARN that names no stage', () => {
    expect(() => stageResource('arn:aws:lambda:eu-west-1:123456789012:function:f')).toThrow(
      "not an API Gateway method ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:f'",
    );
  });
});

describe('authorize', () => {
  const principal: Principal = { id: 'user-1', context: { scope: 'items:read' } };

  test('allows a verified token on the whole stage, so the cached policy serves every method', async () => {
    await expect(authorize('Bearer good-token', METHOD_ARN, acceptOnly(principal))).resolves.toEqual({
      principalId: 'user-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: STAGE }],
      },
      context: { scope: 'items:read' },
    });
  });

  test('denies a token the verifier rejects with an explicit Deny', async () => {
    const result = await authorize('Bearer bad-token', METHOD_ARN, acceptOnly(principal));
    expect(result.principalId).toBe('anonymous');
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: STAGE }]);
    expect(result.context).toBeUndefined();
  });

  test('answers 401 without asking the verifier when there is no bearer token', async () => {
    const verify = jest.fn();
    await expect(authorize('Basic dXNlcjpwYXNz', METHOD_ARN, verify)).rejects.toThrow(new Error('Unauthorized'));
    expect(verify).not.toHaveBeenCalled();
  });

  test('lets a verifier failure through, which API Gateway answers with 500', async () => {
    const verify = async () => {
      throw new Error('JWKS endpoint unreachable');
    };
    await expect(authorize('Bearer good-token', METHOD_ARN, verify)).rejects.toThrow('JWKS endpoint unreachable');
  });
});
