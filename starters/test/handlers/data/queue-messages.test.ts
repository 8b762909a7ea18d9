// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { MemoryPersistenceLayer } from './memory-persistence';
import {
  Delivery,
  handler,
  ID_FIELD,
  idempotencyConfig,
  idempotent,
  InvalidMessageError,
  Outcome,
  parseDelivery,
  processMessage,
  processMessages,
  ProcessMessage,
} from '../../../src/handlers/data/queue-messages';

const context = {
  functionName: 'queue-messages',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as Context satisfies Partial<Context>;

/** An SQS record whose body is `body` as JSON; a string is sent as it is. */
function sqsRecord(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1704067200000',
      SenderId: 'AROAEXAMPLE:apigateway',
      ApproximateFirstReceiveTimestamp: '1704067200100',
    },
    messageAttributes: {},
    md5OfBody: 'd41d8cd98f00b204e9800998ecf8427e',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:requests',
    awsRegion: 'eu-west-1',
  };
}

function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The handler's idempotency settings, with the invocation's context registered as the handler does. */
function registeredConfig(): IdempotencyConfig {
  const config = idempotencyConfig();
  config.registerLambdaContext(context);
  return config;
}

/** A business function that counts its runs, made idempotent with a fresh in-memory store. */
function countedProcessor(): { run: jest.Mock<Promise<Outcome>, [Delivery]>; processOnce: ProcessMessage } {
  const run: jest.Mock<Promise<Outcome>, [Delivery]> = jest.fn(async (delivery) => ({
    id: delivery.message[ID_FIELD] ?? delivery.messageId,
    status: `run ${run.mock.calls.length}`,
  }));
  return { run, processOnce: idempotent(run, new MemoryPersistenceLayer(), registeredConfig()) };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseDelivery', () => {
  test('returns the body as the message, with the SQS message id', () => {
    expect(parseDelivery(sqsRecord('m-1', { [ID_FIELD]: 'order-1', total: 42 }))).toEqual({ messageId: 'm-1', message: { [ID_FIELD]: 'order-1', total: 42 } });
  });

  test.each([
    ['a body that is not JSON', 'total=42', 'message m-1: body must be valid JSON'],
    ['a body that is not an object', [1, 2], 'message m-1: body must be a JSON object'],
    ['an empty id', { [ID_FIELD]: '' }, `message m-1: body field '${ID_FIELD}' must be a non-empty string when present`],
    ['an id that is not a string', { [ID_FIELD]: 7 }, `message m-1: body field '${ID_FIELD}' must be a non-empty string when present`],
  ])('rejects %s, naming the message', (_case, body, message) => {
    expect(() => parseDelivery(sqsRecord('m-1', body))).toThrow(new InvalidMessageError(message));
  });
});

describe('processMessage', () => {
  test.each([
    ['the body\'s id', { [ID_FIELD]: 'order-1' }, 'order-1'],
    ['the message id, without one', {}, 'm-1'],
  ])('returns an outcome keyed by %s', async (_case, message, id) => {
    await expect(processMessage({ messageId: 'm-1', message })).resolves.toEqual({ id, status: 'PROCESSED' });
  });
});

describe('idempotent', () => {
  test('returns the first outcome for a second message with the same body id, without running again', async () => {
    // Prepare
    const { run, processOnce } = countedProcessor();

    // Act
    const first = await processOnce({ messageId: 'm-1', message: { [ID_FIELD]: 'order-1', total: 42 } });
    const second = await processOnce({ messageId: 'm-2', message: { [ID_FIELD]: 'order-1', total: 42 } });

    // Assert
    expect(run).toHaveBeenCalledTimes(1);
    expect(first).toEqual({ id: 'order-1', status: 'run 1' });
    expect(second).toEqual(first);
  });

  test('keys a message without a body id on its message id: a redelivery runs once, another message runs', async () => {
    const { run, processOnce } = countedProcessor();
    await processOnce({ messageId: 'm-1', message: { total: 42 } });
    await processOnce({ messageId: 'm-1', message: { total: 42 } });
    await processOnce({ messageId: 'm-2', message: { total: 42 } });
    expect(run.mock.calls.map(([delivery]) => delivery.messageId)).toEqual(['m-1', 'm-2']);
  });

  test('remembers no failure: the retry of a message that failed runs again', async () => {
    const persistenceStore = new MemoryPersistenceLayer();
    const run = jest.fn<Promise<Outcome>, [Delivery]>()
      .mockRejectedValueOnce(new Error('downstream unavailable'))
      .mockResolvedValueOnce({ id: 'order-1', status: 'PROCESSED' });
    const processOnce = idempotent(run, persistenceStore, registeredConfig());
    const delivery = { messageId: 'm-1', message: { [ID_FIELD]: 'order-1' } };
    await expect(processOnce(delivery)).rejects.toThrow('downstream unavailable');
    await expect(processOnce(delivery)).resolves.toEqual({ id: 'order-1', status: 'PROCESSED' });
    expect(run).toHaveBeenCalledTimes(2);
  });
});

