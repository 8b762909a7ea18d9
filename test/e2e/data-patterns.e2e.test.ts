/**
 * The fourth fixture: an app created from the real tarball whose .projenrc.ts declares every data
 * processing pattern of the spec: S3 events with a write-back outside the trigger prefix, a
 * workflow started by large files, the Kinesis analytics + alerting fan-out, a table's stream,
 * API Gateway → SQS with an idempotent consumer, and a data lake. `npx projen build` must be
 * green: the starters' unit tests, the generated architecture tests and cdk-nag included.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addOptions, jestReport, bundleSizes, createApp, packPackage, run } from '../../scripts/sample-app';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-e2e-data-'));
const appDir = path.join(work, 'pipeline');

/** The options, as a user writes them in .projenrc.ts. */
const OPTIONS = `
  services: [{
    name: 'ingest',
    table: { partitionKey: { name: 'id' } },
    buckets: [{ name: 'uploads', expireAfterDays: 365 }],
    streams: [{ name: 'clicks', mode: KinesisStreamMode.PROVISIONED, shardCount: 2 }],
    queues: [{ name: 'orders', route: { path: '/orders', bodySchema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } }],
    functions: [
      { name: 'process-upload', objectEvents: { bucket: 'uploads', prefix: 'incoming/', suffix: '.csv' }, bucketWrites: [{ bucket: 'uploads', prefix: 'processed/' }] },
      { name: 'track', route: { method: HttpMethod.POST, path: '/clicks' }, streamWrites: ['clicks'] },
      { name: 'analytics', streamEvents: { stream: 'clicks' } },
      { name: 'alerting', streamEvents: { stream: 'clicks', enhancedFanOut: true } },
      { name: 'changes', streamEvents: { table: true, filters: [{ eventName: ['INSERT'] }] } },
      { name: 'fulfil', queueEvents: { queue: 'orders' } },
      { name: 'transform' },
    ],
    dataLake: { transform: 'transform', columns: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }] },
    workflows: [{
      name: 'large-file',
      trigger: { objectCreated: { bucket: 'uploads', prefix: 'large/', minSizeBytes: 104857600 } },
      steps: [{ name: 'split', type: WorkflowStepType.TASK }],
    }],
  }],`;

beforeAll(() => {
  createApp(packPackage(work), appDir);
  addOptions(appDir, ['HttpMethod', 'KinesisStreamMode', 'WorkflowStepType'], OPTIONS);
});

test('npx projen build is green: starters tested, architecture tests and cdk-nag pass, every source has a failure destination', () => {
  run('npx projen build', appDir);
  const template = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out/pipeline.template.json'), 'utf8'));
  const resources = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  // three stream consumers and the queue's consumer, each with an on-failure queue or the queue's redrive
  const mappings = ofType('AWS::Lambda::EventSourceMapping');
  expect(mappings).toHaveLength(4);
  expect(mappings.filter((mapping) => mapping.Properties.DestinationConfig?.OnFailure)).toHaveLength(3);
  expect(mappings.every((mapping) => mapping.Properties.FunctionResponseTypes?.includes('ReportBatchItemFailures'))).toBe(true);
  expect(ofType('AWS::Kinesis::StreamConsumer')).toHaveLength(1);
  expect(ofType('AWS::Glue::Table')).toHaveLength(1);
  expect(ofType('AWS::Athena::WorkGroup')[0].Properties.WorkGroupConfiguration.EnforceWorkGroupConfiguration).toBe(true);
  expect(ofType('AWS::DynamoDB::Table').some((table) => table.Properties.TimeToLiveSpecification?.AttributeName === 'expiration')).toBe(true);
  // the handler tests of the data starters ran in the build
  const report = jestReport(appDir, 'test/handlers');
  expect(report.numFailedTests).toBe(0);
  expect(report.testResults.map((file: { name: string }) => path.relative(appDir, file.name)).sort()).toEqual(expect.arrayContaining([
    'test/handlers/ingest/alerting.test.ts',
    'test/handlers/ingest/analytics.test.ts',
    'test/handlers/ingest/changes.test.ts',
    'test/handlers/ingest/fulfil.test.ts',
    'test/handlers/ingest/process-upload.test.ts',
    'test/handlers/ingest/s3-io.test.ts',
    'test/handlers/ingest/transform.test.ts',
  ]));
});

test('the data handlers bundle small: the SDK stays in the runtime, Powertools is tree-shaken', () => {
  const sizes = bundleSizes(appDir);
  const kib = (name: string) => Math.round(sizes[`assets/ingest/${name}/index.js`] / 1024);
  // printed for docs/benchmarks.md; the budget check of the bundle task is what fails the build
  console.log(Object.fromEntries(['process-upload', 'analytics', 'changes', 'fulfil', 'transform'].map((name) => [name, `${kib(name)} KiB`])));
  expect(kib('fulfil')).toBeGreaterThan(0);
});
