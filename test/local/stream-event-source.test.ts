/**
 * The stream event source's Lambda semantics, on a fake stream in memory (fast, no emulator):
 * events as Lambda sends them, batches and the batching window, partial batch failures, bisection,
 * retries and the on-failure record, the maximum record age, filter criteria, the starting
 * position, order within a shard and shards in parallel, and what `stop()` reports.
 *
 * Then end to end (SLOW: DynamoDB Local, a JVM, when Java is there): an app with a Kinesis stream
 * read through an enhanced fan-out consumer and a table with a stream, synthesized with this repo's
 * constructs, its bundles small CommonJS handlers using the AWS SDK, run by `startLocal`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoDBStreamEvent, KinesisStreamEvent } from 'aws-lambda';
import { appDir, removeAppDir, synthesize, writeBundles } from './local-fixtures';
import { Microservice, ServerlessKinesisStream, ServiceFunction, StreamConsumer, TableAccess } from '../../src';
import { checkJava } from '../../src/local/dynamodb-local';
import { LocalEventSourceMapping } from '../../src/local/local-app';
import { LocalMode, startLocal } from '../../src/local/local-mode';
import { InvocationOutcome } from '../../src/local/rest-api-server';
import {
  DynamoDbRecordData,
  KinesisRecordData,
  ShardPosition,
  StreamEventSource,
  StreamEventSourceOptions,
  StreamReader,
  StreamRecordData,
  StreamShard,
} from '../../src/local/stream-event-source';
import { logicalId } from '../constructs/helpers';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks';
const TABLE_STREAM_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/items/stream/1970-01-01T00:00:00.000';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:shop-Analytics';
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** A stream in memory: shards of records, iterators `<shard>@<index>`. */
class FakeStream implements StreamReader {
  public readonly records = new Map<string, StreamRecordData[]>();
  public readonly closed = new Set<string>();
  public reads = 0;

  constructor(shards: string[] = ['shardId-000000000000']) {
    shards.forEach((shard) => this.records.set(shard, []));
  }

  public put(shardId: string, ...records: StreamRecordData[]): void {
    this.records.get(shardId)!.push(...records);
  }

  public async shards(): Promise<StreamShard[]> {
    return [...this.records.keys()].map((shardId) => ({ shardId }));
  }

  public async iterator(shardId: string, position: ShardPosition): Promise<string> {
    const records = this.records.get(shardId)!;
    const index = position.type === 'TRIM_HORIZON' ? 0
      : position.type === 'LATEST' ? records.length
        : position.type === 'AFTER_SEQUENCE_NUMBER' ? records.findIndex((r) => r.sequenceNumber === position.sequenceNumber) + 1 : 0;
    return `${shardId}@${index}`;
  }

  public async read(iterator: string, limit: number): Promise<{ records: StreamRecordData[]; next?: string }> {
    this.reads += 1;
    const [shardId, at] = iterator.split('@');
    const all = this.records.get(shardId)!;
    const records = all.slice(Number(at), Number(at) + limit);
    const end = Number(at) + records.length;
    return { records, ...(!(this.closed.has(shardId) && end >= all.length) && { next: `${shardId}@${end}` }) };
  }
}

const SHARD = 'shardId-000000000000';

/** A fake stream whose next read can be made to fail once, running `during` as it fails. */
class FailingStream extends FakeStream {
  public failures = 0;
  private failing?: () => void;

  public failNextRead(during: () => void): void {
    this.failing = during;
  }

  public async read(iterator: string, limit: number): Promise<{ records: StreamRecordData[]; next?: string }> {
    const during = this.failing;
    if (during) {
      this.failing = undefined;
      this.failures += 1;
      during();
      throw Object.assign(new Error('Shard iterator is past the trim horizon'), { name: 'TrimmedDataAccessException' });
    }
    return super.read(iterator, limit);
  }
}

/** A Kinesis record: sequence numbers `1`, `2`... padded as Kinesis's are all of one length. */
function kinesis(n: number, data: unknown, arrivalMs = T0 + n): KinesisRecordData {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return { kind: 'kinesis', sequenceNumber: seq(n), partitionKey: `pk-${n}`, data: Buffer.from(text), arrivalMs };
}

