import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Properties of an `EventBucket`.
 */
export interface EventBucketProps {
  /**
   * Name of the bucket.
   *
   * @default - a name CloudFormation generates
   */
  readonly bucketName?: string;

  /**
   * KMS key that encrypts the objects (SSE-KMS, with an S3 Bucket Key); readers and writers
   * granted by `grantRead` and `grantPut` may use it.
   *
   * @default - S3-managed keys (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether overwritten and deleted objects keep their previous versions.
   *
   * @default true
   */
  readonly versioned?: boolean;

  /**
   * Days after which objects expire (are deleted, or become previous versions).
   *
   * @default - never
   */
  readonly expireAfterDays?: number;

  /**
   * Days after which objects move to S3 Standard-IA, 30 or more.
   *
   * @default - they stay in S3 Standard
   */
  readonly transitionToInfrequentAccessAfterDays?: number;

  /**
   * Days after which a previous version is deleted; only with `versioned`.
   *
   * @default 30
   */
  readonly noncurrentVersionExpireAfterDays?: number;

  /**
   * Bucket that receives the server access logs, under a prefix of this bucket's own; another
   * `EventBucket`'s `accessLogsBucket`, for example.
   *
   * @default - a bucket of its own: SSE-S3, private, TLS only, retained
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Days the bucket it creates keeps the access logs; only without `accessLogsBucket`.
   *
   * @default 90
   */
  readonly accessLogsExpireAfterDays?: number;

  /**
   * What CloudFormation does with the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The objects whose events invoke a function through an S3 notification.
 */
export interface EventBucketRouteProps {
  /**
   * Key prefix of the objects, e.g. `incoming/`. Matched literally: S3 filters have no wildcards.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects, e.g. `.csv`. Matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * The events that invoke the function.
   *
   * @default [s3.EventType.OBJECT_CREATED]
   */
  readonly events?: s3.EventType[];
}

/**
 * The objects whose creation starts a state machine, through EventBridge.
 */
export interface EventBucketWorkflowRouteProps {
  /**
   * Key prefix of the objects, e.g. `large-files/`. Matched literally.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects, e.g. `.parquet`. Matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * Smallest object, in bytes, that starts the state machine: smaller ones are left to
   * other routes.
   *
   * @default - any size
   */
  readonly minSizeBytes?: number;

  /**
   * JSONPath of the part of the event the execution starts with; `$` for the whole event.
   * `$.detail` holds `bucket.name`, `object.key` and `object.size`.
   *
   * @default "$.detail"
   */
  readonly inputPath?: string;

  /**
   * Where EventBridge sends the events it could not start an execution with.
   *
   * @default - the bucket's `workflowDeadLetterQueue`: encrypted, TLS-only, kept 14 days
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * How many times EventBridge retries starting an execution (throttling, for example)
   * before it sends the event to the dead-letter queue, 0-185.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps retrying, 1 minute to 24 hours.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
}

/**
 * An S3 notification of an `EventBucket`: which objects invoke which function.
 */
export interface EventBucketRoute {
  /** Key prefix of the objects; empty for any key. */
  readonly prefix: string;
  /** Key suffix of the objects; empty for any key. */
  readonly suffix: string;
  /** The events that invoke the function. */
  readonly events: s3.EventType[];
  /** The function S3 invokes, asynchronously. */
  readonly handler: lambda.IFunction;
}

/**
 * An EventBridge rule of an `EventBucket`: which created objects start which state machine.
 */
export interface EventBucketWorkflowRoute {
  /** Key prefix of the objects; empty for any key. */
  readonly prefix: string;
  /** Key suffix of the objects; empty for any key. */
  readonly suffix: string;
  /**
   * Smallest object, in bytes, that starts the state machine.
   *
   * @default - any size
   */
  readonly minSizeBytes?: number;
  /** The state machine the rule starts. */
  readonly stateMachine: sfn.IStateMachine;
  /** The rule. */
  readonly rule: events.Rule;
}
