/**
 * Kinesis on kinesalite, reached as the functions reach it: the AWS SDK v3's `KinesisClient` (HTTP/2 to an
 * `http://` endpoint) for PutRecords and GetRecords, local mode's reader (plain HTTP/1.1 JSON calls) and a
 * stream event source over it.
 */
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { startKinesis, LocalKinesis } from '../../src/local/kinesis';
import { LOCAL_ON_DEMAND_SHARDS, LocalEventSourceMapping, LocalKinesisStream } from '../../src/local/local-app';
import { StreamEventSource } from '../../src/local/stream-event-source';

const CLICKS: LocalKinesisStream = {
  logicalId: 'Clicks',
  name: 'shop-clicks',
  arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/shop-clicks',
  mode: 'ON_DEMAND',
  shardCount: LOCAL_ON_DEMAND_SHARDS,
  retentionHours: 48,
  consumers: [{ logicalId: 'Fanout', name: 'analytics', arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/shop-clicks/consumer/analytics:0' }],
};
const ORDERS: LocalKinesisStream = {
  logicalId: 'Orders', name: 'orders', arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders', mode: 'PROVISIONED', shardCount: 1, retentionHours: 24, consumers: [],
};

let kinesis: LocalKinesis;
let client: KinesisClient;

beforeAll(async () => {
  kinesis = await startKinesis([CLICKS, ORDERS]);
  client = new KinesisClient({ endpoint: kinesis.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client?.destroy();
  await kinesis?.close();
});

test('starts with the streams of the template: shards, retention, and what is not emulated', async () => {
  expect(kinesis.startupMs).toBeGreaterThan(0);
  const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: 'shop-clicks' }));
  expect(summary.StreamDescriptionSummary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 4, RetentionPeriodHours: 48 });
  expect((await client.send(new ListShardsCommand({ StreamName: 'orders' }))).Shards).toHaveLength(1);
  expect(kinesis.limitations).toEqual([
    'Kinesis enhanced fan-out (shop-clicks/analytics): their mappings poll the stream as shared-throughput consumers; SubscribeToShard is not emulated',
  ]);
});

test('the SDK\'s PutRecords (by StreamARN too) and GetRecords round trip over HTTP/2; local mode\'s reader sees the same records', async () => {
  const put = await client.send(new PutRecordsCommand({
    StreamARN: ORDERS.arn,
    Records: [1, 2, 3].map((n) => ({ PartitionKey: `order-${n}`, Data: Buffer.from(JSON.stringify({ n })) })),
  }));
  expect(put.FailedRecordCount).toBe(0);
  const single = await client.send(new PutRecordCommand({ StreamName: 'orders', PartitionKey: 'order-4', Data: Buffer.from('{"n":4}') }));

  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 'orders', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  const got = await client.send(new GetRecordsCommand({ ShardIterator }));
  expect(got.Records!.map((record) => JSON.parse(Buffer.from(record.Data!).toString()).n)).toEqual([1, 2, 3, 4]);
  expect(got.Records![3]).toMatchObject({ SequenceNumber: single.SequenceNumber, PartitionKey: 'order-4' });

  const reader = kinesis.reader(ORDERS);
  expect(await reader.shards()).toEqual([{ shardId: 'shardId-000000000000' }]);
  const page = await reader.read(await reader.iterator('shardId-000000000000', { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: put.Records![1].SequenceNumber! }), 10);
  expect(page.records.map((record) => [record.sequenceNumber, record.partitionKey, Buffer.from(record.data).toString()])).toEqual([
    [put.Records![2].SequenceNumber, 'order-3', '{"n":3}'],
    [single.SequenceNumber, 'order-4', '{"n":4}'],
  ]);
  expect(page.records[0].arrivalMs).toBeGreaterThan(Date.now() - 60_000);
  expect(page.next).toEqual(expect.any(String));
});

test('a stream event source reads every shard of kinesalite: each record once, in order within its shard', async () => {
  const invocations: Array<{ shard: string; ns: number[] }> = [];
  const mapping: LocalEventSourceMapping = {
    logicalId: 'Mapping',
    function: 'Analytics',
    sourceKind: 'kinesis',
    source: 'Clicks',
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    bisectBatchOnError: false,
    maxRetryAttempts: 0,
    filters: [],
    startingPosition: 'LATEST',
    maxRecordAgeSeconds: -1,
  };
  const source = new StreamEventSource(mapping, kinesis.reader(CLICKS), {
    invoke: async (_fn, event: any) => {
      invocations.push({
        shard: event.Records[0].eventID.split(':')[0],
        ns: event.Records.map((record: any) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()).n),
      });
      return { requestId: `r${invocations.length}`, outcome: { ok: true, result: { batchItemFailures: [] } } };
    },
    sendToQueue: () => undefined,
  }, { streamArn: CLICKS.arn, functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:analytics', pollIntervalMs: 20 });
  source.start();
  try {
    const started = Date.now();
    await waitFor(() => source.caughtUp(started), 'the source to read from LATEST');
    for (let n = 1; n <= 40; n += 10) {
      await client.send(new PutRecordsCommand({
        StreamName: 'shop-clicks',
        Records: Array.from({ length: 10 }, (_, i) => ({ PartitionKey: `user-${(n + i) % 7}`, Data: Buffer.from(JSON.stringify({ n: n + i })) })),
      }));
    }
    const put = Date.now();
    await waitFor(() => source.caughtUp(put), 'the source to catch up');
    const all = invocations.flatMap((invocation) => invocation.ns);
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(invocations.map((invocation) => invocation.shard)).size).toBeGreaterThan(1);
    expect(invocations.every((invocation) => invocation.ns.length <= 5)).toBe(true);
    for (const shard of new Set(invocations.map((invocation) => invocation.shard))) {
      const seen = invocations.filter((invocation) => invocation.shard === shard).flatMap((invocation) => invocation.ns);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
  } finally {
    expect(await source.stop()).toEqual({});
  }
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