function seq(n: number): string {
  return String(n).padStart(21, '0');
}

function dynamo(n: number, eventName: DynamoDbRecordData['eventName'], id: string): DynamoDbRecordData {
  return {
    kind: 'dynamodb',
    sequenceNumber: seq(n),
    eventID: `event-${n}`,
    eventName,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(T0 / 1000),
      Keys: { id: { S: id } },
      ...(eventName !== 'REMOVE' && { NewImage: { id: { S: id }, n: { N: String(n) } } }),
      SequenceNumber: seq(n),
      SizeBytes: 20,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    arrivalMs: T0,
  };
}

function mappingOf(overrides: Partial<LocalEventSourceMapping> = {}): LocalEventSourceMapping {
  return {
    logicalId: 'Mapping',
    function: 'Analytics',
    sourceKind: 'kinesis',
    source: 'Clicks',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    reportBatchItemFailures: false,
    bisectBatchOnError: false,
    maxRetryAttempts: 0,
    filters: [],
    onFailure: 'Failures',
    startingPosition: 'TRIM_HORIZON',
    maxRecordAgeSeconds: -1,
    ...overrides,
  };
}

/** What the function does with a batch: a result, or `throw` for a function error. */
type Handler = (records: any[], event: any) => unknown | Promise<unknown>;

interface Running {
  readonly source: StreamEventSource;
  /** Each invocation: the sequence numbers (`1`, `2`...) of its records, by shard. */
  readonly invocations: Array<{ shard: string; records: number[]; event: any }>;
  /** What was sent to the on-failure queue, parsed. */
  readonly failures: any[];
  readonly logs: any[];
  /** Resolves once the source has read everything there is (after what was just put). */
  settled(): Promise<void>;
}

function run(stream: FakeStream, mapping: LocalEventSourceMapping, handler: Handler, options: Partial<StreamEventSourceOptions> = {}): Running {
  const invocations: Running['invocations'] = [];
  const failures: any[] = [];
  const logs: any[] = [];
  let count = 0;
  const source = new StreamEventSource(mapping, stream, {
    invoke: async (_fn, event: any) => {
      const requestId = `request-${++count}`;
      const records = event.Records.map((r: any) => Number(r.kinesis?.sequenceNumber ?? r.dynamodb.SequenceNumber));
      const shard = event.Records[0].eventID.split(':')[0];
      invocations.push({ shard: mapping.sourceKind === 'kinesis' ? shard : 'table', records, event });
      let outcome: InvocationOutcome;
      try {
        outcome = { ok: true, result: await handler(event.Records, event) };
      } catch (error) {
        outcome = { ok: false, errorType: 'Error', errorMessage: (error as Error).message, timedOut: false };
      }
      return { requestId, outcome };
    },
    sendToQueue: (queue, body) => failures.push({ queue, ...JSON.parse(body) }),
  }, {
    streamArn: mapping.sourceKind === 'kinesis' ? STREAM_ARN : TABLE_STREAM_ARN,
    functionArn: FUNCTION_ARN,
    pollIntervalMs: 2,
    retryDelayMs: () => 0,
    shardRefreshMs: 20,
    log: (entry) => logs.push(entry),
    ...options,
  });
  source.start();
  running.push(source);
  return {
    source,
    invocations,
    failures,
    logs,
    settled: async () => {
      const since = Date.now();
      await until(() => source.caughtUp(since), 3_000, 'the source to catch up');
    },
  };
}

const running: StreamEventSource[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((source) => source.stop()));
});

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const records = (r: Running) => r.invocations.map((invocation) => invocation.records);
const poison = (n: number): Handler => (batch) => {
  if (batch.some((record) => Number(record.kinesis.sequenceNumber) === n)) throw new Error(`record ${n} is poison`);
};

