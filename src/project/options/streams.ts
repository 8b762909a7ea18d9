/** How a Kinesis data stream is billed and scaled. */
export enum KinesisStreamMode {
  /** Scales by itself; billed by the GB and the stream hour. */
  ON_DEMAND = 'ON_DEMAND',
  /** A fixed number of shards (`shardCount`), each 1 MB/s in and 2 MB/s out, billed by the hour. */
  PROVISIONED = 'PROVISIONED',
}

/** Where a new event source mapping starts reading a stream. */
export enum StreamStartingPosition {
  /** The oldest record the stream holds. */
  TRIM_HORIZON = 'TRIM_HORIZON',
  /** Only records written after the mapping was created. */
  LATEST = 'LATEST',
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
