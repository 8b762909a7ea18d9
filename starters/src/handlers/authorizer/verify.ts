import type { Principal } from './policy';

/**
 * Checks the caller's token: your code goes here. Resolve to the token's principal when it is
 * valid, to `undefined` when it is not (expired, bad signature, wrong audience...): the
 * authorizer then answers Deny. Throw only for failures that are not the token's fault; API
 * Gateway answers them with 500.
 *
 * Until you write it, every token is denied. To verify a JWT from Cognito or another OIDC
 * provider, add `aws-jwt-verify` to the app's dependencies and write, for example:
 *
 *   import { CognitoJwtVerifier } from 'aws-jwt-verify';
 *   import { requiredEnv } from '../shared/env';
 *
 *   // At module scope: the verifier keeps the pool's signing keys (JWKS) between invocations.
 *   const verifier = CognitoJwtVerifier.create({
 *     userPoolId: requiredEnv('USER_POOL_ID'),
 *     clientId: requiredEnv('USER_POOL_CLIENT_ID'),
 *     tokenUse: 'access',
 *   });
 *
 *   export async function verifyToken(token: string): Promise<Principal | undefined> {
 *     try {
 *       const payload = await verifier.verify(token);
 *       return { id: payload.sub, context: { scope: payload.scope ?? '' } };
 *     } catch {
 *       return undefined;
 *     }
 *   }
 *
 * Another OIDC provider: `JwtVerifier.create({ issuer, audience, jwksUri })` from the same package.
 */
export async function verifyToken(_token: string): Promise<Principal | undefined> {
  return undefined;
}