describe('the events, as Lambda sends them', () => {
  test('a Kinesis batch is a KinesisStreamEvent: data in base64, arrival in seconds, the eventID of the shard and sequence number', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', kinesis(1, { type: 'click' }, T0 + 1500), kinesis(2, 'plain text', T0 + 2250));
    const r = run(stream, mappingOf(), () => undefined);
    await r.settled();
    const event: KinesisStreamEvent = r.invocations[0].event;
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'pk-1',
            sequenceNumber: seq(1),
            data: Buffer.from('{"type":"click"}').toString('base64'),
            approximateArrivalTimestamp: (T0 + 1500) / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000000:${seq(1)}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::000000000000:role/shop-Analytics-role',
          awsRegion: 'us-east-1',
          eventSourceARN: STREAM_ARN,
        },
        expect.objectContaining({ kinesis: expect.objectContaining({ sequenceNumber: seq(2), data: Buffer.from('plain text').toString('base64') }) }),
      ],
    });
    expect(r.logs).toContainEqual(expect.objectContaining({ component: 'kinesis', event: 'batch processed', records: 2, requestId: 'request-1' }));
  });

  test('a table\'s batch is a DynamoDBStreamEvent; the filter criteria see the record (here: INSERTs only)', async () => {
    const stream = new FakeStream(['shardId-00000001700000000000-aaaa']);
    stream.put('shardId-00000001700000000000-aaaa', dynamo(1, 'INSERT', 'a'), dynamo(2, 'MODIFY', 'a'), dynamo(3, 'INSERT', 'b'), dynamo(4, 'REMOVE', 'a'));
    const r = run(stream, mappingOf({ sourceKind: 'table-stream', source: 'Items', filters: [{ eventName: ['INSERT'] }] }), () => undefined);
    await r.settled();
    expect(records(r)).toEqual([[1, 3]]);
    const event: DynamoDBStreamEvent = r.invocations[0].event;
    expect(event.Records[0]).toEqual({
      eventID: 'event-1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: T0 / 1000,
        Keys: { id: { S: 'a' } },
        NewImage: { id: { S: 'a' }, n: { N: '1' } },
        SequenceNumber: seq(1),
        SizeBytes: 20,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: TABLE_STREAM_ARN,
    });
    expect(r.logs).toContainEqual(expect.objectContaining({ component: 'dynamodb-streams', event: 'filtered out', records: 2 }));
  });

  test('Kinesis filters match the data parsed as JSON; records whose data is not JSON never match a data pattern', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000',
      kinesis(1, { type: 'order', amount: 5 }), kinesis(2, { type: 'click' }), kinesis(3, 'order'), kinesis(4, { type: 'order', amount: 500 }));
    const r = run(stream, mappingOf({ filters: [{ data: { type: ['order'], amount: [{ numeric: ['<', 100] }] } }, { data: { type: ['click'] } }] }), () => undefined);
    await r.settled();
    expect(records(r)).toEqual([[1, 2]]);
  });
});

describe('batches', () => {
  test('up to batchSize records per invocation, in order', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', ...[1, 2, 3, 4, 5].map((n) => kinesis(n, { n })));
    const r = run(stream, mappingOf({ batchSize: 2 }), () => undefined);
    await r.settled();
    expect(records(r)).toEqual([[1, 2], [3, 4], [5]]);
  });

  test('the batching window gathers what arrives within it', async () => {
    const stream = new FakeStream();
    const r = run(stream, mappingOf({ batchSize: 10, maxBatchingWindowSeconds: 0.3 }), () => undefined);
    stream.put('shardId-000000000000', kinesis(1, {}));
    await new Promise((resolve) => setTimeout(resolve, 50));
    stream.put('shardId-000000000000', kinesis(2, {}));
    await until(() => r.invocations.length > 0, 2_000, 'the batch');
    await r.settled();
    expect(records(r)).toEqual([[1, 2]]);
  });

  test('LATEST starts after what the stream holds; TRIM_HORIZON at its oldest record', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', kinesis(1, {}));
    const latest = run(stream, mappingOf({ startingPosition: 'LATEST' }), () => undefined);
    const oldest = run(stream, mappingOf({ startingPosition: 'TRIM_HORIZON' }), () => undefined);
    await latest.settled();
    stream.put('shardId-000000000000', kinesis(2, {}));
    await latest.settled();
    await oldest.settled();
    expect(records(latest).flat()).toEqual([2]);
    expect(records(oldest).flat()).toEqual([1, 2]);
  });

  test('LATEST loses nothing to a failed read: what was written before and during the error is processed', async () => {
    // GIVEN a LATEST mapping started on a shard holding record 1
    const stream = new FailingStream();
    stream.put(SHARD, kinesis(1, {}));
    const latest = run(stream, mappingOf({ startingPosition: 'LATEST' }), () => undefined);
    await latest.source.ready();
    // WHEN the next read fails (as DynamoDB Local's TrimmedDataAccessException does) after record 2 was written,
    // and record 3 is written while it fails
    stream.failNextRead(() => stream.put(SHARD, kinesis(3, {})));
    stream.put(SHARD, kinesis(2, {}));
    await until(() => stream.failures === 1, 2_000, 'the failed read');
    await latest.settled();
    // THEN records 2 and 3 are processed, in order, and 1 is not
    expect(records(latest).flat()).toEqual([2, 3]);
    expect(latest.logs).toContainEqual(expect.objectContaining({ event: 'get records failed' }));
  });
});

