import { Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Properties of a `ServerlessRestApi`.
 */
export interface ServerlessRestApiProps {
  /**
   * Name of the REST API.
   *
   * @default - the construct's path
   */
  readonly restApiName?: string;

  /**
   * Name of the deployment stage.
   *
   * @default "prod"
   */
  readonly stageName?: string;

  /**
   * Origins allowed by the CORS preflight (`OPTIONS`) responses.
   *
   * Credentials are never allowed together with `*`.
   *
   * @default ["*"]
   */
  readonly corsAllowOrigins?: string[];

  /**
   * Whether the stage sends X-Ray traces.
   *
   * @default true
   */
  readonly tracingEnabled?: boolean;

  /**
   * Steady-state requests per second the stage accepts before it answers 429.
   *
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests the stage accepts in a burst above the rate.
   *
   * @default 200
   */
  readonly throttlingBurstLimit?: number;

  /**
   * Retention of the access log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

/**
 * A route of a `ServerlessRestApi`.
 */
export interface RestRouteProps {
  /** HTTP method, upper case: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`. */
  readonly method: string;
  /** Resource path starting with `/`, with `{name}` path parameters: `/items/{id}`. */
  readonly path: string;
}

/**
 * An API Gateway REST API with the spec's observability defaults.
 *
 * Stage: X-Ray tracing, INFO execution logging, JSON access logs with the standard fields
 * into a log group of its own, detailed metrics, throttling (100 requests/s, bursts of 200).
 * Every route has a request validator that requires its path parameters. Data tracing (full request and response
 * bodies in the execution logs) stays off: it can write personal data and secrets to logs.
 * CORS preflight on every resource.
 */
export class ServerlessRestApi extends Construct {
  /** The REST API. */
  public readonly api: apigateway.RestApi;
  /** The log group that receives the stage's JSON access logs. */
  public readonly accessLogGroup: logs.LogGroup;
  /** Validates the required parameters (and, with a model, the body) of every route before Lambda runs. */
  public readonly requestValidator: apigateway.RequestValidator;

  constructor(scope: Construct, id: string, props: ServerlessRestApiProps = {}) {
    super(scope, id);

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName,
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        tracingEnabled: props.tracingEnabled ?? true,
        loggingLevel: apigateway.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: props.corsAllowOrigins ?? apigateway.Cors.ALL_ORIGINS,
        allowMethods: apigateway.Cors.ALL_METHODS,
        allowHeaders: apigateway.Cors.DEFAULT_HEADERS,
        allowCredentials: false,
      },
    });
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
  }

  /** The URL of the deployment stage. */
  public get url(): string {
    return this.api.url;
  }

  /**
   * Routes `route` to `handler` through a Lambda proxy integration. (A handler whose timeout is
   * longer than API Gateway's 29 s is reported by `ServerlessPatterns-ApiTimeoutBeyondIntegration`.)
   */
  public addRoute(route: RestRouteProps, handler: lambda.IFunction): apigateway.Method {
    const resource = route.path === '/' ? this.api.root : this.api.root.resourceForPath(route.path);
    return resource.addMethod(route.method, new apigateway.LambdaIntegration(handler), {
      requestValidator: this.requestValidator,
      requestParameters: pathParameters(route.path),
    });
  }
}

/** `/items/{id}` → `{ 'method.request.path.id': true }`: the parameters the validator requires. */
function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries([...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map(([, name]) => [`method.request.path.${name}`, true]));
}
