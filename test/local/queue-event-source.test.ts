import { LocalEventSourceMapping, LocalQueue } from '../../src/local/local-app';
import { LocalQueues } from '../../src/local/local-queues';
import { QueueEventSource } from '../../src/local/queue-event-source';
import { InvocationOutcome } from '../../src/local/rest-api-server';

const QUEUE: LocalQueue = {
  logicalId: 'Orders',
  name: 'orders',
  url: 'http://127.0.0.1:9324/000000000000/orders',
  arn: 'arn:aws:sqs:us-east-1:000000000000:orders',
  visibilityTimeoutSeconds: 30,
  retentionSeconds: 345_600,
};

function mapping(extra: Partial<LocalEventSourceMapping> = {}): LocalEventSourceMapping {
  return {
    logicalId: 'Mapping',
    function: 'Fulfil',
    sourceKind: 'queue',
    source: 'Orders',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    bisectBatchOnError: false,
    maxRetryAttempts: -1,
    filters: [],
    ...extra,
  };
}

/** Runs the mapping until its first batch is processed; returns what the function received and what is left in the queue. */
async function run(settings: Partial<LocalEventSourceMapping>, bodies: string[], answer: (ids: string[]) => InvocationOutcome) {
  const queues = new LocalQueues([QUEUE]);
  const batches: Array<Array<{ messageId: string; body: string }>> = [];
  const source = new QueueEventSource(mapping(settings), queues, async (_fn, event) => {
    const records = (event as { Records: Array<{ messageId: string; body: string }> }).Records;
    batches.push(records.map(({ messageId, body }) => ({ messageId, body })));
    return answer(records.map((record) => record.messageId));
  });
  bodies.forEach((body) => queues.send('Orders', body));
  source.start();
  // every message is received at once (the batch holds 10): wait for that batch to be processed
  for (let i = 0; i < 200 && !(batches.length > 0 && source.idle); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await source.stop();
  return { batches, left: queues.peek('Orders').map((message) => message.body) };
}

test('a batch that succeeds is deleted', async () => {
  const { batches, left } = await run({}, ['{"id":"a"}', '{"id":"b"}'], () => ({ ok: true, result: {} }));
  expect(batches.flat().map((record) => record.body)).toEqual(['{"id":"a"}', '{"id":"b"}']);
  expect(left).toEqual([]);
});

test('reported failures stay in the queue, the rest is deleted', async () => {
  const { left } = await run({}, ['{"id":"a"}', '{"id":"b"}'], (ids) => ({ ok: true, result: { batchItemFailures: [{ itemIdentifier: ids[1] }] } }));
  expect(left).toEqual(['{"id":"b"}']);
});

test('a failed invocation, or a reported id not in the batch, keeps the whole batch', async () => {
  expect((await run({}, ['{"id":"a"}'], () => ({ ok: false, errorType: 'Error', errorMessage: 'x', timedOut: false }))).left).toEqual(['{"id":"a"}']);
  expect((await run({}, ['{"id":"a"}'], () => ({ ok: true, result: { batchItemFailures: [{ itemIdentifier: 'other' }] } }))).left).toEqual(['{"id":"a"}']);
});

test('filter criteria: a message that matches no pattern is deleted without invoking the function', async () => {
  const { batches, left } = await run({ filters: [{ body: { type: ['ORDER_PLACED'] } }] },
    ['{"type":"ORDER_PLACED","id":"a"}', '{"type":"ORDER_CANCELLED","id":"b"}', 'not json'], () => ({ ok: true, result: {} }));
  expect(batches.flat().map((record) => record.body)).toEqual(['{"type":"ORDER_PLACED","id":"a"}']);
  expect(left).toEqual([]);
});