describe('failures', () => {
  test('ReportBatchItemFailures: checkpointed before the lowest sequence number reported, retried from there', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', ...[1, 2, 3, 4, 5].map((n) => kinesis(n, { n })));
    let calls = 0;
    const r = run(stream, mappingOf({ reportBatchItemFailures: true, maxRetryAttempts: 3 }), () => {
      calls += 1;
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: seq(5) }, { itemIdentifier: seq(3) }] } : { batchItemFailures: [] };
    });
    await r.settled();
    expect(records(r)).toEqual([[1, 2, 3, 4, 5], [3, 4, 5]]);
    expect(r.failures).toEqual([]);
    expect(r.logs).toContainEqual(expect.objectContaining({ event: 'batch failed in part', failed: 3, retry: 1 }));
  });

  test('an item identifier that is not in the batch fails the whole batch', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', kinesis(1, {}), kinesis(2, {}));
    let calls = 0;
    const r = run(stream, mappingOf({ reportBatchItemFailures: true, maxRetryAttempts: 1 }), () => {
      calls += 1;
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'nope' }] } : undefined;
    });
    await r.settled();
    expect(records(r)).toEqual([[1, 2], [1, 2]]);
  });

  test('retries exhausted: the on-failure record in Lambda\'s shape goes to the queue, and the shard moves on', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', kinesis(1, {}, T0 + 100), kinesis(2, {}, T0 + 200));
    const r = run(stream, mappingOf({ maxRetryAttempts: 2 }), poison(2), { now: () => T0 + 60_000 });
    await r.settled();
    stream.put('shardId-000000000000', kinesis(3, {}));
    await r.settled();
    expect(records(r)).toEqual([[1, 2], [1, 2], [1, 2], [3]]);
    expect(r.failures).toEqual([{
      queue: 'Failures',
      requestContext: { requestId: 'request-3', functionArn: FUNCTION_ARN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(T0 + 60_000).toISOString(),
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: seq(1),
        endSequenceNumber: seq(2),
        approximateArrivalOfFirstRecord: new Date(T0 + 100).toISOString(),
        approximateArrivalOfLastRecord: new Date(T0 + 200).toISOString(),
        batchSize: 2,
        streamArn: STREAM_ARN,
      },
    }]);
  });

  test('bisectBatchOnError: the batch is split in halves until the bad record is alone; the splits do not use retries', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', ...[1, 2, 3, 4].map((n) => kinesis(n, { n })));
    const r = run(stream, mappingOf({ bisectBatchOnError: true, maxRetryAttempts: 1 }), poison(3));
    await r.settled();
    // [1-4] fails → [1,2] ok, [3,4] fails → [3] fails, retried once, fails → given up; [4] ok
    expect(records(r)).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [3], [4]]);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      KinesisBatchInfo: { startSequenceNumber: seq(3), endSequenceNumber: seq(3), batchSize: 1 },
    });
    expect(r.logs.filter((entry) => entry.event === 'batch split').map((entry) => entry.halves)).toEqual([[2, 2], [1, 1]]);
  });

  test('MaximumRetryAttempts -1 retries until the records expire on Lambda: locally, up to the cap, then the on-failure record', async () => {
    const stream = new FakeStream();
    stream.put('shardId-000000000000', kinesis(1, {}));
    const r = run(stream, mappingOf({ maxRetryAttempts: -1 }), poison(1), { unlimitedRetriesCap: 3 });
    await r.settled();
    expect(records(r)).toEqual([[1], [1], [1], [1]]);
    expect(r.failures[0].requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 });
    expect(r.logs).toContainEqual(expect.objectContaining({ event: 'retries capped' }));
  });

  test('records older than maxRecordAge are skipped to the on-failure queue without an invocation; the others are processed', async () => {
    const stream = new FakeStream();
    const now = T0 + 2 * 3600_000;
    stream.put('shardId-000000000000', kinesis(1, {}, T0), kinesis(2, {}, T0 + 10), kinesis(3, {}, now - 1000));
    const r = run(stream, mappingOf({ maxRecordAgeSeconds: 3600 }), () => undefined, { now: () => now });
    await r.settled();
    expect(records(r)).toEqual([[3]]);
    expect(r.failures).toEqual([expect.objectContaining({
      requestContext: expect.objectContaining({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 }),
      KinesisBatchInfo: expect.objectContaining({ startSequenceNumber: seq(1), endSequenceNumber: seq(2), batchSize: 2 }),
    })]);
    expect(r.failures[0].responseContext).toBeUndefined();
  });

  test('a table stream\'s batch given up on is described as DDBStreamBatchInfo; without an on-failure queue it is dropped and logged', async () => {
    const stream = new FakeStream(['shard-a']);
    stream.put('shard-a', dynamo(1, 'INSERT', 'a'));
    const withQueue = run(stream, mappingOf({ sourceKind: 'table-stream' }), () => {
      throw new Error('down');
    });
    const without = run(stream, mappingOf({ sourceKind: 'table-stream', onFailure: undefined }), () => {
      throw new Error('down');
    });
    await withQueue.settled();
    await without.settled();
    expect(withQueue.failures[0].DDBStreamBatchInfo).toEqual(expect.objectContaining({ shardId: 'shard-a', batchSize: 1, streamArn: TABLE_STREAM_ARN }));
    expect(withQueue.failures[0].KinesisBatchInfo).toBeUndefined();
    expect(without.failures).toEqual([]);
    expect(without.logs).toContainEqual(expect.objectContaining({ event: 'records dropped, the mapping has no on-failure destination', records: 1 }));
  });
});

