/**
 * The tables of an app with a table stream: DynamoDB Local (a JVM) instead of dynalite when Java is there,
 * driven by the AWS SDK's DynamoDB and DynamoDB Streams clients; dynalite and a clear message without Java;
 * and the JVM never outliving local mode.
 *
 * SLOW: the round trip starts DynamoDB Local, a JVM (about 2 s on 2 CPUs). It needs Java 17 or later on
 * the PATH: without it, that test is skipped with a message; the others run anyway.
 */
import { spawn } from 'node:child_process';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { checkJava, startTables } from '../../src/local/dynamodb-local';
import { LocalTable } from '../../src/local/local-app';

const ITEMS: LocalTable = {
  logicalId: 'Items', name: 'shop-items', partitionKey: { name: 'id', type: 'S' }, globalIndexes: [], streamView: 'NEW_AND_OLD_IMAGES', timeToLiveAttribute: 'expires',
};
const ORDERS: LocalTable = {
  logicalId: 'Orders',
  name: 'shop-orders',
  partitionKey: { name: 'customer', type: 'S' },
  sortKey: { name: 'placedAt', type: 'N' },
  globalIndexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' } }],
};
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const java = checkJava();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('without Java, the tables run on dynalite and the streams are said, at start, not to be emulated', async () => {
  const tables = await startTables([ITEMS, ORDERS], { java: () => ({ available: false, detail: '\'java\' was not found on the PATH' }) });
  try {
    expect(tables.engine).toBe('dynalite');
    expect(tables.streamReader(ITEMS)).toBeUndefined();
    expect(tables.limitations).toEqual([
      'table shop-items: its stream, and the functions that read it, are not emulated: DynamoDB Streams runs on DynamoDB Local, which needs Java 17 or later'
      + ' (\'java\' was not found on the PATH); the tables run on dynalite',
      'table shop-items: TTL on expires (items do not expire)',
    ]);
  } finally {
    await tables.close();
  }
});

test('without a table stream, dynalite in-process, whether Java is there or not', async () => {
  const tables = await startTables([ORDERS], { java: () => ({ available: true, detail: 'unused' }) });
  try {
    expect({ engine: tables.engine, pid: tables.pid, limitations: tables.limitations }).toEqual({ engine: 'dynalite', pid: undefined, limitations: [] });
    expect(tables.startupMs).toBeGreaterThan(0);
  } finally {
    await tables.close();
  }
});

