import { Names, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATA_DEFAULTS } from './data-defaults';
import { definedOnly } from '../defined-only';
import { columnErrors, createCatalogTable, nameErrors } from './data-lake-catalog';
import { DataLakeColumn, DataLakeFormat } from './data-lake-schema';
import { EventBucket } from './s3-event-bucket';
import { createAccessLogsBucket } from './s3-event-bucket-defaults';
import { keyFilterErrors } from './s3-event-bucket-filters';
import { EventBucketProps, EventBucketRoute } from './s3-event-bucket-props';


/**
 * Properties of a `ServerlessDataLake`.
 */
export interface ServerlessDataLakeProps {
  /**
   * The function that turns each raw object into a processed one. S3 invokes it
   * asynchronously: give it a dead-letter queue (a `Microservice` function without route has
   * one). It may read the raw objects under `rawPrefix` and write under `processedPrefix` of
   * the processed bucket, nothing else; a `lambda.Function` (or an alias of one) gets their
   * names as `PROCESSED_BUCKET` and `PROCESSED_PREFIX`.
   */
  readonly transform: lambda.IFunction;

  /**
   * Key prefix of the raw objects that invoke the transform.
   *
   * @default "incoming/"
   */
  readonly rawPrefix?: string;

  /**
   * Key suffix of the raw objects that invoke the transform, e.g. `.csv`.
   *
   * @default - any key
   */
  readonly rawSuffix?: string;

  /**
   * Key prefix, ending in `/`, under which the transform writes and the table reads.
   *
   * @default "processed/"
   */
  readonly processedPrefix?: string;

  /**
   * KMS key that encrypts the objects of the three buckets (SSE-KMS) and Athena's query results.
   *
   * @default - S3-managed keys (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Settings of the raw bucket, e.g. its lifecycle. Its `accessLogsBucket` or
   * `accessLogsExpireAfterDays` apply to the logs bucket of all three.
   *
   * @default - the `EventBucket` defaults, with the lake's `encryptionKey`
   */
  readonly rawBucketProps?: EventBucketProps;

  /**
   * Settings of the processed bucket.
   *
   * @default - the `EventBucket` defaults, with the lake's `encryptionKey`
   */
  readonly processedBucketProps?: EventBucketProps;

  /**
   * Name of the Glue database.
   *
   * @default - derived from the construct path, in lowercase
   */
  readonly databaseName?: string;

  /**
   * Name of the table over the processed objects.
   *
   * @default "processed"
   */
  readonly tableName?: string;

  /**
   * The columns of the processed objects: with them, a Glue table over `processedPrefix`
   * that Athena queries, with this schema and no crawler.
   *
   * @default - no table: only the database
   */
  readonly columns?: DataLakeColumn[];

  /**
   * Partition columns, Hive-style folders under `processedPrefix` (`year=2024/month=05/`).
   * Athena sees new partitions once they are added (`MSCK REPAIR TABLE`, `ALTER TABLE ADD PARTITION`).
   *
   * @default - not partitioned
   */
  readonly partitionKeys?: DataLakeColumn[];

  /**
   * The format of the processed objects.
   *
   * @default DataLakeFormat.JSON
   */
  readonly format?: DataLakeFormat;

  /**
   * Name of the Athena workgroup.
   *
   * @default - derived from the construct path
   */
  readonly workGroupName?: string;

  /**
   * Most bytes one query may scan before Athena cancels it, 10 MB or more: a cost guard.
   *
   * @default 100000000000 (100 GB, about USD 0.50 of scanning)
   */
  readonly bytesScannedCutoffPerQuery?: number;

  /**
   * Days Athena's query results are kept.
   *
   * @default 30
   */
  readonly queryResultsExpireAfterDays?: number;
}

