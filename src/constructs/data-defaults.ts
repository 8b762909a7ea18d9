/**
 * The defaults of the data processing constructs (the spec's, where it gives them), in one place:
 * the constructs apply them and the project's options resolve to them, so the generated code
 * writes out only what differs.
 */
export const DATA_DEFAULTS = {
  /** `StreamConsumer`: records per batch. */
  streamBatchSize: 100,
  /** `StreamConsumer`: seconds Lambda gathers records. */
  streamBatchingWindowSeconds: 5,
  /** `StreamConsumer`: retries of a failed batch. */
  streamRetryAttempts: 3,
  /** `StreamConsumer`: age after which a record goes to the failure queue. */
  streamMaxRecordAgeSeconds: 3600,
  /** `QueueApi`: messages per batch of the consumer. */
  queueBatchSize: 10,
  /** `QueueApi`: receives before the dead-letter queue. */
  queueMaxReceiveCount: 3,
  /** `QueueApi`: days the queue keeps a message. */
  queueRetentionDays: 4,
  /** `ServerlessKinesisStream`: hours a record is kept, Kinesis's least. */
  kinesisRetentionHours: 24,
  /** `ServerlessDataLake`: prefix of the raw objects that invoke the transform. */
  rawPrefix: 'incoming/',
  /** `ServerlessDataLake`: prefix of the processed objects. */
  processedPrefix: 'processed/',
  /** `ServerlessDataLake`: bytes one Athena query may scan. */
  bytesScannedCutoffPerQuery: 100_000_000_000,
  /** `ServerlessDataLake`: Athena's smallest per-query scan limit, 10 MB. */
  minBytesScannedCutoffPerQuery: 10_000_000,
  /** `ServerlessDataLake`: days query results are kept. */
  queryResultsExpireAfterDays: 30,
} as const;
