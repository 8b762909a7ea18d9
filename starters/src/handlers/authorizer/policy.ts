import type { APIGatewayAuthorizerResult, APIGatewayAuthorizerResultContext, StatementEffect } from 'aws-lambda';
import { logger } from '../shared/logger';

/** The caller a valid token belongs to. */
export interface Principal {
  /** The caller's stable id, e.g. the token's `sub`: API Gateway's `principalId`. */
  readonly id: string;
  /**
   * A few flat values for the route's function, which reads them in
   * `event.requestContext.authorizer` (API Gateway turns them into strings).
   */
  readonly context?: APIGatewayAuthorizerResultContext;
}

/** Checks a bearer token: resolves to its principal when it is valid, to `undefined` when not. */
export type VerifyToken = (token: string) => Promise<Principal | undefined>;

/** The only error message API Gateway answers with 401; any other error is answered with 500. */
const UNAUTHORIZED = 'Unauthorized';

/** The token of an `Authorization` header value `Bearer <token>`, or the error answered with 401. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer +([\w.~+/-]+=*)$/i.exec(header?.trim() ?? '');
  if (!match) {
    logger.info('request without a bearer token');
    throw new Error(UNAUTHORIZED);
  }
  return match[1];
}

/**
 * Every method and path of the stage, from the ARN of the method called: for
 * `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path>`, the same ARN
 * with the method and the path replaced by wildcards.
 *
 * API Gateway caches the decision per token (for the authorizer's TTL, 300 s by default) and
 * reuses it for every method of the API. A policy on the method called only would answer the
 * same token's next call to another method with 403 until the cached policy expires.
 */
export function stageResource(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  if (!stage) {
    throw new Error(`not an API Gateway method ARN: '${methodArn}'`);
  }
  return `${api}/${stage}/*/*`;
}

/** A policy allowing or denying the principal every method of the stage of `methodArn`. */
export function stagePolicy(
  principalId: string,
  effect: StatementEffect,
  methodArn: string,
  context?: APIGatewayAuthorizerResultContext,
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: stageResource(methodArn) }],
    },
    context,
  };
}

/**
 * The decision on a request's `Authorization` header: 401 without a bearer token, an explicit
 * Deny (403) when `verify` rejects the token, an Allow with the principal when it accepts it.
 */
export async function authorize(header: string | undefined, methodArn: string, verify: VerifyToken): Promise<APIGatewayAuthorizerResult> {
  const principal = await verify(bearerToken(header));
  if (!principal) {
    logger.info('token rejected');
    return stagePolicy('anonymous', 'Deny', methodArn);
  }
  logger.info('token accepted', { principalId: principal.id });
  return stagePolicy(principal.id, 'Allow', methodArn, principal.context);
}