describe('processMessages', () => {
  test('reports only the bad message\'s id, and processes the others', async () => {
    // Prepare
    const error = jest.spyOn(Logger.prototype, 'error');
    const { run, processOnce } = countedProcessor();
    const event = sqsEvent(sqsRecord('m-1', { [ID_FIELD]: 'order-1' }), sqsRecord('m-2', 'not json'), sqsRecord('m-3', { [ID_FIELD]: 'order-3' }));

    // Act
    const response = await processMessages(event, processOnce, context);

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(run.mock.calls.map(([delivery]) => delivery.messageId).sort()).toEqual(['m-1', 'm-3']);
    expect(error).toHaveBeenCalledWith('message failed', { messageId: 'm-2', receiveCount: '1', error: expect.any(InvalidMessageError) });
  });

  test('processes a request once when its client retried it, across batches', async () => {
    const { run, processOnce } = countedProcessor();
    await processMessages(sqsEvent(sqsRecord('m-1', { [ID_FIELD]: 'order-1' })), processOnce);
    const response = await processMessages(sqsEvent(sqsRecord('m-2', { [ID_FIELD]: 'order-1' })), processOnce);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(run).toHaveBeenCalledTimes(1);
  });

  test('fails a duplicate in the same batch while the first is in progress, so SQS delivers it again', async () => {
    const { run, processOnce } = countedProcessor();
    const response = await processMessages(sqsEvent(sqsRecord('m-1', { [ID_FIELD]: 'order-1' }), sqsRecord('m-2', { [ID_FIELD]: 'order-1' })), processOnce);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(run).toHaveBeenCalledTimes(1);
  });

  test('fails the invocation when every message fails', async () => {
    const { processOnce } = countedProcessor();
    await expect(processMessages(sqsEvent(sqsRecord('m-1', '[')), processOnce)).rejects.toThrow(FullBatchFailureError);
  });
});

describe('handler', () => {
  // the first test runs before the table is named: the handler makes its store on the first invocation that has it
  test('fails naming IDEMPOTENCY_TABLE_NAME when the stack did not set it', async () => {
    delete process.env.IDEMPOTENCY_TABLE_NAME;
    await expect(handler(sqsEvent(sqsRecord('m-1', { [ID_FIELD]: 'order-1' })), context)).rejects.toThrow('environment variable IDEMPOTENCY_TABLE_NAME is not set');
  });

  test('keeps its idempotency records in the table named by IDEMPOTENCY_TABLE_NAME, expiring with the invocation', async () => {
    // Prepare: DynamoDB accepts every write, as it does for keys it has not seen
    process.env.IDEMPOTENCY_TABLE_NAME = 'idempotency';
    const send = jest.spyOn(DynamoDBClient.prototype, 'send').mockImplementation(async () => ({}));

    // Act
    const response = await handler(sqsEvent(sqsRecord('m-1', { [ID_FIELD]: 'order-1' })), context);

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    const [[put], [update]] = send.mock.calls as unknown as Array<[PutItemCommand | UpdateItemCommand]>;
    expect(put).toBeInstanceOf(PutItemCommand);
    expect(put.input).toMatchObject({
      TableName: 'idempotency',
      Item: { status: { S: 'INPROGRESS' }, in_progress_expiration: { N: expect.any(String) } },
    });
    const deadline = Number((put as PutItemCommand).input.Item!.in_progress_expiration.N);
    expect(deadline).toBeGreaterThan(Date.now() + 25_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(update).toBeInstanceOf(UpdateItemCommand);
    expect(update.input).toMatchObject({ TableName: 'idempotency' });
  });
});
