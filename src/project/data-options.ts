import { HttpMethod } from './options';
import { DataLakeColumn, DataLakeFormat } from '../constructs/data-lake-schema';

/** Events of an object that invoke a function. */
export enum ObjectEvent {
  /** An object was created or overwritten: put, post, copy or multipart upload. */
  CREATED = 'CREATED',
  /** An object was deleted, or a delete marker was created in a versioned bucket. */
  REMOVED = 'REMOVED',
}

/** How a Kinesis data stream is billed and scaled. */
export enum KinesisStreamMode {
  /** Scales by itself; billed by the GB and the stream hour. */
  ON_DEMAND = 'ON_DEMAND',
  /** A fixed number of shards (`shardCount`), each 1 MB/s in and 2 MB/s out, billed by the hour. */
  PROVISIONED = 'PROVISIONED',
}

/** What a DynamoDB stream record holds of the changed item. */
export enum TableStreamView {
  /** The item before and after the change: what most consumers need to see what changed. */
  NEW_AND_OLD_IMAGES = 'NEW_AND_OLD_IMAGES',
  /** The item after the change. */
  NEW_IMAGE = 'NEW_IMAGE',
  /** The item before the change. */
  OLD_IMAGE = 'OLD_IMAGE',
  /** Only the key attributes. */
  KEYS_ONLY = 'KEYS_ONLY',
}

/** Where a new event source mapping starts reading a stream. */
export enum StreamStartingPosition {
  /** The oldest record the stream holds. */
  TRIM_HORIZON = 'TRIM_HORIZON',
  /** Only records written after the mapping was created. */
  LATEST = 'LATEST',
}

/**
 * A bucket of a service (spec: S3 Event Processing): SSE-S3 encrypted, TLS only, public access
 * blocked, server access logs, kept when it leaves the stack.
 */
export interface BucketOptions {
  /** Name, kebab-case, unique in its service; the stack names the bucket itself. */
  readonly name: string;

  /**
   * Whether overwritten and deleted objects keep their previous versions (deleted after 30 days).
   *
   * @default true
   */
  readonly versioned?: boolean;

  /**
   * Days after which objects expire.
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
}

/** The objects of one of its service's buckets whose events invoke a function. */
export interface ObjectEventsOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * Key prefix of the objects, e.g. `incoming/`; matched literally.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects, e.g. `.csv`; matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * The events that invoke the function.
   *
   * @default [ObjectEvent.CREATED]
   */
  readonly events?: ObjectEvent[];
}

/** Objects a function may write: a bucket of its service, under a prefix. */
export interface BucketWriteOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * The key prefix it may write under, e.g. `processed/`. It must lie outside the prefix whose
   * events invoke the function itself: a function that writes where it is triggered invokes
   * itself, without end.
   */
  readonly prefix: string;
}

/** A Kinesis data stream of a service (spec: Kinesis Stream Processing), encrypted with KMS. */
export interface KinesisStreamOptions {
  /** Name, kebab-case, unique in its service; the stack names the stream itself. */
  readonly name: string;

  /**
   * How the stream is billed and scaled.
   *
   * @default KinesisStreamMode.ON_DEMAND
   */
  readonly mode?: KinesisStreamMode;

  /**
   * Number of shards; only with `mode` `PROVISIONED`.
   *
   * @default 1 with `PROVISIONED`
   */
  readonly shardCount?: number;

  /**
   * Hours the stream keeps a record, 24-8760.
   *
   * @default 24
   */
  readonly retentionHours?: number;
}

/**
 * The stream a function reads in batches (spec: DynamoDB Streams Processing and Kinesis Stream
 * Processing): its service's table's stream, or one of its service's Kinesis streams. Batches
 * that keep failing are described in a failure queue; the handler reports the records that failed.
 */
export interface StreamEventsOptions {
  /**
   * Whether the function reads its service's table's stream. Set `table` or `stream`.
   *
   * @default false
   */
  readonly table?: boolean;

  /**
   * The Kinesis stream it reads: a name from its service's `streams`. Set `table` or `stream`.
   *
   * @default - the table's stream
   */
  readonly stream?: string;

  /**
   * Most records in one invocation, 1-10000.
   *
   * @default 100
   */
  readonly batchSize?: number;

  /**
   * Seconds Lambda gathers records before it invokes with fewer than `batchSize`, 0-300.
   *
   * @default 5
   */
  readonly maxBatchingWindowSeconds?: number;

  /**
   * Whether a failed batch is split in two and each half retried.
   *
   * @default true
   */
  readonly bisectBatchOnError?: boolean;

  /**
   * How many times a failed batch is retried before it goes to the failure queue, 0-10000.
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * Seconds after which a record is no longer processed but described in the failure queue,
   * 60-604800.
   *
   * @default 3600
   */
  readonly maxRecordAgeSeconds?: number;

  /**
   * Where a new mapping starts reading.
   *
   * @default - TRIM_HORIZON for a Kinesis stream, LATEST for the table
   */
  readonly startingPosition?: StreamStartingPosition;

  /**
   * Batches processed at once per shard, 1-10.
   *
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Event filtering patterns, in EventBridge's pattern syntax: a record is processed when it
   * matches one of them and dropped otherwise, e.g. `{ eventName: ['INSERT'] }` for the table,
   * `{ data: { type: ['ORDER_PLACED'] } }` for a stream of JSON records.
   *
   * @default - every record is processed
   */
  readonly filters?: { [key: string]: any }[];

