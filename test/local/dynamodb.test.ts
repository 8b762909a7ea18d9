import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDb } from '../../src/local/dynamodb';

test('creates the tables of the template, keys and indexes, and the SDK reaches them unmodified', async () => {
  const started = Date.now();
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
    expect(Date.now() - started).toBeLessThan(5000);
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