/**
 * A serverless data lake (spec: Serverless Data Lake): raw objects uploaded under `rawPrefix`
 * invoke the transform, which writes to a separate processed bucket, catalogued in Glue and
 * queried with Athena in a workgroup of its own.
 *
 * The three buckets (raw, processed, query results) are `EventBucket`s: private, TLS only,
 * encrypted, retained on delete, with server access logs to one logs bucket. The
 * transform reads only the raw objects of its prefix and writes only under `processedPrefix`
 * of the processed bucket, so it cannot re-trigger itself. The workgroup enforces its settings
 * on every query: results encrypted in the results bucket, CloudWatch metrics, a per-query
 * scan limit.
 */
export class ServerlessDataLake extends Construct {
  /** The bucket of the raw objects. */
  public readonly rawBucket: EventBucket;
  /** The bucket of the processed objects, which the table reads. */
  public readonly processedBucket: EventBucket;
  /** The bucket of Athena's query results. */
  public readonly queryResultsBucket: EventBucket;
  /** The bucket that receives the server access logs of the three. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The S3 notification that invokes the transform. */
  public readonly transformRoute: EventBucketRoute;
  /** The Glue database. */
  public readonly database: glue.CfnDatabase;
  /** The name of the Glue database. */
  public readonly databaseName: string;
  /** The table over the processed objects, when the lake has `columns`. */
  public readonly table?: glue.CfnTable;
  /** The Athena workgroup. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** The name of the Athena workgroup. */
  public readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: ServerlessDataLakeProps) {
    super(scope, id);
    const rawPrefix = props.rawPrefix ?? DATA_DEFAULTS.rawPrefix;
    const processedPrefix = props.processedPrefix ?? DATA_DEFAULTS.processedPrefix;
    this.databaseName = props.databaseName ?? Names.uniqueResourceName(this, { maxLength: 255, separator: '_' }).toLowerCase();
    this.workGroupName = props.workGroupName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.check(props, processedPrefix);

    const { accessLogsExpireAfterDays, ...rawBucketProps } = props.rawBucketProps ?? {};
    this.accessLogsBucket = rawBucketProps.accessLogsBucket ?? createAccessLogsBucket(this, 'AccessLogs', accessLogsExpireAfterDays ?? 90);
    const shared = { encryptionKey: props.encryptionKey, accessLogsBucket: this.accessLogsBucket };
    this.rawBucket = new EventBucket(this, 'Raw', { ...shared, ...definedOnly(rawBucketProps) });
    this.processedBucket = new EventBucket(this, 'Processed', { ...shared, ...definedOnly(props.processedBucketProps ?? {}) });
    this.queryResultsBucket = new EventBucket(this, 'QueryResults', {
      ...shared,
      versioned: false,
      expireAfterDays: props.queryResultsExpireAfterDays ?? DATA_DEFAULTS.queryResultsExpireAfterDays,
    });

    this.transformRoute = this.rawBucket.addRoute({ prefix: rawPrefix, suffix: props.rawSuffix }, props.transform);
    this.rawBucket.grantRead(props.transform, rawPrefix);
    this.processedBucket.grantPut(props.transform, processedPrefix);
    const fn = props.transform instanceof lambda.Alias ? props.transform.version.lambda : props.transform;
    if (fn instanceof lambda.Function) {
      fn.addEnvironment('PROCESSED_BUCKET', this.processedBucket.bucket.bucketName);
      fn.addEnvironment('PROCESSED_PREFIX', processedPrefix);
    }

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Stack.of(this).account,
      databaseInput: { name: this.databaseName, description: `Data lake ${this.node.path}` },
    });
    if (props.columns) {
      this.table = createCatalogTable(this, 'Table', this.database, {
        databaseName: this.databaseName,
        tableName: props.tableName ?? 'processed',
        location: `s3://${this.processedBucket.bucket.bucketName}/${processedPrefix}`,
        columns: props.columns,
        partitionKeys: props.partitionKeys ?? [],
        format: props.format ?? DataLakeFormat.JSON,
      });
    }
    this.workGroup = this.createWorkGroup(props);
  }

  private createWorkGroup(props: ServerlessDataLakeProps): athena.CfnWorkGroup {
    const key = props.encryptionKey;
    return new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries of data lake ${this.node.path}`,
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? DATA_DEFAULTS.bytesScannedCutoffPerQuery,
        resultConfiguration: {
          outputLocation: `s3://${this.queryResultsBucket.bucket.bucketName}/`,
          encryptionConfiguration: key ? { encryptionOption: 'SSE_KMS', kmsKey: key.keyArn } : { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
  }

  /** Checks every option before any resource exists, and reports all problems together. */
  private check(props: ServerlessDataLakeProps, processedPrefix: string): void {
    const errors = [
      ...keyFilterErrors('rawPrefix', props.rawPrefix),
      ...keyFilterErrors('rawSuffix', props.rawSuffix),
      ...keyFilterErrors('processedPrefix', props.processedPrefix),
      ...nameErrors('databaseName', this.databaseName),
      ...nameErrors('tableName', props.tableName ?? 'processed'),
      ...columnErrors(props.columns, props.partitionKeys),
    ];
    const raw = props.rawBucketProps ?? {};
    if (raw.accessLogsBucket && raw.accessLogsExpireAfterDays !== undefined) {
      errors.push('Set `rawBucketProps.accessLogsBucket` or `rawBucketProps.accessLogsExpireAfterDays`, not both: the days apply to the bucket the lake creates.');
    }
    const logDays = raw.accessLogsExpireAfterDays;
    if (logDays !== undefined && (!Number.isInteger(logDays) || logDays < 1)) {
      errors.push(`\`rawBucketProps.accessLogsExpireAfterDays\` must be a whole number of days, 1 or more; got ${logDays}.`);
    }
    if (props.processedBucketProps?.accessLogsExpireAfterDays !== undefined) {
      errors.push('`processedBucketProps.accessLogsExpireAfterDays` has no bucket to apply to: the lake\'s buckets share one logs bucket, set by `rawBucketProps`.');
    }
    // one logs bucket and one key for the whole lake: Athena's results are encrypted with the lake's key
    for (const [field, which] of [['accessLogsBucket', 'set by `rawBucketProps.accessLogsBucket`'], ['encryptionKey', 'set by the lake\'s `encryptionKey`']] as const) {
      if (props.processedBucketProps?.[field] !== undefined) {
        errors.push(`\`processedBucketProps.${field}\` would set the processed bucket apart: the lake's buckets share one, ${which}.`);
      }
    }
    if (raw.encryptionKey !== undefined) {
      errors.push('`rawBucketProps.encryptionKey` would set the raw bucket apart: the lake\'s buckets and its query results share one key, set by the lake\'s `encryptionKey`.');
    }
    if (processedPrefix !== '' && !processedPrefix.endsWith('/')) {
      errors.push(`\`processedPrefix\` must end with \`/\` (the table reads a folder), or be empty; got '${processedPrefix}'.`);
    }
    if (!Token.isUnresolved(this.workGroupName) && !/^[a-zA-Z0-9._-]{1,128}$/.test(this.workGroupName)) {
      errors.push(`\`workGroupName\` must be 1-128 letters, digits, \`.\`, \`_\` and \`-\`; got '${this.workGroupName}'.`);
    }
    const cutoff = props.bytesScannedCutoffPerQuery;
    if (cutoff !== undefined && !Token.isUnresolved(cutoff) && (!Number.isInteger(cutoff) || cutoff < DATA_DEFAULTS.minBytesScannedCutoffPerQuery)) {
      errors.push(`\`bytesScannedCutoffPerQuery\` must be a whole number of bytes, ${DATA_DEFAULTS.minBytesScannedCutoffPerQuery} (10 MB) or more; got ${cutoff}.`);
    }
    const days = props.queryResultsExpireAfterDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
      errors.push(`\`queryResultsExpireAfterDays\` must be a whole number of days, 1 or more; got ${days}.`);
    }
    if (errors.length > 0) {
      throw new Error(`${this.node.path}: ${errors.join(' ')}`);
    }
  }
}