describe('shards', () => {
  test('records of one shard in order, one batch at a time; shards in parallel', async () => {
    const stream = new FakeStream(['shardId-000000000000', 'shardId-000000000001']);
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = run(stream, mappingOf({ batchSize: 1 }), async (batch) => {
      if (Number(batch[0].kinesis.sequenceNumber) === 1) await blocked;
    });
    stream.put('shardId-000000000000', kinesis(1, {}), kinesis(2, {}), kinesis(3, {}));
    stream.put('shardId-000000000001', kinesis(11, {}), kinesis(12, {}));
    // shard 1 goes on while the first batch of shard 0 is in progress
    await until(() => r.invocations.filter((i) => i.shard === 'shardId-000000000001').length === 2, 2_000, 'shard 1');
    expect(r.invocations.filter((i) => i.shard === 'shardId-000000000000').map((i) => i.records)).toEqual([[1]]);
    expect(r.source.caughtUp(0)).toBe(false);
    release();
    await r.settled();
    expect(r.invocations.filter((i) => i.shard === 'shardId-000000000000').map((i) => i.records)).toEqual([[1], [2], [3]]);
  });

  test('a closed shard read to its end is finished; a new shard is found and read from its start', async () => {
    const stream = new FakeStream(['shardId-000000000000']);
    stream.put('shardId-000000000000', kinesis(1, {}));
    stream.closed.add('shardId-000000000000');
    const r = run(stream, mappingOf({ startingPosition: 'LATEST' }), () => undefined);
    await r.settled();
    stream.records.set('shardId-000000000001', [kinesis(2, {})]);
    await until(() => r.invocations.length === 1, 2_000, 'the new shard');
    expect(records(r)).toEqual([[2]]);
  });
});

