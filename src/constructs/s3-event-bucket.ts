import { Annotations, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { createDeadLetterQueue, eventDelivery } from './event-delivery';
import { findingText } from './nag-finding';
import { createAccessLogsBucket, lifecycleErrors, secureBucketProps } from './s3-event-bucket-defaults';
import { keyFilterErrors, keyMatcher, prefixesOverlap, routesOverlap, workflowRouteErrors } from './s3-event-bucket-filters';
import { EventBucketProps, EventBucketRoute, EventBucketRouteProps, EventBucketWorkflowRoute, EventBucketWorkflowRouteProps } from './s3-event-bucket-props';

/** Who may write under which prefix, to refuse a write into a trigger of the writer. */
interface Write {
  readonly principal: iam.IPrincipal;
  readonly prefix: string;
}

/**
 * An S3 bucket whose objects trigger work (spec: S3 Event Processing): private, TLS only,
 * encrypted, versioned, with server access logs, retained on delete.
 *
 * `addRoute` invokes a function on the objects of a prefix and suffix through an S3
 * notification. `addWorkflowRoute` starts a state machine instead, for large files, through
 * EventBridge (S3 cannot notify Step Functions): a rule on the default bus that matches the
 * bucket, key and size, retries, and sends what it cannot start to a dead-letter queue.
 *
 * A function that writes back into the bucket must write outside the prefix that invokes it,
 * or each object it writes invokes it again: `grantPut` grants one prefix only and refuses a
 * prefix that overlaps a route of the same function (the `ServerlessPatterns-LambdaRecursion`
 * rule finds the same in the template).
 */
export class EventBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The bucket that receives the server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  private readonly _routes: EventBucketRoute[] = [];
  private readonly _workflowRoutes: EventBucketWorkflowRoute[] = [];
  private readonly writes: Write[] = [];
  private _workflowDeadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventBucketProps = {}) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    const settings = { ...props, versioned, removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN };
    const errors = lifecycleErrors(settings);
    if (props.accessLogsBucket && props.accessLogsExpireAfterDays !== undefined) {
      errors.push('Set `accessLogsBucket` or `accessLogsExpireAfterDays`, not both: the days apply to the bucket it creates.');
    }
    const logDays = props.accessLogsExpireAfterDays ?? 90;
    if (!Number.isInteger(logDays) || logDays < 1) {
      errors.push(`\`accessLogsExpireAfterDays\` must be a whole number of days, 1 or more; got ${logDays}.`);
    }
    this.fail(errors);

    this.bucket = new s3.Bucket(this, 'Bucket', secureBucketProps({
      ...settings,
      noncurrentVersionExpireAfterDays: settings.noncurrentVersionExpireAfterDays ?? (versioned ? 30 : undefined),
    }));
    this.accessLogsBucket = props.accessLogsBucket ?? createAccessLogsBucket(this, 'AccessLogs', logDays);
    this.logAccessTo(this.accessLogsBucket);
  }

  /** The S3 notifications added by `addRoute`. */
  public get routes(): EventBucketRoute[] {
    return [...this._routes];
  }

  /** The EventBridge rules added by `addWorkflowRoute`. */
  public get workflowRoutes(): EventBucketWorkflowRoute[] {
    return [...this._workflowRoutes];
  }

  /** Where the workflow routes without a queue of their own send what they could not start, once there is one. */
  public get workflowDeadLetterQueue(): sqs.IQueue | undefined {
    return this._workflowDeadLetterQueue;
  }

  /**
   * Invokes `handler` for the events of the objects under `prefix` ending in `suffix`.
   *
   * S3 invokes the function asynchronously: Lambda retries twice, then drops the event unless
   * the function has a dead-letter queue or an on-failure destination. The function is not
   * changed here: give it one (a `ServiceFunction`'s `deadLetterQueue`; a `Microservice`
   * function without route gets one). A `lambda.Function` without either gets a warning.
   */
  public addRoute(route: EventBucketRouteProps, handler: lambda.IFunction): EventBucketRoute {
    const added: EventBucketRoute = {
      prefix: route.prefix ?? '',
      suffix: route.suffix ?? '',
      events: route.events ?? [s3.EventType.OBJECT_CREATED],
      handler,
    };
    const errors = [...keyFilterErrors('prefix', route.prefix), ...keyFilterErrors('suffix', route.suffix)];
    if (added.events.length === 0) {
      errors.push('`events` must name at least one event type; leave it out for OBJECT_CREATED.');
    }
    const overlapping = this._routes.find((existing) => routesOverlap(existing, added));
    if (overlapping) {
      errors.push(`The route ${describe(added)} overlaps the route ${describe(overlapping)} to ${overlapping.handler.node.path}: S3 refuses two notifications that can match the same event. Narrow the prefix or suffix.`);
    }
    const write = this.writes.find((w) => w.principal === handler.grantPrincipal && prefixesOverlap(w.prefix, added.prefix));
    if (write) {
      errors.push(`${handler.node.path} may write under '${write.prefix}' (\`grantPut\`), which overlaps the route's prefix '${added.prefix}': each object it writes would invoke it again. Write outside the prefix that invokes it.`);
    }
    this.fail(errors, 'route');

    // no filter at all for any key: CDK refuses a filter with neither prefix nor suffix
    const filters = added.prefix || added.suffix ? [{ prefix: added.prefix || undefined, suffix: added.suffix || undefined }] : [];
    for (const event of added.events) {
      this.bucket.addEventNotification(event, new s3n.LambdaDestination(handler), ...filters);
    }
    this._routes.push(added);
    this.acknowledgeNotificationsHandler();
    this.warnWithoutFailureDestination(handler);
    return added;
  }

  /**
   * Starts `stateMachine` when an object is created under `prefix`, ending in `suffix`, of at
   * least `minSizeBytes`: the bucket sends its events to EventBridge, and a rule on the default
   * bus matches `aws.s3` `Object Created` events of this bucket by `detail.object.key` and
   * `detail.object.size`.
   */
  public addWorkflowRoute(route: EventBucketWorkflowRouteProps, stateMachine: sfn.IStateMachine): events.Rule {
    this.fail(workflowRouteErrors(route), 'workflow route');
    const prefix = route.prefix ?? '';
    const suffix = route.suffix ?? '';
    this.bucket.enableEventBridgeNotification();
    this.acknowledgeNotificationsHandler();

    const object: { [field: string]: unknown[] } = {};
    const key = keyMatcher(prefix, suffix);
    if (key) {
      object.key = [key];
    }
    if (route.minSizeBytes !== undefined) {
      object.size = [{ numeric: ['>=', route.minSizeBytes] }];
    }
    const inputPath = route.inputPath ?? '$.detail';
    const rule = new events.Rule(this, `WorkflowRoute${this._workflowRoutes.length + 1}`, {
      description: `Objects created in ${this.node.path} ${describe({ prefix, suffix })} start ${stateMachine.node.path}`.slice(0, 512),
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [this.bucket.bucketName] }, ...(Object.keys(object).length > 0 ? { object } : {}) },
      },
      targets: [new targets.SfnStateMachine(stateMachine, {
        input: inputPath === '$' ? undefined : events.RuleTargetInput.fromEventPath(inputPath),
        deadLetterQueue: route.deadLetterQueue ?? this.workflowDeadLetterQueueOf(),
        ...eventDelivery(route),
      })],
    });
    this._workflowRoutes.push({ prefix, suffix, minSizeBytes: route.minSizeBytes, stateMachine, rule });
    return rule;
  }

  /**
   * Lets `grantee` read the objects under `prefix` (`s3:GetObject`, and decrypt with the key).
   *
   * @param prefix key prefix of the objects; empty for every object
   */
  public grantRead(grantee: iam.IGrantable, prefix: string = ''): iam.Grant {
    this.fail(keyFilterErrors('prefix', prefix), 'grantRead');
    const objects = this.bucket.arnForObjects(`${prefix}*`);
    const grant = iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [objects] });
    this.bucket.encryptionKey?.grant(grantee, 'kms:Decrypt');
    this.acknowledgeObjects(grantee, objects, `read the objects under '${prefix}' of ${this.node.path}`);
    return grant;
  }

  /**
   * Lets `grantee` write objects under `prefix` and nowhere else (`s3:PutObject`,
   * `s3:AbortMultipartUpload`, and encrypt with the key). Refuses a prefix that overlaps a
   * route of the same function: what it writes there would invoke it again.
   *
   * @param prefix key prefix of the objects, e.g. `processed/`; empty for every object
   */
  public grantPut(grantee: iam.IGrantable, prefix: string): iam.Grant {
    const errors = keyFilterErrors('prefix', prefix);
    const trigger = this._routes.find((route) => route.handler.grantPrincipal === grantee.grantPrincipal && prefixesOverlap(route.prefix, prefix));
    if (trigger) {
      errors.push(`'${prefix}' overlaps the prefix '${trigger.prefix}' whose objects invoke ${trigger.handler.node.path}: each object it writes would invoke it again. Write under a prefix outside '${trigger.prefix}', or to another bucket.`);
    }
    this.fail(errors, 'grantPut');
    const objects = this.bucket.arnForObjects(`${prefix}*`);
    const grant = iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resourceArns: [objects] });
    // multipart uploads read back the data key, hence Decrypt
    this.bucket.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.acknowledgeObjects(grantee, objects, `write objects under '${prefix}' of ${this.node.path}`);
    this.writes.push({ principal: grantee.grantPrincipal, prefix });
    return grant;
  }

  /**
   * Server access logs under a prefix named after this construct, delivered by the logging
   * service as the bucket policy allows (not by ACL: the buckets have ACLs disabled), and only
   * from this bucket of this account.
   */
  private logAccessTo(logs: s3.IBucket): void {
    const prefix = `${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}/`;
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: logs.bucketName, logFilePrefix: prefix };
    const { statementAdded } = logs.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    }));
    if (!statementAdded) {
      Annotations.of(this).addWarningV2('projen-serverless-patterns:eventBucketAccessLogsPolicy',
        `The policy of the imported \`accessLogsBucket\` must let logging.s3.amazonaws.com put objects under '${prefix}'.`);
    }
  }

  /** One dead-letter queue for all the workflow routes of the bucket, created with the first. */
  private workflowDeadLetterQueueOf(): sqs.Queue {
    return this._workflowDeadLetterQueue ??= createDeadLetterQueue(this, 'WorkflowDeadLetterQueue',
      `the rules that start workflows on the objects of ${this.node.path}`);
  }

  /** A grant on the objects under a prefix has to end in `*`: acknowledged by its exact finding id. */
  private acknowledgeObjects(grantee: iam.IGrantable, objects: string, what: string): void {
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      acknowledgeOnce(principal, `AwsSolutions-IAM5[Resource::${findingText(Stack.of(this).resolve(objects))}]`,
        `May ${what} only: a key prefix is granted as \`<prefix>*\`.`);
    }
  }

  /**
   * S3 notifications are set by CDK's custom resource, whose handler (one per stack) always
   * has the AWS managed basic execution role.
   */
  private acknowledgeNotificationsHandler(): void {
    const handler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) {
      return;
    }
    acknowledgeOnce(handler, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK\'s handler of Custom::S3BucketNotifications always attaches the AWS managed basic execution role, which lets it write its own logs.');
  }

  private warnWithoutFailureDestination(handler: lambda.IFunction): void {
    const fn = handler instanceof lambda.Alias ? handler.version.lambda : handler;
    if (!(fn instanceof lambda.Function) || fn.deadLetterQueue || fn.deadLetterTopic
      || handler.node.tryFindChild('EventInvokeConfig') || fn.node.tryFindChild('EventInvokeConfig')) {
      return;
    }
    Annotations.of(this).addWarningV2('projen-serverless-patterns:eventBucketRouteWithoutFailureDestination',
      `${fn.node.path} is invoked asynchronously by S3 but has no dead-letter queue or on-failure destination: events it fails on three times are lost.`);
  }

  private fail(errors: string[], what?: string): void {
    if (errors.length > 0) {
      const where = what ? `${this.node.path}: ${what}` : this.node.path;
      throw new Error(`${where}: ${errors.join(' ')}`);
    }
  }
}

/** Acknowledges `id` on `construct` unless it is already, as another route or grant may have. */
function acknowledgeOnce(construct: IConstruct, id: string, reason: string): void {
  const done = construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .some((entry) => Object.keys(entry.data as object).some((key) => key.endsWith(id)));
  if (!done) {
    Validations.of(construct).acknowledge({ id, reason });
  }
}

function describe(route: { prefix: string; suffix: string }): string {
  const parts = [route.prefix && `under '${route.prefix}'`, route.suffix && `ending in '${route.suffix}'`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'for any key';
}
