import { DataLakeColumn, DataLakeFormat } from '../../constructs/data-lake-schema';

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