test('stop() waits for the invocation in progress and says what each shard has left', async () => {
  const stream = new FakeStream(['shardId-000000000000', 'shardId-000000000001']);
  stream.put('shardId-000000000000', kinesis(1, {}), kinesis(2, {}), kinesis(3, {}));
  stream.put('shardId-000000000001', kinesis(11, {}));
  const r = run(stream, mappingOf({ batchSize: 1, maxRetryAttempts: -1 }), poison(1), { retryDelayMs: () => 60_000 });
  await until(() => r.invocations.length >= 2, 2_000, 'the first invocations');
  const left = await r.source.stop();
  expect(left).toEqual({ 'shardId-000000000000': 3 });
  expect(records(r)).toEqual(expect.arrayContaining([[1], [11]]));
});

const BUNDLES = {
  producer: `
const { KinesisClient, PutRecordsCommand } = require('@aws-sdk/client-kinesis');
const kinesis = new KinesisClient({});
exports.handler = async (event) => {
  const out = await kinesis.send(new PutRecordsCommand({
    StreamARN: process.env.STREAM_ARN,
    Records: event.clicks.map((click) => ({ PartitionKey: click.user, Data: Buffer.from(JSON.stringify(click)) })),
  }));
  if (out.FailedRecordCount) throw new Error('PutRecords failed: ' + JSON.stringify(out.Records));
  return { sequenceNumbers: out.Records.map((record) => record.SequenceNumber) };
};
`,
  analytics: `
exports.handler = async (event) => {
  for (const record of event.Records) {
    const click = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString());
    console.log('CLICK ' + JSON.stringify({ page: click.page, source: record.eventSource, arn: record.eventSourceARN, key: record.kinesis.partitionKey }));
    if (click.page === 'poison') throw new Error('poison click');
  }
};
`,
  put: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async (item) => {
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));
};
`,
  sync: `
