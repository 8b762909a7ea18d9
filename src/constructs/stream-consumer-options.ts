import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Properties of a `StreamConsumer`: the function, one source (`table` or `stream`), and how
 * the event source mapping reads it.
 */
export interface StreamConsumerProps {
  /**
   * The function that processes the batches: a `ServiceFunction`'s `invocable`, or any function.
   * It may read the source, and send to the failure queue; nothing else is granted.
   */
  readonly handler: lambda.IFunction;

  /**
   * The DynamoDB table whose stream is read (spec: DynamoDB Streams Processing). The table
   * must have a stream: create it with `stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES`
   * (or another view type), or import it with `tableStreamArn`. Set `table` or `stream`, not both.
   *
   * @default - `stream` is read
   */
  readonly table?: dynamodb.ITable;

  /**
   * The Kinesis data stream that is read (spec: Kinesis Stream Processing), e.g. a
   * `ServerlessKinesisStream`. Set `table` or `stream`, not both.
   *
   * @default - the stream of `table` is read
   */
  readonly stream?: kinesis.IStream;

  /**
   * Most records in one invocation, 1-10000.
   *
   * @default 100
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers records before it invokes with fewer than `batchSize`, up to 5
   * minutes: fewer, fuller invocations for a few seconds of latency.
   *
   * @default Duration.seconds(5)
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Whether a failed batch is split in two and each half retried, so that one bad record
   * holds back fewer good ones (splitting does not count against `retryAttempts`).
   *
   * @default true
   */
  readonly bisectBatchOnError?: boolean;

  /**
   * How many times a failed batch is retried before it goes to the failure queue, 0-10000.
   * A shard is read in order, so a batch that keeps failing holds the shard back: retries are
   * bounded rather than Lambda's default of retrying until the records expire.
   *
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * Records older than this are not processed but sent to the failure queue, 1 minute to 7
   * days. One hour leaves 23 of the 24 hours a DynamoDB stream (and, by default, a Kinesis
   * stream) keeps a record to replay it from what the failure queue holds; Lambda's default,
   * no limit, lets a backlog run until records expire from the stream, lost without trace.
   * With `TRIM_HORIZON` on a stream that already holds older records, those go straight to
   * the failure queue.
   *
   * @default Duration.hours(1)
   */
  readonly maxRecordAge?: Duration;

  /**
   * Whether the handler reports the records that failed (`{ batchItemFailures: [{ itemIdentifier }] }`,
   * the sequence number of each), so that only those and the records after them are retried.
   * A handler that returns nothing has processed the whole batch.
   *
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;

  /**
   * Where a new mapping starts reading. `TRIM_HORIZON` (the oldest record) for a Kinesis
   * stream: the stream is the only copy of its records, and producers may write before the
   * mapping first polls. `LATEST` for a table: the table holds the current state, so a new
   * consumer that needs the past backfills from the table; `TRIM_HORIZON` would replay an
   * arbitrary slice of up to 24 hours of changes. `AT_TIMESTAMP` (Kinesis only) needs
   * `startingPositionTimestamp`.
   *
   * @default - StartingPosition.TRIM_HORIZON for `stream`, StartingPosition.LATEST for `table`
   */
  readonly startingPosition?: lambda.StartingPosition;

  /**
   * With `startingPosition` `AT_TIMESTAMP`: where to start, in Unix time seconds.
   *
   * @default - none
   */
  readonly startingPositionTimestamp?: number;

  /**
   * Batches processed at once per shard, 1-10; records of one partition key stay in order.
   *
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Event filtering patterns: a record is processed when it matches any of them, and dropped
   * (not retried, not sent anywhere) otherwise. Each is a pattern object as
   * `lambda.FilterCriteria.filter` takes, e.g. `{ eventName: lambda.FilterRule.isEqual('INSERT') }`
   * for a table, `{ data: { type: ['ORDER_PLACED'] } }` for a Kinesis stream of JSON records.
   *
   * @default - every record is processed
   */
  readonly filters?: { [key: string]: any }[];

  /**
   * Where Lambda sends a description of each batch it gives up on (source, shard, sequence
   * numbers: not the records, which stay in the stream until they expire).
   *
   * @default - an SQS-encrypted, TLS-only queue that keeps messages 14 days
   */
  readonly failureQueue?: sqs.IQueue;

  /**
   * Whether the function reads a Kinesis stream through an enhanced fan-out consumer of its
   * own (a dedicated 2 MB/s per shard, pushed over HTTP/2) rather than sharing the shard's
   * read throughput with every other consumer: for a stream with several consumers, or for
   * lower latency. Each consumer costs by the hour and by the GB read. Not for a `table`.
   *
   * @default false
   */
  readonly enhancedFanOut?: boolean;

  /**
   * Name of the enhanced fan-out consumer, unique per stream; only with `enhancedFanOut`.
   *
   * @default - derived from the construct's path
   */
  readonly consumerName?: string;
}
