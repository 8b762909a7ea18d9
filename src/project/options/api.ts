import { AuthorizerType, RestApiCorsProps } from '../../constructs/rest-api';
import { FunctionPreset } from '../../presets';

/** HTTP methods a route can answer. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
}

/** Level of the REST API's execution logs. */
export enum ApiLoggingLevel {
  /** Every request's execution steps, without bodies. */
  INFO = 'INFO',
  /** Only failed requests. */
  ERROR = 'ERROR',
  /** No execution logs; access logs are still written. */
  OFF = 'OFF',
}

/** Response caching of one route. */
export interface RouteCacheOptions {
  /**
   * Whether the route's responses are cached.
   *
   * @default - true for GET routes, false for the others, when the API has a `cache`
   */
  readonly enabled?: boolean;

  /**
   * Seconds a cached response is served, 0-3600; only for a cached route.
   *
   * @default - the API cache's `ttlSeconds`
   */
  readonly ttlSeconds?: number;
}

/** An API route that invokes a function. */
export interface RouteOptions {
  /** The HTTP method. */
  readonly method: HttpMethod;

  /** Resource path starting with `/`, with `{name}` path parameters, e.g. `/items/{id}`. */
  readonly path: string;

  /**
   * Whether the API's authorizer guards the route; `false` declares it public.
   *
   * @default - true when the API has an `authorizer`
   */
  readonly authorize?: boolean;

  /**
   * Query string parameters of the route, name to whether it is required. API Gateway rejects
   * a request without a required one; each is a cache key of a cached route.
   *
   * @default - none
   */
  readonly queryParameters?: { [name: string]: boolean };

  /**
   * Response caching of the route, when the API has a `cache`.
   *
   * @default - GET routes are cached with the API's TTL
   */
  readonly cache?: RouteCacheOptions;

  /**
   * JSON schema (draft-04, as API Gateway's models) of the request body, inline. API Gateway
   * rejects a body that does not match before the function runs; it is written to
   * `src/generated/schemas/<service>/<function>.json`, which the handler starter validates
   * with too.
   *
   * @default - the body is not validated
   */
  readonly bodySchema?: { [key: string]: any };

  /**
   * Path, from the project root, of a JSON schema file (draft-04) of the request body: as
   * `bodySchema`, kept in a file of yours. A missing file is created with a starter schema.
   *
   * @default - the body is not validated
   */
  readonly bodySchemaFile?: string;
}

/** Response caching of the REST API. */
export interface ApiCacheOptions {
  /**
   * Size of the cache cluster in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237.
   *
   * @default "0.5"
   */
  readonly clusterSizeGb?: string;

  /**
   * Seconds a cached response is served, 0-3600.
   *
   * @default 300
   */
  readonly ttlSeconds?: number;
}

/** The Lambda authorizer of the REST API; its handler is `src/handlers/authorizer/authorizer.ts`. */
export interface AuthorizerOptions {
  /**
   * TOKEN reads one header; REQUEST gets the whole request (headers, query, context).
   *
   * @default AuthorizerType.TOKEN
   */
  readonly type?: AuthorizerType;

  /**
   * The header that carries the caller's token.
   *
   * @default "Authorization"
   */
  readonly identityHeader?: string;

  /**
   * Seconds API Gateway caches the authorizer's decision per token, 0-3600.
   *
   * @default 300
   */
  readonly resultsCacheTtlSeconds?: number;

  /**
   * Workload preset of the authorizer function. API Gateway caches its decisions
   * (`resultsCacheTtlSeconds`), so most requests do not invoke it; `LATENCY_SENSITIVE` keeps
   * warm environments for the rest, at the price of provisioned concurrency.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;
}

/** The REST API the routes are on. */
export interface RestApiOptions {
  /**
   * Name of the deployment stage.
   *
   * @default "prod"
   */
  readonly stageName?: string;

  /**
   * Level of the execution logs.
   *
   * @default ApiLoggingLevel.INFO
   */
  readonly loggingLevel?: ApiLoggingLevel;

  /**
   * Whether execution logs hold full request and response bodies. Off by default in
   * production: bodies carry personal data, tokens and secrets into the logs.
   *
   * @default false
   */
  readonly dataTrace?: boolean;

  /**
   * Whether the stage sends detailed CloudWatch metrics.
   *
   * @default true
   */
  readonly metrics?: boolean;

  /**
   * Steady-state requests per second before API Gateway answers 429.
   *
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests accepted in a burst above the rate.
   *
   * @default 200
   */
  readonly throttlingBurstLimit?: number;

  /**
   * CORS of the API.
   *
   * @default - any origin, every method, the default headers and the authorizer's, no credentials
   */
  readonly cors?: RestApiCorsProps;

  /**
   * Response caching; GET routes are cached unless they opt out.
   *
   * @default - no cache
   */
  readonly cache?: ApiCacheOptions;

  /**
   * A Lambda authorizer, which guards every route that does not say `authorize: false`.
   *
   * @default - no authorizer: every route is public
   */
  readonly authorizer?: AuthorizerOptions;

  /**
   * Whether the first REST API creates the account-level role API Gateway writes execution logs
   * with (`AWS::ApiGateway::Account`). There is one such setting per account and region, which
   * two apps that both create it fight over: create it in one app of the account (or once by
   * hand), and leave it to that one elsewhere. Execution logs (`loggingLevel`) are written only
   * once the account has it; access logs need no role.
   *
   * @default - false with `recommendedFeatureFlags` (CDK's `@aws-cdk/aws-apigateway:disableCloudWatchRole`), true without
   */
  readonly cloudWatchRole?: boolean;
}
