import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** An item of the table, unmarshalled to plain values: write the attributes you read here. */
export type Item = Record<string, unknown>;

/**
 * One change of an item, by the stream's `eventName`. The table's stream must carry both images
 * (`StreamViewType.NEW_AND_OLD_IMAGES`); `keys` is the item's primary key.
 */
export type Change =
  | { readonly eventName: 'INSERT'; readonly keys: Item; readonly newItem: Item }
  | { readonly eventName: 'MODIFY'; readonly keys: Item; readonly newItem: Item; readonly oldItem: Item }
  | { readonly eventName: 'REMOVE'; readonly keys: Item; readonly oldItem: Item };

/** A record this function cannot read: it fails alone, and Lambda retries from it. */
export class InvalidRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecordError';
  }
}

/** The images of a stream record as the SDK's `unmarshall` takes them (the aws-lambda types describe the same JSON). */
type Image = Parameters<typeof unmarshall>[0];

/** The record's change, its images unmarshalled, or an `InvalidRecordError` naming the record and what it lacks. */
export function parseChange(record: DynamoDBRecord): Change {
  const where = `record ${record.dynamodb?.SequenceNumber ?? record.eventID}`;
  const image = (name: 'Keys' | 'NewImage' | 'OldImage'): Item => {
    const value = record.dynamodb?.[name];
    if (!value) {
      throw new InvalidRecordError(`${where} (${record.eventName}) has no ${name}: give the table's stream the view type NEW_AND_OLD_IMAGES`);
    }
    return unmarshall(value as Image);
  };
  switch (record.eventName) {
    case 'INSERT':
      return { eventName: 'INSERT', keys: image('Keys'), newItem: image('NewImage') };
    case 'MODIFY':
      return { eventName: 'MODIFY', keys: image('Keys'), newItem: image('NewImage'), oldItem: image('OldImage') };
    case 'REMOVE':
      return { eventName: 'REMOVE', keys: image('Keys'), oldItem: image('OldImage') };
    default:
      throw new InvalidRecordError(`${where}: unknown eventName '${record.eventName}'`);
  }
}

/**
 * The function's business logic, apart from the Lambda adapter: replace it with yours, e.g. index
 * the new item in a search engine on INSERT and MODIFY, and delete it by its keys on REMOVE.
 *
 * A record is processed at least once: when one fails, Lambda retries the batch from it, records
 * already processed after it included. Make this idempotent (a put by key, a delete that accepts
 * a missing item, a conditional write on a version attribute).
 */
export async function processChange(change: Change): Promise<void> {
  switch (change.eventName) {
    case 'INSERT':
      logger.info('item inserted', { keys: change.keys });
      return;
    case 'MODIFY':
      logger.info('item modified', { keys: change.keys, changed: changedAttributes(change.oldItem, change.newItem) });
      return;
    case 'REMOVE':
      logger.info('item removed', { keys: change.keys });
      return;
  }
}

/** The names of the attributes whose values differ between two images, sorted. */
export function changedAttributes(oldItem: Item, newItem: Item): string[] {
  const names = new Set([...Object.keys(oldItem), ...Object.keys(newItem)]);
  return [...names].filter((name) => JSON.stringify(oldItem[name]) !== JSON.stringify(newItem[name])).sort();
}

/** One record: a throw fails this record alone, and is logged with its sequence number. */
async function processRecord(record: DynamoDBRecord): Promise<void> {
  try {
    await processChange(parseChange(record));
  } catch (error) {
    logger.error('record failed', { sequenceNumber: record.dynamodb?.SequenceNumber, eventName: record.eventName, error });
    throw error;
  }
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/**
 * Processes the batch record by record, in stream order (changes of one item arrive in order), and
 * reports the records that failed (the mapping has ReportBatchItemFailures): Lambda retries from
 * the first of them, and the records before it are not processed again. When every record fails,
 * the invocation fails and the whole batch is retried; after its retries, it is described in the
 * mapping's failure queue.
 */
export const handler = observed(async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, processRecord, processor, { context, processInParallel: false });
});
