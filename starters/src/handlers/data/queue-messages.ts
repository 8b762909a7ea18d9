import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requiredEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { observed, traced } from '../shared/observability';

/**
 * The body field that identifies a request, when the client sends it: a client that retries sends
 * it again, and the message is processed once.
 */
export const ID_FIELD = 'id';

/** A message: the request body the API queued, as its schema describes it. Write its fields here. */
export type Message = Record<string, unknown> & { readonly [ID_FIELD]?: string };

/** A message and the id SQS gave it: what the idempotent processor is given. */
export interface Delivery {
  readonly messageId: string;
  readonly message: Message;
}

/** What processing a message returns: stored as JSON, and returned again for a duplicate. */
export interface Outcome {
  readonly id: string;
  readonly status: string;
}

/** Processes one delivery; `idempotent` makes one that runs once per key. */
export type ProcessMessage = (delivery: Delivery) => Promise<Outcome>;

/**
 * The idempotency key of a delivery, a JMESPath expression on it: the body's `ID_FIELD`, else the
 * SQS message id. The message id only catches SQS's own redeliveries; a client's retry is a new
 * message with a new message id, caught by the `ID_FIELD` it sends again.
 */
export const IDEMPOTENCY_KEY = `message."${ID_FIELD}" || messageId`;

/** A message this function cannot process: after `maxReceiveCount` receives it goes to the dead-letter queue. */
export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/** The record's message, or an `InvalidMessageError` naming the message and what is wrong with its body. */
export function parseDelivery(record: SQSRecord): Delivery {
  const where = `message ${record.messageId}`;
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new InvalidMessageError(`${where}: body must be valid JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidMessageError(`${where}: body must be a JSON object`);
  }
  const id = (body as Record<string, unknown>)[ID_FIELD];
  if (id !== undefined && (typeof id !== 'string' || id === '')) {
    throw new InvalidMessageError(`${where}: body field '${ID_FIELD}' must be a non-empty string when present`);
  }
  return { messageId: record.messageId, message: body as Message };
}

/**
 * The function's business logic, apart from the Lambda adapter: replace it with yours. It runs
 * once per idempotency key; what it returns must be JSON.
 */
export async function processMessage(delivery: Delivery): Promise<Outcome> {
  const id = delivery.message[ID_FIELD] ?? delivery.messageId;
  logger.info('message processed', { id, messageId: delivery.messageId });
  return { id, status: 'PROCESSED' };
}

/**
 * The idempotency settings: the key, which must be found (a key expression that finds nothing
 * fails the message rather than processing it unguarded), and how long a key is remembered.
 */
export function idempotencyConfig(): IdempotencyConfig {
  return new IdempotencyConfig({ eventKeyJmesPath: IDEMPOTENCY_KEY, throwOnNoIdempotencyKey: true, expiresAfterSeconds: 60 * 60 });
}

/**
 * `run`, made idempotent with the records of `persistenceStore`: a delivery whose key was
 * processed returns the stored outcome without running again; one whose key is still in progress
 * (a duplicate in the same batch) fails, and SQS delivers it again later. A failed run stores
 * nothing, so its retry runs.
 */
export function idempotent(run: ProcessMessage, persistenceStore: BasePersistenceLayer, config: IdempotencyConfig): ProcessMessage {
  return makeIdempotent(run, { persistenceStore, config });
}

const processor = new BatchProcessor(EventType.SQS);

/**
 * Parses and processes each message of the batch, in parallel, and reports those that failed
 * (the mapping has ReportBatchItemFailures): SQS deletes the others and delivers the failed ones
 * again after the visibility timeout. When every message fails, the invocation fails.
 */
export async function processMessages(event: SQSEvent, processOne: ProcessMessage, context?: Context): Promise<SQSBatchResponse> {
  const processRecord = async (record: SQSRecord): Promise<void> => {
    try {
      await processOne(parseDelivery(record));
    } catch (error) {
      const receiveCount = record.attributes.ApproximateReceiveCount;
      logger.error('message failed', { messageId: record.messageId, receiveCount, error });
      throw error;
    }
  };
  return processPartialResponse(event, processRecord, processor, { context });
}

const config = idempotencyConfig();
let processOnce: ProcessMessage | undefined;

export const handler = observed(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  // a key left in progress expires with the invocation, so a message whose invocation timed out is processed again
  config.registerLambdaContext(context);
  // the table has the partition key `id` (a string) and the TTL attribute `expiration`
  processOnce ??= idempotent(processMessage, new DynamoDBPersistenceLayer({
    tableName: requiredEnv('IDEMPOTENCY_TABLE_NAME'),
    awsSdkV3Client: traced(new DynamoDBClient({})),
  }), config);
  return processMessages(event, processOnce, context);
});
