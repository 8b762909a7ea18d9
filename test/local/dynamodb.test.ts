import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { abstractLevelOf } from '../../src/local/dynalite-iterators';
import { startDynamoDb } from '../../src/local/dynamodb';

test('creates the tables of the template, keys and indexes, and the SDK reaches them unmodified', async () => {
  const dynamodb = await startDynamoDb([
    { logicalId: 'Items', name: 'shop-items', partitionKey: { name: 'id', type: 'S' }, globalIndexes: [] },
    {
      logicalId: 'Orders',
      name: 'shop-orders',
      partitionKey: { name: 'customer', type: 'S' },
      sortKey: { name: 'placedAt', type: 'N' },
      globalIndexes: [{ name: 'by-status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'placedAt', type: 'N' } }],
      streamView: 'NEW_AND_OLD_IMAGES',
      timeToLiveAttribute: 'expiration',
    },
  ]);
  try {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new PutItemCommand({ TableName: 'shop-items', Item: { id: { S: 'a' }, name: { S: 'lamp' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'shop-items', Key: { id: { S: 'a' } } }))).Item).toEqual({ id: { S: 'a' }, name: { S: 'lamp' } });
    await client.send(new PutItemCommand({ TableName: 'shop-orders', Item: { customer: { S: 'c' }, placedAt: { N: '1' }, status: { S: 'PAID' } } }));
    const paid = await client.send(new QueryCommand({
      TableName: 'shop-orders', IndexName: 'by-status', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'PAID' } },
    }));
    expect(paid.Count).toBe(1);
    expect(dynamodb.limitations).toEqual([
      'table shop-orders: its stream (dynalite has no streams; its consumers are not invoked)',
      'table shop-orders: TTL on expiration (items do not expire)',
    ]);
  } finally {
    await dynamodb.close();
  }
});

test('every iterator a Scan or a Query opens is closed: dynalite 4 left them all open, about 1 KB each', async () => {
  // GIVEN the iterators memory-level creates for dynalite, and those closed, recorded
  const dynalite = require.resolve('dynalite');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MemoryLevel } = require(require.resolve('memory-level', { paths: [path.dirname(dynalite)] })) as { MemoryLevel: { prototype: any } };
  const common = Object.getPrototypeOf((abstractLevelOf(dynalite).AbstractIterator as { prototype: object }).prototype) as { close(): Promise<void> };
  const created: object[] = [];
  const closed = new WeakSet<object>();
  const spies = ['_iterator', '_keys', '_values'].map((method) => {
    const original = MemoryLevel.prototype[method] as (...args: unknown[]) => object;
    return jest.spyOn(MemoryLevel.prototype, method).mockImplementation(function record(this: unknown, ...args: unknown[]) {
      const iterator = original.apply(this, args);
      created.push(iterator);
      return iterator;
    });
  });
  const dynamodb = await startDynamoDb([{ logicalId: 'Items', name: 'items', partitionKey: { name: 'id', type: 'S' }, globalIndexes: [] }]);
  const close = common.close;
  const closeSpy = jest.spyOn(common, 'close').mockImplementation(function closing(this: object) {
    closed.add(this);
    return close.call(this);
  });
  try {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (let i = 0; i < 5; i++) {
      await client.send(new PutItemCommand({ TableName: 'items', Item: { id: { S: `item-${i}` } } }));
    }
    created.length = 0;
    // WHEN it is scanned whole, scanned a page at a time, and queried
    for (let i = 0; i < 20; i++) {
      await client.send(new ScanCommand({ TableName: 'items' }));
      await client.send(new ScanCommand({ TableName: 'items', Limit: 2 }));
      await client.send(new QueryCommand({
        TableName: 'items', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'item-1' } },
      }));
    }
    await new Promise((resolve) => setImmediate(resolve));
    // THEN each of the 60 requests opened an iterator, and none is left open
    expect(created.length).toBeGreaterThanOrEqual(60);
    expect(created.filter((iterator) => !closed.has(iterator))).toEqual([]);
  } finally {
    closeSpy.mockRestore();
    spies.forEach((spy) => spy.mockRestore());
    await dynamodb.close();
  }
});
