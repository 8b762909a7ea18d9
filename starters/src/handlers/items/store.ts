import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../shared/env';
import { traced } from '../shared/observability';

/** The table's partition key attribute. */
export const KEY_ATTRIBUTE = 'id';

/** An item of this service's table: its key plus the attributes the client sent. */
export type Item = Record<string, unknown> & { [KEY_ATTRIBUTE]: string };

/** A page of items and the key to ask for the next one. */
export interface ItemPage {
  readonly items: Item[];
  readonly nextToken?: string;
}

/** What the business functions need from storage; tests pass an in-memory fake. */
export interface ItemStore {
  list(limit: number, nextToken?: string): Promise<ItemPage>;
  get(key: string): Promise<Item | undefined>;
  put(item: Item): Promise<void>;
  /** Replaces an existing item; resolves to false when it did not exist. */
  replace(item: Item): Promise<boolean>;
  /** Deletes the item; resolves to false when it did not exist. */
  delete(key: string): Promise<boolean>;
}

/** The DynamoDB store of the table named by `TABLE_NAME`. */
export class DynamoItemStore implements ItemStore {
  constructor(
    private readonly tableName: string,
    private readonly client = DynamoDBDocumentClient.from(traced(new DynamoDBClient({}))),
  ) {}

  async list(limit: number, nextToken?: string): Promise<ItemPage> {
    const out = await this.client.send(new ScanCommand({
      TableName: this.tableName,
      Limit: limit,
      ExclusiveStartKey: nextToken ? JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8')) : undefined,
    }));
    return {
      items: (out.Items ?? []) as Item[],
      nextToken: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : undefined,
    };
  }

  async get(key: string): Promise<Item | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { [KEY_ATTRIBUTE]: key } }));
    return out.Item as Item | undefined;
  }

  async put(item: Item): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async replace(item: Item): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: { '#key': KEY_ATTRIBUTE },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const out = await this.client.send(new DeleteCommand({
      TableName: this.tableName,
      Key: { [KEY_ATTRIBUTE]: key },
      ReturnValues: 'ALL_OLD',
    }));
    return out.Attributes !== undefined;
  }
}

let defaultStore: ItemStore | undefined;

/** The store of the deployed function, created on first use and reused across invocations. */
export function itemStore(): ItemStore {
  defaultStore ??= new DynamoItemStore(requiredEnv('TABLE_NAME'));
  return defaultStore;
}
