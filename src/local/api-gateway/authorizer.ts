/**
 * A REST API's Lambda authorizer as API Gateway runs it: the event it sends (TOKEN or REQUEST),
 * how it reads the policy the function returns, and the cache of decisions by identity.
 *
 * @module
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { LocalHttpRequest } from './proxy-event';
import type { LocalAuthorizer } from '../local-app';

/** What the authorizer decided for a request. */
export type AuthorizerDecision =
  /** Allowed: the request goes on, with the principal and context in `requestContext.authorizer`. */
  | { readonly effect: 'allow'; readonly principalId: string; readonly context: Record<string, string | number | boolean | null | undefined> }
  /** 401 Unauthorized: no identity, or the function said `Unauthorized`. */
  | { readonly effect: 'unauthorized' }
  /** 403: the policy denies the method, explicitly or by allowing something else. */
  | { readonly effect: 'deny'; readonly explicit: boolean }
  /** 500: the function failed another way, or returned no policy. */
  | { readonly effect: 'error'; readonly message: string };

/** The identity source values of a request, as the authorizer names them; undefined when one is missing. */
export function identityOf(authorizer: LocalAuthorizer, request: LocalHttpRequest, query: URLSearchParams): string | undefined {
  const sources = authorizer.identitySource.split(',').map((source) => source.trim()).filter(Boolean);
  const values: string[] = [];
  for (const source of sources) {
    const header = /^method\.request\.header\.(.+)$/i.exec(source);
    const querystring = /^method\.request\.querystring\.(.+)$/i.exec(source);
    const value = header ? headerValue(request, header[1]) : querystring ? query.get(querystring[1]) ?? undefined : undefined;
    if (value === undefined || value === '') {
      return undefined;
    }
    values.push(value);
  }
  return values.join(',');
}

/** The ARN of a method as API Gateway gives it to the authorizer: `arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>`. */
export function methodArn(context: { region: string; account: string; apiId: string; stage: string }, method: string, path: string): string {
  return `arn:aws:execute-api:${context.region}:${context.account}:${context.apiId}/${context.stage}/${method.toUpperCase()}/${path.replace(/^\//, '')}`;
}

/** The event of a TOKEN authorizer. */
export function tokenEvent(token: string, arn: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: token, methodArn: arn };
}

/**
 * The event of a REQUEST authorizer: the request as the proxy event has it, with `methodArn`. Where the proxy
 * event has `null` (no path parameters, no stage variables, no query string), this event has `{}`, as AWS sends it.
 */
export function requestEvent(proxyEvent: Record<string, unknown>, arn: string): APIGatewayRequestAuthorizerEvent {
  const maps = ['pathParameters', 'stageVariables', 'queryStringParameters', 'multiValueQueryStringParameters'];
  const filled = Object.fromEntries(maps.map((name) => [name, proxyEvent[name] ?? {}]));
  return { ...proxyEvent, ...filled, type: 'REQUEST', methodArn: arn } as unknown as APIGatewayRequestAuthorizerEvent;
}

/**
 * The decision of a policy the function returned, for `arn`: an explicit Deny of a matching
 * resource wins, then an Allow; nothing matching denies. Resources match with `*` and `?` as IAM
 * does. A function that threw `Unauthorized` (its message) means 401.
 */
export function decide(outcome: { ok: true; result: unknown } | { ok: false; errorMessage: string }, arn: string): AuthorizerDecision {
  if (!outcome.ok) {
    return outcome.errorMessage === 'Unauthorized' ? { effect: 'unauthorized' } : { effect: 'error', message: outcome.errorMessage };
  }
  const result = outcome.result as Partial<APIGatewayAuthorizerResult> | null;
  const statements = result?.policyDocument?.Statement as PolicyStatement[] | undefined;
  if (!result || typeof result.principalId !== 'string' || !Array.isArray(statements)) {
    return { effect: 'error', message: 'the authorizer returned no principalId and policyDocument' };
  }
  const matching = statements.filter((statement) => actionsOf(statement).some((action) => matches(action, 'execute-api:Invoke'))
    && resourcesOf(statement).some((resource) => matches(resource, arn)));
  if (matching.some((statement) => statement.Effect === 'Deny')) {
    return { effect: 'deny', explicit: true };
  }
  if (!matching.some((statement) => statement.Effect === 'Allow')) {
    return { effect: 'deny', explicit: false };
  }
  return { effect: 'allow', principalId: result.principalId, context: { ...(result.context ?? {}) } };
}

/**
 * Decisions by identity, kept `resultsCacheTtlSeconds` as API Gateway keeps them: a cached policy
 * is evaluated again for each method it is used for, so a policy that allows one route only
 * denies the others from the cache, as it does on AWS.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, { readonly outcome: { ok: true; result: unknown }; readonly expires: number }>();

  constructor(private readonly ttlSeconds: number, private readonly now: () => number = Date.now) {}

  /** The cached result for the identity, if fresh. */
  public get(identity: string): { ok: true; result: unknown } | undefined {
    const entry = this.entries.get(identity);
    if (!entry || entry.expires <= this.now()) {
      this.entries.delete(identity);
      return undefined;
    }
    return entry.outcome;
  }

  /** Keeps a successful result (errors are not cached). */
  public set(identity: string, outcome: { ok: true; result: unknown }): void {
    if (this.ttlSeconds > 0) {
      this.entries.set(identity, { outcome, expires: this.now() + this.ttlSeconds * 1000 });
    }
  }
}

function headerValue(request: LocalHttpRequest, name: string): string | undefined {
  const key = Object.keys(request.headers).find((header) => header.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : request.headers[key];
  return typeof value === 'string' ? value : value?.[value.length - 1];
}

/** A statement as the authorizer's policy may write it; `NotAction` and `NotResource` are not read. */
interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
}

function actionsOf(statement: PolicyStatement): string[] {
  return ([] as string[]).concat(statement.Action ?? []);
}

function resourcesOf(statement: PolicyStatement): string[] {
  return ([] as string[]).concat(statement.Resource ?? []);
}

/** IAM's wildcard match: `*` any run, `?` one character, case-sensitive. */
function matches(pattern: string, value: string): boolean {
  const regex = pattern.split('').map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`).test(value);
}