test('the watchdog: what runs under it dies with the process that started it, even one killed with SIGKILL', async () => {
  if (process.platform === 'win32') return;
  // a parent that starts `sleep` under the watchdog, says its pid, and waits to be killed
  const script = `
    const { spawnUnderWatchdog } = require(${JSON.stringify(require.resolve('../../src/local/dynamodb-local'))});
    const child = spawnUnderWatchdog('sleep', ['300']);
    setTimeout(() => require('node:child_process').exec('ps -o pid= --ppid ' + child.pid, (e, out) => console.log(out.trim().split(/\\s+/).join(','))), 300);
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = await new Promise<number[]>((resolve) => parent.stdout.once('data', (data: Buffer) => resolve(data.toString().trim().split(',').map(Number))));
  expect(pids.length).toBeGreaterThanOrEqual(1);
  expect(pids.every(alive)).toBe(true);
  parent.kill('SIGKILL');
  const deadline = Date.now() + 5_000;
  while (pids.some(alive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(pids.filter(alive)).toEqual([]);
}, 120_000);

// SLOW: starts DynamoDB Local (a JVM)
(java.available ? describe : describe.skip)(`DynamoDB Local (slow; ${java.detail})`, () => {
  test('every table on one endpoint, the stream read by the SDK (INSERT, MODIFY, REMOVE) and by local mode as Lambda sends it; the JVM dies on close', async () => {
    const tables = await startTables([ITEMS, ORDERS]);
    const pid = tables.pid!;
    try {
      expect(tables.engine).toBe('DynamoDB Local');
      expect(tables.limitations).toEqual([]);
      // eslint-disable-next-line no-console
      console.info(`DynamoDB Local started, and the tables were created, in ${tables.startupMs} ms`);
      expect(alive(pid)).toBe(true);

      // -sharedDb: any region and key see the same tables
      const db = new DynamoDBClient({ endpoint: tables.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'other', secretAccessKey: 'x' } });
      await db.send(new PutItemCommand({ TableName: 'shop-items', Item: { id: { S: 'a' }, name: { S: 'lamp' }, photo: { B: Buffer.from('png') } } }));
      await db.send(new UpdateItemCommand({
        TableName: 'shop-items', Key: { id: { S: 'a' } }, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':n': { S: 'desk' } },
      }));
      await db.send(new DeleteItemCommand({ TableName: 'shop-items', Key: { id: { S: 'a' } } }));
      // what dynalite cannot do: a transaction, across both tables
      await db.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'shop-orders', Item: { customer: { S: 'c' }, placedAt: { N: '1' }, status: { S: 'PAID' } } } },
          { Put: { TableName: 'shop-items', Item: { id: { S: 'b' } }, ConditionExpression: 'attribute_not_exists(id)' } },
        ],
      }));
      const paid = await db.send(new QueryCommand({
        TableName: 'shop-orders', IndexName: 'by-status', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'PAID' } },
      }));
      expect(paid.Count).toBe(1);
      db.destroy();

      // the AWS SDK's DynamoDB Streams client, as a function would use it through AWS_ENDPOINT_URL_DYNAMODB_STREAMS
      const streams = new DynamoDBStreamsClient({ endpoint: tables.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
      const reader = tables.streamReader(ITEMS)!;
      expect(tables.streamReader(ORDERS)).toBeUndefined();
      const [shard] = await reader.shards();
      const streamArn = (reader as unknown as { streamArn: string }).streamArn;
      const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      expect(described.StreamDescription).toMatchObject({ StreamStatus: 'ENABLED', StreamViewType: 'NEW_AND_OLD_IMAGES', TableName: 'shop-items' });
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const sdkRecords = (await streams.send(new GetRecordsCommand({ ShardIterator }))).Records!;
      expect(sdkRecords.map((record) => [record.eventName, record.dynamodb?.Keys?.id.S])).toEqual([['INSERT', 'a'], ['MODIFY', 'a'], ['REMOVE', 'a'], ['INSERT', 'b']]);
      streams.destroy();

      // local mode's reader: the records as Lambda's DynamoDBStreamEvent has them (binary in base64, times in seconds)
      const page = await reader.read(await reader.iterator(shard.shardId, { type: 'TRIM_HORIZON' }), 100);
      expect(page.records.map((record) => record.sequenceNumber)).toEqual(sdkRecords.map((record) => record.dynamodb!.SequenceNumber));
      const [insert, modify] = page.records;
      expect(insert).toMatchObject({
        kind: 'dynamodb',
        eventName: 'INSERT',
        dynamodb: {
          Keys: { id: { S: 'a' } },
          NewImage: { id: { S: 'a' }, name: { S: 'lamp' }, photo: { B: Buffer.from('png').toString('base64') } },
          StreamViewType: 'NEW_AND_OLD_IMAGES',
          SizeBytes: expect.any(Number),
          ApproximateCreationDateTime: expect.any(Number),
        },
      });
      expect(modify).toMatchObject({ eventName: 'MODIFY', dynamodb: { OldImage: { name: { S: 'lamp' } }, NewImage: { name: { S: 'desk' } } } });
      const created = (insert.kind === 'dynamodb' && insert.dynamodb.ApproximateCreationDateTime) || 0;
      expect(Math.abs(created * 1000 - Date.now())).toBeLessThan(60_000);
    } finally {
      await tables.close();
    }
    expect(alive(pid)).toBe(false);
    await expect(fetch(tables.endpoint)).rejects.toThrow();
  }, 120_000);
});

if (!java.available) {
  test.skip(`DynamoDB Local round trip: skipped, Java 17+ is needed (${java.detail})`, () => undefined);
}
