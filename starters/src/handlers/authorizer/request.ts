import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { authorize, VerifyToken } from './policy';
import { verifyToken } from './verify';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The header that carries the caller's token (the authorizer's identity source). */
const IDENTITY_HEADER = 'Authorization';

/** A header of the request, whatever the case of its name. */
export function header(event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/**
 * The decision on a REQUEST authorizer request: the bearer token of the identity header,
 * checked by `verifyToken` in `./verify.ts`, where your code goes.
 *
 * API Gateway caches the decision per identity source (the header), for every method of the
 * stage. If you decide on more than the token (the path, the method, a query parameter), add
 * those to the authorizer's identity sources or set its cache TTL to 0.
 */
export async function authorizeRequest(
  event: APIGatewayRequestAuthorizerEvent,
  verify: VerifyToken = verifyToken,
): Promise<APIGatewayAuthorizerResult> {
  return authorize(header(event, IDENTITY_HEADER), event.methodArn, verify);
}

export const handler = observed(async (event: APIGatewayRequestAuthorizerEvent, context: Context): Promise<APIGatewayAuthorizerResult> => {
  logger.addContext(context);
  return authorizeRequest(event);
});
