import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { authorize, VerifyToken } from './policy';
import { verifyToken } from './verify';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/**
 * The decision on a TOKEN authorizer request, whose `authorizationToken` is the identity
 * header's value. API Gateway answers 401 itself when the header is missing; the token is
 * checked by `verifyToken` in `./verify.ts`, where your code goes. The policy covers the whole
 * stage, as API Gateway caches it per token for every method (see `stageResource`).
 */
export async function authorizeToken(event: APIGatewayTokenAuthorizerEvent, verify: VerifyToken = verifyToken): Promise<APIGatewayAuthorizerResult> {
  return authorize(event.authorizationToken, event.methodArn, verify);
}

export const handler = observed(async (event: APIGatewayTokenAuthorizerEvent, context: Context): Promise<APIGatewayAuthorizerResult> => {
  logger.addContext(context);
  return authorizeToken(event);
});
