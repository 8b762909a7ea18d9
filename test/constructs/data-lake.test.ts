import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledged, fakeBundle, logicalId, roleStatements } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import { DataLakeFormat, Microservice, ServerlessDataLake, ServerlessDataLakeProps, ServiceFunction } from '../../src/constructs';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** The transform as a `Microservice` makes a function without route: with its own dead-letter queue. */
function transformIn(scope: Stack): ServiceFunction {
  return new Microservice(scope, 'Ingest', { serviceName: 'ingest' }).addFunction('Transform', { assetPath });
}

function lake(props: Partial<ServerlessDataLakeProps> = {}, scope: Stack = stack()): ServerlessDataLake {
  return new ServerlessDataLake(scope, 'Lake', { transform: transformIn(scope), ...props });
}


/** The S3 and KMS statements of the policies of `fn`'s role. */
function storageStatements(template: Template, fn: ServiceFunction): any[] {
  return roleStatements(template, logicalId(fn.role as IConstruct))
    .filter((statement: any) => [].concat(statement.Action).some((action: string) => /^(s3|kms|glue|athena):/.test(action)));
}

const columns = [{ name: 'order_id', type: 'string' }, { name: 'total', type: 'decimal(10,2)', comment: 'in EUR' }, { name: 'placed_at', type: 'timestamp' }];

describe('ServerlessDataLake defaults', () => {
  // GIVEN / WHEN
  const dataLake = lake({ columns, partitionKeys: [{ name: 'dt', type: 'string' }] });
  const scope = Stack.of(dataLake);
  const transform = scope.node.findChild('Ingest').node.findChild('Transform') as ServiceFunction;
  const template = Template.fromStack(scope);
  const bucketIds = [dataLake.rawBucket, dataLake.processedBucket, dataLake.queryResultsBucket].map((b) => logicalId(b.bucket));
  const [rawId, processedId, resultsId] = bucketIds;
  const objects = (bucketId: string, prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });

  test('raw, processed and query-result buckets, private, encrypted and retained, log to one logs bucket', () => {
    template.resourceCountIs('AWS::S3::Bucket', 4);
    const logsRef = { Ref: logicalId(dataLake.accessLogsBucket as s3.Bucket) };
    for (const id of bucketIds) {
      const bucket = template.toJSON().Resources[id];
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toEqual(expect.objectContaining({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: logsRef, LogFilePrefix: expect.any(String) },
      }));
    }
  });

  test('query results are not versioned and expire after 30 days', () => {
    const results = template.toJSON().Resources[resultsId].Properties;
    expect(results.VersioningConfiguration).toBeUndefined();
    expect(results.LifecycleConfiguration.Rules).toEqual([{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, ExpirationInDays: 30, Status: 'Enabled' }]);
  });

  test('uploads under incoming/ of the raw bucket invoke the transform', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: rawId },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [{
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(transform), 'Arn'] },
        }],
      },
    });
    expect(dataLake.transformRoute).toEqual({ prefix: 'incoming/', suffix: '', events: [s3.EventType.OBJECT_CREATED], handler: transform });
  });

  test('the transform reads the raw objects under incoming/ and writes under processed/ of the processed bucket: nothing else', () => {
    expect(storageStatements(template, transform)).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects(rawId, 'incoming/') },
      { Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Effect: 'Allow', Resource: objects(processedId, 'processed/') },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'ingest', PROCESSED_BUCKET: { Ref: processedId }, PROCESSED_PREFIX: 'processed/' } },
    });
  });

  test('a Glue database, and a JSON table over processed/ with the given columns and partitions', () => {
    template.hasResourceProperties('AWS::Glue::Database', {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseInput: { Name: dataLake.databaseName },
    });
    expect(dataLake.databaseName).toMatch(/^test_lake_[0-9a-f]{8}$/);
    template.hasResourceProperties('AWS::Glue::Table', {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: { Ref: scope.getLogicalId(dataLake.database) },
      TableInput: {
        Name: 'processed',
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'json', EXTERNAL: 'TRUE' },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        StorageDescriptor: {
          Location: { 'Fn::Join': ['', ['s3://', { Ref: processedId }, '/processed/']] },
          Columns: [{ Name: 'order_id', Type: 'string' }, { Name: 'total', Type: 'decimal(10,2)', Comment: 'in EUR' }, { Name: 'placed_at', Type: 'timestamp' }],
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        },
      },
    });
  });

  test('an Athena workgroup that enforces its settings: SSE-S3 results in the results bucket, CloudWatch metrics, a 100 GB scan limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: dataLake.workGroupName,
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 100_000_000_000,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: resultsId }, '/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          ExpectedBucketOwner: { Ref: 'AWS::AccountId' },
        },
      },
    });
    expect(dataLake.workGroupName).toMatch(/^Test-Lake-[0-9A-F]{8}$/);
  });

  test.each<[string, () => NagPack]>([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
    ['ServerlessPatterns', () => new ServerlessPatternsChecks()],
  ])('cdk-nag %s: no findings', (_name, pack) => {
    const findings = pack().validateScope(scope).violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  test('acknowledged precisely: the transform\'s two prefix grants by their ids, CDK\'s notifications handler for its managed policy', () => {
    // (X-Ray's `*`, in the role's own policy, is acknowledged with the role)
    expect(acknowledged(transform.role!)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'Serverless-LambdaStarPermissions',
      `AwsSolutions-IAM5[Resource::<${rawId}.Arn>/incoming/*]`,
      `AwsSolutions-IAM5[Resource::<${processedId}.Arn>/processed/*]`,
    ]);
    const handler = scope.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'))!;
    expect(acknowledged(handler)).toEqual(['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]']);
  });
});

