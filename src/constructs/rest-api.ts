import { Aspects, Duration, Lazy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import {
  cacheSettings,
  checkTtl,
  CORS_ERROR_RESPONSES,
  corsErrorHeaders,
  corsPreflightOptions,
  identityHeaders,
  methodSettingsPath,
  pathParameters,
  queryParameters,
  routeName,
} from './rest-api-helpers';
import { AuthorizerType, RestApiAuthorizerProps, RestRouteProps, ServerlessRestApiProps } from './rest-api-options';
import { RoutePlacement } from './rest-api-placement';

export * from './rest-api-options';
export * from './rest-api-schemas';

/** Methods whose requests carry no body to validate. */
const BODILESS_METHODS = ['GET', 'HEAD', 'OPTIONS', 'DELETE'];

/** A cached route, as the stage's method settings need it. */
interface CachedRoute {
  readonly path: string;
  readonly method: string;
  readonly ttl: Duration;
}

/**
 * An API Gateway REST API with the spec's observability defaults (spec: Serverless API Backend,
 * Authorizer Pattern, Request Validation, Response Caching).
 *
 * Stage: X-Ray tracing, INFO execution logging, JSON access logs with the standard fields
 * into a log group of its own, detailed metrics, throttling (100 requests/s, bursts of 200).
 * Every route has a request validator that requires its path parameters and required query
 * parameters, and checks its body against its `requestSchema`. Data tracing (full request and
 * response bodies in the execution logs) is off unless asked for: it can write personal data and
 * secrets to logs. CORS preflight on every resource, and the CORS headers on API Gateway's own
 * error responses (`cors.errorResponses`). With an `authorizer`, routes are authorized unless
 * declared public; with a `cache`, GET routes are cached, keyed by their parameters and the
 * caller's identity.
 */
export class ServerlessRestApi extends Construct {
  /** The REST API. */
  public readonly api: apigateway.RestApi;
  /** The log group that receives the stage's JSON access logs. */
  public readonly accessLogGroup: logs.LogGroup;
  /** Validates the required parameters (and, with a model, the body) of every route before Lambda runs. */
  public readonly requestValidator: apigateway.RequestValidator;
  /** The Lambda authorizer of the routes, if the API has one. */
  public readonly authorizer?: apigateway.IAuthorizer;
  /**
   * Origins CORS allows (empty without CORS): a route's function answers with the matching
   * `Access-Control-Allow-Origin`, as a Lambda proxy integration must.
   */
  public readonly corsAllowOrigins: string[];
  /** Whether CORS allows credentials. */
  public readonly corsAllowCredentials: boolean;
  /** The authorizer's identity headers. */
  private readonly identityHeaders: string[];
  private readonly defaultCacheTtl?: Duration;
  private readonly cachedRoutes: CachedRoute[] = [];
  private readonly routeNames = new Set<string>();
  private readonly placement: RoutePlacement;
  private authorizedRoutes = 0;

  constructor(scope: Construct, id: string, props: ServerlessRestApiProps = {}) {
    super(scope, id);
    const where = this.node.path;
    this.identityHeaders = props.authorizer ? identityHeaders(where, props.authorizer) : [];
    if (props.authorizer?.resultsCacheTtl) {
      checkTtl(where, '`authorizer.resultsCacheTtl`', props.authorizer.resultsCacheTtl);
    }
    const cors = corsPreflightOptions(where, props.cors, this.identityHeaders);
    this.corsAllowOrigins = [...(cors?.allowOrigins ?? [])];
    this.corsAllowCredentials = cors?.allowCredentials ?? false;
    const cache = props.cache && cacheSettings(where, props.cache);
    this.defaultCacheTtl = cache?.defaultTtl;

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName,
      cloudWatchRole: props.cloudWatchRole,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        tracingEnabled: props.tracingEnabled ?? true,
        loggingLevel: props.loggingLevel ?? apigateway.MethodLoggingLevel.INFO,
        dataTraceEnabled: props.dataTraceEnabled ?? false,
        metricsEnabled: props.metricsEnabled ?? true,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
        // Stage-wide caching stays off: a route is cached only once addRoute has set its cache keys.
        ...(cache && {
          cacheClusterEnabled: true,
          cacheClusterSize: cache.clusterSize,
          cachingEnabled: false,
          cacheTtl: cache.defaultTtl,
          cacheDataEncrypted: true,
        }),
      },
      defaultCorsPreflightOptions: cors,
    });
    this.placement = new RoutePlacement(this, this.api);
    if (cors && props.cors?.errorResponses !== false) {
      // API Gateway's own errors (authorizer, validator, throttling) reach no handler that could add CORS
      const responseHeaders = corsErrorHeaders(cors);
      for (const type of CORS_ERROR_RESPONSES) {
        this.api.addGatewayResponse(`Cors${type.responseType}`, { type, responseHeaders });
      }
    }
    this.requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level role API Gateway needs to write execution logs; AWS maintains this policy for exactly that use.',
      });
    }
    if (props.authorizer) {
      this.authorizer = this.addAuthorizer(props.authorizer);
    }
    if (cache) {
      this.addRouteMethodSettings();
    }
  }

  /** The URL of the deployment stage. */
  public get url(): string {
    return this.api.url;
  }

  /**
   * Routes `route` to `handler` through a Lambda proxy integration, in the handler's stack (see
   * `addMethod`). API Gateway invokes the handler with a role of the stack that may invoke the
   * functions of its routes and nothing else, rather than through a Lambda permission per method.
   * (A handler whose timeout is longer than API Gateway's 29 s is reported by
   * `ServerlessPatterns-ApiTimeoutBeyondIntegration`.)
   */
  public addRoute(route: RestRouteProps, handler: lambda.IFunction): apigateway.Method {
    const httpMethod = route.method.toUpperCase();
    const where = `${this.node.path}: route ${httpMethod} ${route.path}`;
    const authorized = this.isAuthorized(route, where);
    const cacheTtl = this.cacheTtlOf(route, httpMethod, where);
    if (route.requestSchema && BODILESS_METHODS.includes(httpMethod)) {
      throw new Error(`${where}: \`requestSchema\` needs a method with a request body; ${httpMethod} has none. Use \`queryParameters\` instead.`);
    }
    const name = this.uniqueRouteName(httpMethod, route.path);

    const requestParameters = { ...pathParameters(route.path), ...queryParameters(route.queryParameters) };
    for (const header of cacheTtl ? this.cacheKeyHeaders(authorized) : []) {
      // a cache key must be a declared parameter; not required, it changes no validation
      requestParameters[`method.request.header.${header}`] = false;
    }
    const credentialsRole = this.placement.invokeRoleFor(handler);
    credentialsRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [handler.functionArn] }));
    const integration = new apigateway.AwsIntegration({
      proxy: true,
      service: 'lambda',
      path: `2015-03-31/functions/${handler.functionArn}/invocations`,
      options: {
        credentialsRole,
        ...(cacheTtl && { cacheKeyParameters: Object.keys(requestParameters), cacheNamespace: name }),
      },
    });
    const method = this.addMethod(handler, route.path, httpMethod, integration, {
      requestValidator: this.requestValidator,
      requestParameters,
      authorizer: authorized ? this.authorizer : undefined,
      requestModels: route.requestSchema && { $default: this.addRequestModel(handler, name, route.requestSchema) },
      // The proxy integration passes the handler's Cache-Control header through to the caller.
      methodResponses: cacheTtl && [{ statusCode: '200', responseParameters: { 'method.response.header.Cache-Control': true } }],
    });
    if (authorized) {
      this.authorizedRoutes++;
    }
    if (cacheTtl) {
      this.cachedRoutes.push({ path: route.path, method: httpMethod, ttl: cacheTtl });
    }
    this.acknowledgeAuthorization(method, `${httpMethod} ${route.path}`, route.authorize, authorized);
    return method;
  }

  /**
   * Adds a method on the resource of `path` (created if missing) in the stack of `scope`: in a
   * service's nested stack, its routes stay in it. Every method is the API's own, so the
   * deployment includes it and waits for its stack.
   */
  public addMethod(
    scope: IConstruct,
    path: string,
    httpMethod: string,
    integration: apigateway.Integration,
    options: apigateway.MethodOptions = {},
  ): apigateway.Method {
    return this.placement.addMethod(scope, path, httpMethod, integration, options);
  }

  /** Adds a model of the API in the stack of `scope` (see `addMethod`). */
  public addModel(scope: IConstruct, id: string, props: apigateway.ModelOptions): apigateway.Model {
    return this.placement.addModel(scope, id, props);
  }

  private addAuthorizer(props: RestApiAuthorizerProps): apigateway.IAuthorizer {
    const identitySources = this.identityHeaders.map((header) => apigateway.IdentitySource.header(header));
    const resultsCacheTtl = props.resultsCacheTtl ?? Duration.minutes(5);
    const authorizer = props.type === AuthorizerType.REQUEST
      ? new apigateway.RequestAuthorizer(this, 'Authorizer', { handler: props.handler, identitySources, resultsCacheTtl })
      : new apigateway.TokenAuthorizer(this, 'Authorizer', { handler: props.handler, identitySource: identitySources[0], resultsCacheTtl });
    // CDK cannot synthesize an authorizer no method uses, and fails on it before validations
    // run; an aspect runs first and names the prop to change.
    Aspects.of(this).add({
      visit: (node) => {
        // routes added by addRoute, and methods added by other constructs (QueueApi) with the authorizer
        const guarded = this.authorizedRoutes > 0 || this.api.methods.some((method) =>
          (method.node.defaultChild as apigateway.CfnMethod).authorizationType === apigateway.AuthorizationType.CUSTOM);
        if (node === this && !guarded) {
          throw new Error(`${this.node.path}: \`authorizer\` guards no route: add a route that is not declared public (\`authorize: false\`), or remove the authorizer.`);
        }
      },
    });
    return authorizer;
  }

  /**
   * The headers a cached response varies by, besides the route's parameters. On an authorized
   * route the caller's identity, so that one caller's cached response is never served to
   * another; with named CORS origins the `Origin`, which the handler's
   * `Access-Control-Allow-Origin` answers.
   */
  private cacheKeyHeaders(authorized: boolean): string[] {
    // named origins: the answer carries the caller's Origin (or none), so it is cached per Origin
    const namedOrigins = this.corsAllowOrigins.length > 0 && !this.corsAllowOrigins.includes('*');
    return [...(authorized ? this.identityHeaders : []), ...(namedOrigins ? ['Origin'] : [])];
  }

  private isAuthorized(route: RestRouteProps, where: string): boolean {
    if (route.authorize && !this.authorizer) {
      throw new Error(`${where}: \`authorize\` is true but the API has no \`authorizer\`.`);
    }
    return route.authorize ?? this.authorizer !== undefined;
  }

  /** How long the route's responses are cached, or undefined when they are not. */
  private cacheTtlOf(route: RestRouteProps, httpMethod: string, where: string): Duration | undefined {
    const { enabled, ttl } = route.cache ?? {};
    if (!this.defaultCacheTtl) {
      if (enabled || (enabled === undefined && ttl)) {
        throw new Error(`${where}: \`cache\` needs the API's \`cache\` (a cache cluster).`);
      }
      return undefined;
    }
    if (!(enabled ?? httpMethod === 'GET')) {
      return undefined;
    }
    if (ttl) {
      checkTtl(where, '`cache.ttl`', ttl);
    }
    return ttl ?? this.defaultCacheTtl;
  }

  private addRequestModel(scope: IConstruct, name: string, schema: apigateway.JsonSchema): apigateway.Model {
    return this.addModel(scope, `${name}Model`, {
      modelName: `${name}Request`,
      contentType: 'application/json',
      schema,
    });
  }

  /** `PostItemsById`, once per API: model names and cache namespaces must not collide. */
  private uniqueRouteName(httpMethod: string, path: string): string {
    const base = routeName(httpMethod, path);
    let name = base;
    for (let n = 2; this.routeNames.has(name); n++) {
      name = `${base}${n}`;
    }
    this.routeNames.add(name);
    return name;
  }

  /** cdk-nag reports every method without a Cognito authorizer (COG4) or without any (APIG4). */
  private acknowledgeAuthorization(method: apigateway.Method, where: string, authorize: boolean | undefined, authorized: boolean): void {
    if (authorized) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `${where} is authorized by the API's Lambda authorizer; a Cognito user pool authorizer is not the only way to authorize.`,
      });
    } else if (authorize === false) {
      const reason = `${where} is declared public (\`authorize: false\`).`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    }
  }

  /**
   * Routes are added after the stage exists: their method settings go into the stage's
   * `MethodSettings` when the template is written, each a copy of the stage-wide entry (resource
   * path `/*`, method `*`: logging, metrics, throttling) with the route's caching.
   */
  private addRouteMethodSettings(): void {
    const stage = this.api.deploymentStage.node.defaultChild as apigateway.CfnStage;
    const rendered = (stage.methodSettings ?? []) as apigateway.CfnStage.MethodSettingProperty[];
    const stageWide = rendered.find((setting) => setting.resourcePath === '/*' && setting.httpMethod === '*');
    stage.methodSettings = Lazy.any({
      produce: () => [
        ...rendered,
        ...this.cachedRoutes.map((route): apigateway.CfnStage.MethodSettingProperty => ({
          ...stageWide,
          resourcePath: methodSettingsPath(route.path),
          httpMethod: route.method,
          cachingEnabled: true,
          cacheTtlInSeconds: route.ttl.toSeconds(),
          cacheDataEncrypted: true,
        })),
      ],
    });
  }
}
