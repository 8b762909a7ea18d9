import { Annotations, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DATA_DEFAULTS } from './data-defaults';
import { createDeadLetterQueue } from './event-delivery';
import { InlinePolicyRole } from './inline-policy-role';
import { queueApiResponses } from './queue-api-responses';
import { ServerlessRestApi } from './rest-api';
import { pathParameters, routeName } from './rest-api-helpers';
import { acknowledgeSynchronousInvocation, functionTimeout, PropErrors, waitForAlias } from './stream-consumer-helpers';

/** Methods whose request carries a body: the body is the message. */
const METHODS_WITH_BODY = ['POST', 'PUT', 'PATCH'];
/** SQS's default visibility timeout, for a queue without a consumer here. */
const SQS_DEFAULT_VISIBILITY = Duration.seconds(30);
/** Lambda's advice: a message stays invisible for six timeouts of its consumer, so throttled retries do not make it visible again mid-batch. */
const VISIBILITY_PER_TIMEOUT = 6;

/**
 * Properties of a `QueueApi`.
 */
export interface QueueApiProps {
  /** The API the route is added to. */
  readonly api: ServerlessRestApi;

  /** Resource path starting with `/`, e.g. `/orders`; `{name}` path parameters are required but not queued. */
  readonly path: string;

  /**
   * HTTP method: POST, PUT or PATCH (the request body is the message).
   *
   * @default "POST"
   */
  readonly method?: string;

  /**
   * JSON schema of the request body (see `RequestSchemas`): API Gateway answers 400, and
   * queues nothing, when the body does not match.
   *
   * @default - any JSON body is queued
   */
  readonly bodySchema?: apigateway.JsonSchema;

  /**
   * Whether the API's authorizer guards the route; `false` declares the route public. `true`
   * on an API without `authorizer` is an error.
   *
   * @default - true when the API has an `authorizer`
   */
  readonly authorize?: boolean;

  /**
   * The function that processes the queued messages, in batches; it should report the messages
   * that failed (`{ batchItemFailures: [{ itemIdentifier: messageId }] }`).
   *
   * @default - none: read the queue (`queue`) yourself
   */
  readonly consumer?: lambda.IFunction;

  /**
   * Most messages in one invocation of `consumer`: 1-10, or up to 10000 with a `maxBatchingWindow`.
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers messages before it invokes `consumer` with fewer than `batchSize`, up to 5 minutes.
   *
   * @default - none: as soon as messages are available
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Most concurrent invocations of `consumer` by this queue, 2-1000: protects what the consumer
   * calls, without the throttling that reserved concurrency would cause.
   *
   * @default - limited only by the function's and the account's concurrency
   */
  readonly maxConcurrency?: number;

  /**
   * How long a received message stays invisible to other receivers, up to 12 hours; at least
   * six times the timeout of `consumer`.
   *
   * @default - six times the timeout of `consumer`; 30 seconds without one
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How many times a message is received (and fails) before it moves to the dead-letter queue, 1-1000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the queue keeps a message, 1 minute to 14 days. The dead-letter queue keeps 14
   * days, counted from when the message was first queued.
   *
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;
}

/**
 * An API route that queues its request body in SQS, with no Lambda function in the request
 * path (spec: API Gateway + SQS Integration): API Gateway validates the body, sends it with
 * SQS's `SendMessage` under a role that may do that and nothing else, and answers with the
 * message id. The queue is SQS-encrypted and TLS-only, with a dead-letter queue that takes a
 * message after 3 failed receives; an optional consumer processes it in batches and reports
 * partial failures.
 */
export class QueueApi extends Construct {
  /** The queue the route sends to. */
  public readonly queue: sqs.Queue;
  /** Where messages go after `maxReceiveCount` failed receives. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The role API Gateway sends with: `sqs:SendMessage` on `queue`, nothing else, in its one inline policy. */
  public readonly role: InlinePolicyRole;
  /** The route's method. */
  public readonly method: apigateway.Method;
  /** The event source mapping of `consumer`, when there is one. */
  public readonly consumerMapping?: lambda.EventSourceMapping;

