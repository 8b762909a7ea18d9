/** The resolved data resources (buckets, streams, queues, data lake) and what functions do with them. */
import { DataLakeColumn, DataLakeFormat } from '../../constructs/data-lake-schema';
import { KinesisStreamMode, ObjectEvent, StreamStartingPosition } from '../options';

/** S3 object events that invoke a function. */
export interface ObjectEventsModel {
  readonly bucket: string;
  /** Empty for any key. */
  readonly prefix: string;
  /** Empty for any key. */
  readonly suffix: string;
  readonly events: ObjectEvent[];
}

/** A stream a function reads, with every default resolved. */
export interface StreamEventsModel {
  /** The Kinesis stream's name; undefined for the service's table's stream. */
  readonly stream?: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly startingPosition: StreamStartingPosition;
  readonly parallelizationFactor: number;
  readonly filters: { [key: string]: any }[];
  readonly enhancedFanOut: boolean;
}

/** A queue a function consumes, with every default resolved. */
export interface QueueEventsModel {
  readonly queue: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly maxConcurrency?: number;
}

/** A bucket of a service. */
export interface BucketModel {
  readonly name: string;
  /** `UploadsBucket`. */
  readonly constructId: string;
  /** `uploadsBucket`. */
  readonly propertyName: string;
  /** `BUCKET_NAME_UPLOADS`: the variable that names it to the functions that write to it. */
  readonly environmentVariable: string;
  readonly versioned: boolean;
  readonly expireAfterDays?: number;
  readonly transitionToInfrequentAccessAfterDays?: number;
}

/** A Kinesis stream of a service. */
export interface KinesisStreamModel {
  readonly name: string;
  /** `ClicksStream`. */
  readonly constructId: string;
  /** `clicksStream`. */
  readonly propertyName: string;
  /** `STREAM_NAME_CLICKS`: the variable that names it to the functions that write to it. */
  readonly environmentVariable: string;
  readonly mode: KinesisStreamMode;
  readonly shardCount?: number;
  readonly retentionHours: number;
}

/** A service's data lake with every default resolved. */
export interface DataLakeModel {
  /** The transform function's name. */
  readonly transform: string;
  readonly rawPrefix: string;
  /** Empty for any key. */
  readonly rawSuffix: string;
  readonly processedPrefix: string;
  readonly columns?: DataLakeColumn[];
  readonly partitionKeys: DataLakeColumn[];
  readonly format: DataLakeFormat;
  readonly bytesScannedCutoffPerQuery: number;
  readonly queryResultsExpireAfterDays: number;
}
