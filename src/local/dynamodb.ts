import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { AwsJsonApi, awsJsonCall } from './aws-json';
import { closeDynaliteIterators } from './dynalite-iterators';
import { LocalKey, LocalTable } from './local-app';

/** DynamoDB's API. */
export const DYNAMODB_API: AwsJsonApi = { name: 'DynamoDB', targetPrefix: 'DynamoDB_20120810', version: '1.0' };

/** A running DynamoDB emulator with the app's tables. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`: the app's `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  /** What the tables use that the emulator lacks: said at start. */
  readonly limitations: string[];
  close(): Promise<void>;
}

/** dynalite's factory: an HTTP server speaking DynamoDB's API, in memory. */
type Dynalite = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => http.Server;

/**
 * Starts dynalite (DynamoDB in memory, in this process) and creates the app's tables as the
 * template declares them: keys and global secondary indexes. dynalite has no streams, TTL or
 * transactions: the tables that use them are named in `limitations`. dynalite is loaded from the
 * app's dependencies.
 */
export async function startDynamoDb(tables: LocalTable[], port: number = 0): Promise<LocalDynamoDb> {
  const entry = require.resolve('dynalite');
  // dynalite 4 never closes its Scan and Query iterators: see dynalite-iterators.ts
  closeDynaliteIterators(entry);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require(entry) as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    for (const table of tables) {
      await awsJsonCall(endpoint, DYNAMODB_API, 'CreateTable', createTableRequest(table));
    }
  } catch (error) {
    await close();
    throw error;
  }
  const limitations = [
    ...tables.filter((table) => table.streamView).map((table) => `table ${table.name}: its stream (dynalite has no streams; its consumers are not invoked)`),
    ...tables.filter((table) => table.timeToLiveAttribute).map((table) => `table ${table.name}: TTL on ${table.timeToLiveAttribute} (items do not expire)`),
  ];
  return { endpoint, limitations, close };
}

/** The `CreateTable` request of a table of the template. */
export function createTableRequest(table: LocalTable): object {
  const keys = [table.partitionKey, table.sortKey, ...table.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey])]
    .filter((key): key is LocalKey => key !== undefined);
  const attributes = [...new Map(keys.map((key) => [key.name, key.type])).entries()]
    .map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes,
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(table.globalIndexes.length > 0 ? {
      GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    } : {}),
  };
}

function keySchema(partitionKey: LocalKey, sortKey?: LocalKey): object[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' }] : []),
  ];
}