  /**
   * Whether the function reads a Kinesis stream through an enhanced fan-out consumer of its own
   * (2 MB/s per shard of its own, billed by the hour and the GB). Not for the table.
   *
   * @default false
   */
  readonly enhancedFanOut?: boolean;
}

/** The API route whose requests go straight to a queue, without a function in between. */
export interface QueueRouteOptions {
  /**
   * HTTP method: POST, PUT or PATCH (the request body is the message).
   *
   * @default HttpMethod.POST
   */
  readonly method?: HttpMethod;

  /** Resource path, e.g. `/orders`. */
  readonly path: string;

  /**
   * Whether the API's authorizer guards it; only with `api.authorizer`.
   *
   * @default - true when the API has an authorizer
   */
  readonly authorize?: boolean;

  /**
   * JSON schema (draft-04) of the body, inline: API Gateway rejects a body that does not fit
   * with 400 before it reaches the queue. Set it or `bodySchemaFile`.
   *
   * @default - the body is not validated
   */
  readonly bodySchema?: { [key: string]: any };

  /**
   * Project-relative path of the body's JSON schema file; a missing file starts from an example.
   *
   * @default - the body is not validated
   */
  readonly bodySchemaFile?: string;
}

/**
 * A queue fed by an API route (spec: API Gateway + SQS Integration): API Gateway sends each
 * request's body to the queue with a role allowed only `sqs:SendMessage` on it; the queue is
 * encrypted, with a dead-letter queue, and its consumer (a function with `queueEvents`) reads it
 * in batches.
 */
export interface QueueOptions {
  /** Name, kebab-case, unique in its service. */
  readonly name: string;

  /** The route of the app's REST API (or the service's own) whose requests it receives. */
  readonly route: QueueRouteOptions;

  /**
   * Seconds a received message stays invisible to other consumers; at least 6 times the
   * consumer's timeout.
   *
   * @default - 6 times the consumer's timeout
   */
  readonly visibilityTimeoutSeconds?: number;

  /**
   * Receives after which a message moves to the dead-letter queue, 1-1000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * Days the queue keeps a message, 1-14.
   *
   * @default 4
   */
  readonly retentionDays?: number;
}

/** The queue a function consumes, in batches, reporting the messages that failed. */
export interface QueueEventsOptions {
  /** The queue: a name from its service's `queues`. */
  readonly queue: string;

  /**
   * Most messages in one invocation, 1-10000 (over 10 needs a batching window).
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * Seconds Lambda gathers messages before it invokes with fewer than `batchSize`, 0-300.
   *
   * @default 0
   */
  readonly maxBatchingWindowSeconds?: number;

  /**
   * Most concurrent invocations the queue drives, 2-1000: protects what the consumer writes to.
   *
   * @default - no limit beyond the function's
   */
  readonly maxConcurrency?: number;
}

/** The workflow starts when an object is created in one of its service's buckets (large-file processing). */
export interface WorkflowObjectTriggerOptions {
  /** The bucket: a name from its service's `buckets`. */
  readonly bucket: string;

  /**
   * Key prefix of the objects; matched literally.
   *
   * @default - any key
   */
  readonly prefix?: string;

  /**
   * Key suffix of the objects; matched literally.
   *
   * @default - any key
   */
  readonly suffix?: string;

  /**
   * Smallest object, in bytes, that starts the workflow: smaller ones are left to functions.
   *
   * @default - any size
   */
  readonly minSizeBytes?: number;
}

/**
 * A service's data lake (spec: Serverless Data Lake): raw and processed buckets, a transform
 * function invoked on the raw prefix that writes to the processed bucket, a Glue database and
 * table over the processed objects, and an Athena workgroup with encrypted, enforced results.
 */
export interface DataLakeOptions {
  /** The function that transforms raw objects: a name from its service's `functions`, with no trigger of its own. */
  readonly transform: string;

  /**
   * Prefix of the raw objects that invoke the transform.
   *
   * @default "incoming/"
   */
  readonly rawPrefix?: string;

  /**
   * Suffix of the raw objects that invoke the transform, e.g. `.jsonl`.
   *
   * @default - any key
   */
  readonly rawSuffix?: string;

  /**
   * Prefix of the processed objects, a folder (`/` at the end) or empty.
   *
   * @default "processed/"
   */
  readonly processedPrefix?: string;

  /**
   * Columns of the Glue table over the processed objects.
   *
   * @default - no table: crawl or declare it later
   */
  readonly columns?: DataLakeColumn[];

  /**
   * Hive-style partition columns (`year=2024/`) of the table.
   *
   * @default - not partitioned
   */
  readonly partitionKeys?: DataLakeColumn[];

  /**
   * Format of the processed objects.
   *
   * @default DataLakeFormat.JSON
   */
  readonly format?: DataLakeFormat;

  /**
   * Most bytes one Athena query may scan, 10 MB or more: a runaway query's cost stops there.
   *
   * @default 100000000000
   */
  readonly bytesScannedCutoffPerQuery?: number;

  /**
   * Days Athena's query results are kept.
   *
   * @default 30
   */
  readonly queryResultsExpireAfterDays?: number;
}