exports.handler = async (event) => {
  for (const record of event.Records) {
    const { Keys, NewImage, StreamViewType } = record.dynamodb;
    console.log('CHANGE ' + JSON.stringify({ eventName: record.eventName, Keys, name: NewImage && NewImage.name, arn: record.eventSourceARN, StreamViewType }));
  }
};
`,
};

function streamsApp(stack: Stack, assets: Record<keyof typeof BUNDLES, string>) {
  const items = new Microservice(stack, 'Items', {
    serviceName: 'items',
    table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES },
  });
  items.addFunction('Put', { assetPath: assets.put, tableAccess: TableAccess.READ_WRITE });
  const clicks = new ServerlessKinesisStream(stack, 'Clicks');
  const producer = new ServiceFunction(stack, 'Producer', { assetPath: assets.producer, environment: { STREAM_ARN: clicks.streamArn } });
  clicks.grantWrite(producer);
  const analytics = new ServiceFunction(stack, 'Analytics', { assetPath: assets.analytics });
  const clickAnalytics = new StreamConsumer(stack, 'ClickAnalytics', {
    handler: analytics, stream: clicks, enhancedFanOut: true, maxBatchingWindow: Duration.seconds(0), retryAttempts: 1,
  });
  const sync = new ServiceFunction(stack, 'Sync', { assetPath: assets.sync });
  new StreamConsumer(stack, 'ItemsSync', {
    handler: sync, table: items.table!, maxBatchingWindow: Duration.seconds(0), filters: [{ eventName: lambda.FilterRule.isEqual('INSERT') }],
  });
  return { clickFailures: logicalId(clickAnalytics.failureQueue) };
}

// SLOW: DynamoDB Local (a JVM) runs the table with a stream
(checkJava().available ? describe : describe.skip)('end to end: a Kinesis stream and a table stream, their consumers invoked by local mode (slow)', () => {
  let dir: string;
  let local: LocalMode | undefined;
  let ids: ReturnType<typeof streamsApp>;
  const logs: string[] = [];
  const linesOf = (prefix: string) => logs.flatMap((line) => {
    const match = new RegExp(`^\\[${prefix}\\] \\S+ ${prefix === 'Analytics' ? 'CLICK' : 'CHANGE'} (\\{.*\\})$`).exec(line);
    return match ? [JSON.parse(match[1])] : [];
  });
  const mode = () => local!;

  beforeAll(async () => {
    dir = appDir('streams');
    const assets = writeBundles(dir, BUNDLES);
    const { assemblyDir, built } = synthesize(dir, (app) => streamsApp(new Stack(app, 'streams'), assets));
    ids = built;
    local = await startLocal({ assemblyDir, port: 0, log: (line) => logs.push(line) });
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
    removeAppDir(dir);
  });

  test('Kinesis and DynamoDB Local run, the functions get their endpoints, and the consumers are not listed as not emulated', () => {
    const { app, endpoints, notEmulated } = mode();
    expect(Object.keys(endpoints)).toEqual(expect.arrayContaining(['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_DYNAMODB_STREAMS', 'AWS_ENDPOINT_URL_KINESIS']));
    expect(endpoints.AWS_ENDPOINT_URL_DYNAMODB_STREAMS).toBe(endpoints.AWS_ENDPOINT_URL_DYNAMODB);
    expect(app.kinesisStreams).toEqual([expect.objectContaining({ mode: 'ON_DEMAND', shardCount: 4, consumers: [expect.any(Object)] })]);
    expect(notEmulated.join('\n')).not.toMatch(/not invoked|Kinesis::Stream|not emulated: DynamoDB Streams/);
    expect(notEmulated).toContainEqual(expect.stringMatching(/^Kinesis enhanced fan-out .*: their mappings poll the stream as shared-throughput consumers/));
    expect(logs).toContainEqual(expect.stringMatching(/^\[dynamodb\] DynamoDB Local started in \d+ ms/));
  });

  test('a function puts records on the stream (by its ARN); the consumer is invoked with them', async () => {
    const put = await mode().invoke('Producer', { clicks: [{ user: 'u1', page: 'home' }, { user: 'u2', page: 'cart' }] });
    expect(put.outcome).toEqual({ ok: true, result: { sequenceNumbers: [expect.any(String), expect.any(String)] } });
    await mode().idle();
    const streamArn = mode().app.kinesisStreams[0].arn;
    expect(linesOf('Analytics').sort((a, b) => a.page.localeCompare(b.page))).toEqual([
      { page: 'cart', source: 'aws:kinesis', arn: streamArn, key: 'u2' },
      { page: 'home', source: 'aws:kinesis', arn: streamArn, key: 'u1' },
    ]);
    expect(mode().history.invocations.filter((i) => i.function === 'Analytics').every((i) => i.ok)).toBe(true);
  });

  test('an item written to the table: its stream consumer is invoked with the INSERT (the MODIFY is filtered out)', async () => {
    expect((await mode().invoke('Items/Put', { id: 'a', name: 'lamp' })).outcome.ok).toBe(true);
    expect((await mode().invoke('Items/Put', { id: 'a', name: 'desk' })).outcome.ok).toBe(true);
    await mode().idle();
    const table = mode().app.tables[0];
    expect(linesOf('Sync')).toEqual([{
      eventName: 'INSERT',
      Keys: { id: { S: 'a' } },
      name: { S: 'lamp' },
      arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${table.name}/stream/1970-01-01T00:00:00.000`,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    }]);
  });

  test('a record the consumer keeps failing on: retried, then described in its failure queue; stop() says it is there', async () => {
    await mode().invoke('Producer', { clicks: [{ user: 'u3', page: 'poison' }] });
    await mode().idle();
    expect(linesOf('Analytics').filter((click) => click.page === 'poison')).toHaveLength(2);
    const sent = logs.filter((line) => line.startsWith('[kinesis] ')).map((line) => JSON.parse(line.slice('[kinesis] '.length)))
      .filter((entry) => entry.event === 'sent to on-failure destination');
    expect(sent).toEqual([expect.objectContaining({ condition: 'RetryAttemptsExhausted', records: 1, invocations: 2, queue: ids.clickFailures })]);
    const failureQueue = mode().app.queues.find((queue) => queue.logicalId === ids.clickFailures)!;
    const { undelivered } = await mode().stop();
    local = undefined;
    expect(undelivered).toEqual([`1 message(s) left in queue ${failureQueue.name}`]);
  });
});