describe('ServerlessDataLake options', () => {
  test('a KMS key encrypts the three buckets and Athena\'s results; the transform may use it', () => {
    // GIVEN
    const scope = stack();
    const key = new kms.Key(scope, 'Key', { enableKeyRotation: true });

    // WHEN
    const dataLake = lake({ encryptionKey: key }, scope);

    // THEN
    const template = Template.fromStack(scope);
    const keyArn = { 'Fn::GetAtt': [logicalId(key), 'Arn'] };
    for (const bucket of [dataLake.rawBucket, dataLake.processedBucket, dataLake.queryResultsBucket]) {
      expect(template.toJSON().Resources[logicalId(bucket.bucket)].Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }],
      });
    }
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: { ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: keyArn } } },
    });
    const transform = scope.node.findChild('Ingest').node.findChild('Transform') as ServiceFunction;
    expect(storageStatements(template, transform).filter((s) => [].concat(s.Action).some((a: string) => a.startsWith('kms:')))).toEqual([
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: keyArn },
    ]);
    expect(new AwsSolutionsChecks().validateScope(scope).violations.map((v) => v.ruleName)).toEqual([]);
  });

  test('prefixes, suffix, Parquet, names, scan limit and result retention as given', () => {
    const dataLake = lake({
      rawPrefix: 'landing/',
      rawSuffix: '.csv',
      processedPrefix: 'orders/',
      columns,
      format: DataLakeFormat.PARQUET,
      databaseName: 'shop',
      tableName: 'orders',
      workGroupName: 'shop-analysts',
      bytesScannedCutoffPerQuery: 10_000_000_000,
      queryResultsExpireAfterDays: 7,
    });
    const template = Template.fromStack(Stack.of(dataLake));
    const [notification] = Object.values(template.findResources('Custom::S3BucketNotifications')) as any[];
    const [config] = notification.Properties.NotificationConfiguration.LambdaFunctionConfigurations;
    expect([...config.Filter.Key.FilterRules].sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([{ Name: 'prefix', Value: 'landing/' }, { Name: 'suffix', Value: '.csv' }]);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'shop' } });
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: {
        Name: 'orders',
        Parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
        PartitionKeys: Match.absent(),
        StorageDescriptor: Match.objectLike({
          Location: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/orders/']] },
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        }),
      },
    });
    template.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'shop-analysts', WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 10_000_000_000 }) });
    template.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] } });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PROCESSED_PREFIX: 'orders/' }) } });
  });

  test('without columns, a database and no table', () => {
    const dataLake = lake();
    const template = Template.fromStack(Stack.of(dataLake));
    template.resourceCountIs('AWS::Glue::Database', 1);
    template.resourceCountIs('AWS::Glue::Table', 0);
    expect(dataLake.table).toBeUndefined();
  });

  test('bucket settings apply to their bucket; the logs bucket of rawBucketProps receives the logs of all three', () => {
    // GIVEN
    const scope = stack();
    const logs = new s3.Bucket(scope, 'CentralLogs');

    // WHEN
    const dataLake = lake({
      rawBucketProps: { accessLogsBucket: logs, transitionToInfrequentAccessAfterDays: 30 },
      processedBucketProps: { versioned: false },
    }, scope);

    // THEN
    const resources = Template.fromStack(scope).toJSON().Resources;
    const props = (bucket: s3.Bucket) => resources[logicalId(bucket)].Properties;
    expect(props(dataLake.rawBucket.bucket).LifecycleConfiguration.Rules[0].Transitions).toEqual([{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }]);
    expect(props(dataLake.processedBucket.bucket).VersioningConfiguration).toBeUndefined();
    for (const bucket of [dataLake.rawBucket, dataLake.processedBucket, dataLake.queryResultsBucket]) {
      expect(props(bucket.bucket).LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(logs) });
    }
    expect(Object.values(resources).filter((r: any) => r.Type === 'AWS::S3::Bucket')).toHaveLength(4);
  });

  test.each<[string, Partial<ServerlessDataLakeProps>, string]>([
    ['a processed prefix that is no folder', { processedPrefix: 'processed' },
      '`processedPrefix` must end with `/` (the table reads a folder), or be empty; got \'processed\'.'],
    ['a wildcard raw prefix', { rawPrefix: 'in/*' }, '`rawPrefix` is matched literally'],
    ['an upper-case database name', { databaseName: 'Shop' },
      '`databaseName` must be 1-255 lowercase letters, digits and underscores, as Athena requires; got \'Shop\'.'],
    ['a table name with a dash', { columns, tableName: 'orders-2024' }, '`tableName` must be 1-255 lowercase letters, digits and underscores'],
    ['an empty column list', { columns: [] }, '`columns` must name at least one column; leave it out for a lake without a table.'],
    ['partitions without columns', { partitionKeys: [{ name: 'dt', type: 'string' }] }, '`partitionKeys` partition the table of `columns`; give `columns` too.'],
    ['an unknown column type', { columns: [{ name: 'id', type: 'uuid' }] }, '`columns[0]`.type must be a Hive type such as string, bigint'],
    ['a column name with a capital', { columns: [{ name: 'orderId', type: 'string' }] },
      '`columns[0]`.name must be lowercase letters, digits and underscores, as Athena requires; got \'orderId\'.'],
    ['a partition key named like a column', { columns, partitionKeys: [{ name: 'total', type: 'string' }] }, '`partitionKeys[0]`.name \'total\' is used twice'],
    ['a scan limit under 10 MB', { bytesScannedCutoffPerQuery: 1_000_000 },
      '`bytesScannedCutoffPerQuery` must be a whole number of bytes, 10000000 (10 MB) or more; got 1000000.'],
    ['a workgroup name with a space', { workGroupName: 'shop analysts' }, '`workGroupName` must be 1-128 letters, digits'],
    ['results kept 0 days', { queryResultsExpireAfterDays: 0 }, '`queryResultsExpireAfterDays` must be a whole number of days, 1 or more; got 0.'],
    ['log days for the processed bucket', { processedBucketProps: { accessLogsExpireAfterDays: 30 } }, '`processedBucketProps.accessLogsExpireAfterDays` has no bucket to apply to'],
    ['a logs bucket of the processed bucket\'s own', { processedBucketProps: { accessLogsBucket: s3.Bucket.fromBucketName(new Stack(), 'Logs', 'other-logs') } },
      "`processedBucketProps.accessLogsBucket` would set the processed bucket apart: the lake's buckets share one, set by `rawBucketProps.accessLogsBucket`."],
    ['a key of the processed bucket\'s own', { processedBucketProps: { encryptionKey: kms.Key.fromKeyArn(new Stack(), 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1') } },
      "`processedBucketProps.encryptionKey` would set the processed bucket apart: the lake's buckets share one, set by the lake's `encryptionKey`."],
    ['a key of the raw bucket\'s own', { rawBucketProps: { encryptionKey: kms.Key.fromKeyArn(new Stack(), 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1') } },
      "`rawBucketProps.encryptionKey` would set the raw bucket apart: the lake's buckets and its query results share one key, set by the lake's `encryptionKey`."],
  ])('fails on %s, naming the option', (_case, props, message) => {
    expect(() => lake(props)).toThrow(`Test/Lake: ${message}`);
  });

  test('reports every problem at once', () => {
    expect(() => lake({ databaseName: 'Shop', processedPrefix: 'out' })).toThrow(/`databaseName` must .* `processedPrefix` must end with/);
  });
});