  constructor(scope: Construct, id: string, props: QueueApiProps) {
    super(scope, id);
    const httpMethod = (props.method ?? 'POST').toUpperCase();
    const { visibilityTimeout, authorized } = checkProps(this.node.path, props, httpMethod);

    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue', this.node.path, true);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? Duration.days(DATA_DEFAULTS.queueRetentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? DATA_DEFAULTS.queueMaxReceiveCount },
    });
    this.role = new InlinePolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: `API Gateway sends the requests of ${httpMethod} ${props.path} to ${this.node.path}/Queue`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));

    this.method = this.addMethod(props, httpMethod, authorized);
    if (props.consumer) {
      this.consumerMapping = this.addConsumer(props.consumer, props);
    }
  }

  private addMethod(props: QueueApiProps, httpMethod: string, authorized: boolean): apigateway.Method {
    const route = `${httpMethod} ${props.path}`;
    const { api } = props;
    const responses = queueApiResponses(`${this.node.path}: route ${route}`, {
      allowOrigins: api.corsAllowOrigins,
      allowCredentials: api.corsAllowCredentials,
    });
    const integration = new apigateway.AwsIntegration({
      service: 'sqs',
      path: `${Stack.of(this).account}/${this.queue.queueName}`,
      integrationHttpMethod: 'POST',
      options: {
        credentialsRole: this.role,
        // SQS's query protocol: a form post; a body of any other content type is refused (415)
        passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
        requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
        requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
        integrationResponses: responses.integrationResponses,
      },
    });
    const name = routeName(httpMethod, props.path);
    const model = props.bodySchema && api.addModel(this, `${name}QueueModel`, {
      modelName: `${name}Request`,
      contentType: 'application/json',
      schema: props.bodySchema,
    });
    const method = api.addMethod(this, props.path, httpMethod, integration, {
      requestValidator: api.requestValidator,
      requestParameters: pathParameters(props.path),
      requestModels: model && { 'application/json': model },
      authorizer: authorized ? api.authorizer : undefined,
      methodResponses: responses.methodResponses,
    });
    if (authorized) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: `${route} is authorized by the API's Lambda authorizer; a Cognito user pool authorizer is not the only way to authorize.`,
      });
    } else if (props.authorize === false) {
      const reason = `${route} is declared public (\`authorize: false\`).`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    }
    return method;
  }

  private addConsumer(consumer: lambda.IFunction, props: QueueApiProps): lambda.EventSourceMapping {
    const mapping = new lambda.EventSourceMapping(this, 'ConsumerMapping', {
      target: consumer,
      eventSourceArn: this.queue.queueArn,
      batchSize: props.batchSize ?? DATA_DEFAULTS.queueBatchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      maxConcurrency: props.maxConcurrency,
      reportBatchItemFailures: true,
    });
    waitForAlias(mapping, consumer);
    if (consumer.role) {
      this.queue.grantConsumeMessages(consumer);
    } else {
      Annotations.of(this).addWarningV2('projen-serverless-patterns:queueApiImportedConsumer',
        `\`consumer\` ${consumer.node.path} was imported without its role: grant it sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility and sqs:GetQueueAttributes on the queue yourself.`);
    }
    Validations.of(mapping).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: `Lambda offers no on-failure destination for an SQS source: a message of ${this.node.path}/Queue that fails ${props.maxReceiveCount ?? DATA_DEFAULTS.queueMaxReceiveCount} receives moves to its dead-letter queue (redrive policy).`,
    });
    acknowledgeSynchronousInvocation(this, consumer, `Invoked synchronously by the event source mapping of ${this.node.path}: failed messages go to the queue's dead-letter queue, not to the function's.`);
    return mapping;
  }
}

/** Fails on every prop that cannot work, naming each; returns the queue's visibility timeout and whether the route is authorized. */
function checkProps(where: string, props: QueueApiProps, httpMethod: string): { visibilityTimeout: Duration; authorized: boolean } {
  const errors = new PropErrors(where);
  if (!METHODS_WITH_BODY.includes(httpMethod)) {
    errors.add(`\`method\` must be ${METHODS_WITH_BODY.join(', ')}: the request body is the message; got ${httpMethod}.`);
  }
  if (!props.path.startsWith('/')) {
    errors.add(`\`path\` must start with '/'; got '${props.path}'.`);
  }
  if (props.authorize && !props.api.authorizer) {
    errors.add('`authorize` is true but the API has no `authorizer`.');
  }
  const consumerProps = { batchSize: props.batchSize, maxBatchingWindow: props.maxBatchingWindow, maxConcurrency: props.maxConcurrency };
  const withoutConsumer = Object.entries(consumerProps).filter(([, value]) => value !== undefined && !props.consumer).map(([name]) => `\`${name}\``);
  if (withoutConsumer.length > 0) {
    errors.add(`${withoutConsumer.join(', ')} ${withoutConsumer.length > 1 ? 'configure' : 'configures'} the \`consumer\`, which is not set.`);
  }
  const batchingWindow = props.maxBatchingWindow && !props.maxBatchingWindow.isUnresolved() && props.maxBatchingWindow.toSeconds() > 0;
  errors.wholeNumber('batchSize', props.batchSize, 1, 10000);
  if (!batchingWindow && props.batchSize !== undefined && props.batchSize > 10) {
    errors.add(`\`batchSize\` above 10 needs a \`maxBatchingWindow\` of at least 1 second; got ${props.batchSize} without one.`);
  }
  errors.duration('maxBatchingWindow', props.maxBatchingWindow, Duration.seconds(0), Duration.minutes(5));
  errors.wholeNumber('maxConcurrency', props.maxConcurrency, 2, 1000);
  errors.wholeNumber('maxReceiveCount', props.maxReceiveCount, 1, 1000);
  errors.duration('retentionPeriod', props.retentionPeriod, Duration.minutes(1), Duration.days(14));
  errors.duration('visibilityTimeout', props.visibilityTimeout, Duration.seconds(0), Duration.hours(12));
  const minimum = minimumVisibility(errors, props);
  if (minimum && props.visibilityTimeout && !props.visibilityTimeout.isUnresolved() && props.visibilityTimeout.toSeconds() < minimum.toSeconds()) {
    errors.add(`\`visibilityTimeout\` must be at least ${VISIBILITY_PER_TIMEOUT} times the timeout of \`consumer\` (${minimum.toHumanString()}); got ${props.visibilityTimeout.toHumanString()}.`);
  }
  errors.throwIfAny();
  return {
    visibilityTimeout: props.visibilityTimeout ?? minimum ?? SQS_DEFAULT_VISIBILITY,
    authorized: props.authorize ?? props.api.authorizer !== undefined,
  };
}

/** Six times the consumer's timeout; undefined without a consumer, or when its timeout is a token. */
function minimumVisibility(errors: PropErrors, props: QueueApiProps): Duration | undefined {
  if (!props.consumer) {
    return undefined;
  }
  const timeout = functionTimeout(props.consumer);
  if (!timeout) {
    if (!props.visibilityTimeout) {
      errors.add(`\`visibilityTimeout\` is needed: the timeout of \`consumer\` ${props.consumer.node.path} is not known here (an imported function); set it to at least ${VISIBILITY_PER_TIMEOUT} times that timeout.`);
    }
    return undefined;
  }
  return timeout.isUnresolved() ? undefined : Duration.seconds(VISIBILITY_PER_TIMEOUT * timeout.toSeconds());
}
