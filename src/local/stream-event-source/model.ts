/**
 * The data of a stream event source: the records of Kinesis streams and tables' streams as the
 * readers give them, the reader it polls, its hooks and options, and Lambda's on-failure record.
 *
 * @module
 */
import type { StreamRecord as DynamoDBStreamRecordData } from 'aws-lambda';
import { InvocationOutcome } from '../rest-api-server';

/** A record of a Kinesis data stream, as `GetRecords` gives it. */
export interface KinesisRecordData {
  readonly kind: 'kinesis';
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** When the stream received it, in milliseconds. */
  readonly arrivalMs: number;
}

/** A record of a DynamoDB table's stream, as Lambda sends it (binary values in base64, times in seconds). */
export interface DynamoDbRecordData {
  readonly kind: 'dynamodb';
  readonly sequenceNumber: string;
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** `Keys`, `NewImage`, `OldImage`, `SequenceNumber`, `SizeBytes`, `StreamViewType`, `ApproximateCreationDateTime` (seconds). */
  readonly dynamodb: DynamoDBStreamRecordData;
  /** `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }` for a removal by TTL. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
  /** When the change happened, in milliseconds, as well as it is known: what the record's age is counted from. */
  readonly arrivalMs: number;
}

/** A record of a stream. */
export type StreamRecordData = KinesisRecordData | DynamoDbRecordData;

/** A shard of a stream. */
export interface StreamShard {
  readonly shardId: string;
  /** The shard it was split or merged from: read to its end first, as Lambda does. */
  readonly parentShardId?: string;
}

/** Where to start reading a shard. */
export type ShardPosition =
  | { readonly type: 'TRIM_HORIZON' | 'LATEST' }
  /** Kinesis only: the first record that arrived at or after `timestamp` (Unix seconds). */
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: number }
  | { readonly type: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** What a `StreamEventSource` reads: a Kinesis stream or a table's stream, behind the calls Lambda's pollers make. */
export interface StreamReader {
  /** The stream's shards, open and closed (`ListShards`, `DescribeStream`). */
  shards(): Promise<StreamShard[]>;
  /** A shard iterator (`GetShardIterator`). */
  iterator(shardId: string, position: ShardPosition): Promise<string>;
  /** Up to `limit` records from `iterator` (`GetRecords`); `next` is undefined once a closed shard is read to its end. */
  read(iterator: string, limit: number): Promise<{ readonly records: StreamRecordData[]; readonly next?: string }>;
}

/** How a `StreamEventSource` reaches the function and the on-failure queue. */
export interface StreamEventSourceHooks {
  /** Invokes the function synchronously, as an event source mapping does; resolves to the request id and the outcome. */
  invoke(functionLogicalId: string, event: unknown): Promise<{ readonly requestId: string; readonly outcome: InvocationOutcome }>;
  /** Sends a message to a queue of the app, by logical id: the on-failure record of a batch given up on. */
  sendToQueue(queueLogicalId: string, body: string): unknown;
}

/** Options of a `StreamEventSource`. */
export interface StreamEventSourceOptions {
  /** The stream's ARN as the template names it: the events' `eventSourceARN` and the on-failure records' `streamArn`. */
  readonly streamArn: string;
  /** The function's ARN, for the on-failure records. */
  readonly functionArn: string;
  /**
   * The Kinesis records' `invokeIdentityArn`: the function's role.
   *
   * @default - a role of the local account named after the function
   */
  readonly invokeIdentityArn?: string;
  /** Receives one JSON entry per batch, retry, split and on-failure record. */
  readonly log?: (entry: object) => void;
  /**
   * How often a shard that had no new record is polled again. Lambda polls a Kinesis shard once a
   * second and a table's stream four times a second; local mode polls faster for quicker feedback.
   *
   * @default 100
   */
  readonly pollIntervalMs?: number;
  /**
   * The pause before the `retry`-th retry of a failed batch (1, 2, ...).
   *
   * @default - 100 ms, doubling, at most 2 s
   */
  readonly retryDelayMs?: (retry: number) => number;
  /**
   * Retries of a failed batch when the mapping says -1 (Lambda retries until the records expire
   * from the stream, a day or more, holding the shard back): locally it gives up after this
   * many, sends the on-failure record (`RetryAttemptsExhausted`) and says so in the log.
   *
   * @default 10
   */
  readonly unlimitedRetriesCap?: number;
  /**
   * How often the stream's shards are listed again, for shards created since (a resharding, a
   * table stream's new shard).
   *
   * @default 5000
   */
  readonly shardRefreshMs?: number;
  /** The clock of record ages and of the on-failure records' timestamps (polls and the batching window use real time). */
  readonly now?: () => number;
}

/** Lambda's on-failure record of a batch of a stream it gave up on. */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  /** The last invocation's response; absent when the records expired before any invocation. */
  readonly responseContext?: { readonly statusCode: number; readonly executedVersion: string; readonly functionError?: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo?: StreamBatchInfo;
  readonly DDBStreamBatchInfo?: StreamBatchInfo;
}

/** The records of a batch given up on: where they are in the stream, not the records themselves. */
export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}
