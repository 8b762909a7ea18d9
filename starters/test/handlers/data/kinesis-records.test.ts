// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import {
  ALERT_THRESHOLD,
  addToTotals,
  BatchConsumer,
  consumerFor,
  decodeEvent,
  handler,
  InvalidRecordError,
  KIND,
  processRecords,
  StreamEvent,
  Total,
} from '../../../src/handlers/data/kinesis-records';

const context = { functionName: 'kinesis-records', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** A Kinesis record whose data is `payload` as JSON, base64-encoded as Lambda delivers it; a string is sent as it is. */
function kinesisRecord(sequenceNumber: string, payload: unknown): KinesisStreamRecord {
  const data = typeof payload === 'string' ? payload : Buffer.from(JSON.stringify(payload)).toString('base64');
  return {
    awsRegion: 'eu-west-1',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/events',
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer',
    kinesis: {
      approximateArrivalTimestamp: 1704067200.5,
      data,
      kinesisSchemaVersion: '1.0',
      partitionKey: 'user-1',
      sequenceNumber,
    },
  };
}

function kinesisEvent(...records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}

/** A consumer that records the events it takes and whether it finished. */
function recordingConsumer(): BatchConsumer & { taken: StreamEvent[]; finished: boolean } {
  const consumer = {
    taken: [] as StreamEvent[],
    finished: false,
    take: async (event: StreamEvent) => {
      consumer.taken.push(event);
    },
    finish: async () => {
      consumer.finished = true;
    },
  };
  return consumer;
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('decodeEvent', () => {
  test('decodes the base64 JSON data, fields beyond type and value included', () => {
    const payload = { type: 'page_view', value: 1, page: '/home' };
    expect(decodeEvent(kinesisRecord('100', payload))).toEqual(payload);
  });

  test.each([
    ['data that is not base64', '%%%', 'record 100: data is not base64'],
    ['data that is not JSON', Buffer.from('page_view=1').toString('base64'), 'record 100: data is not JSON (Unexpected token'],
    ['an array', [{ type: 'page_view', value: 1 }], "record 100: data must be a JSON object with a non-empty string 'type' and a numeric 'value'"],
    ['an empty type', { type: '', value: 1 }, "record 100: data must be a JSON object with a non-empty string 'type' and a numeric 'value'"],
    ['a value that is not a number', { type: 'page_view', value: '1' }, "record 100: data must be a JSON object with a non-empty string 'type' and a numeric 'value'"],
  ])('rejects %s, naming the record', (_case, payload, message) => {
    const decode = () => decodeEvent(kinesisRecord('100', payload));
    expect(decode).toThrow(InvalidRecordError);
    expect(decode).toThrow(message);
  });
});

describe('addToTotals', () => {
  test('counts the events of each type and sums their values', () => {
    const totals = new Map<string, Total>();
    [{ type: 'order', value: 30 }, { type: 'order', value: 12 }, { type: 'refund', value: 5 }].forEach((event) => addToTotals(totals, event));
    expect(Object.fromEntries(totals)).toEqual({ order: { count: 2, sum: 42 }, refund: { count: 1, sum: 5 } });
  });
});

describe('consumerFor', () => {
  test('analytics publishes the totals of the batch when it finishes', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');
    const consumer = consumerFor('analytics');

    // Act
    await consumer.take({ type: 'order', value: 30 });
    await consumer.take({ type: 'order', value: 12 });
    await consumer.finish();

    // Assert
    expect(info).toHaveBeenCalledWith('batch aggregated', { totals: { order: { count: 2, sum: 42 } } });
  });

  test('alerting raises an alert for each event at or over the threshold, and only for those', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const consumer = consumerFor('alerting');
    for (const value of [ALERT_THRESHOLD - 1, ALERT_THRESHOLD, ALERT_THRESHOLD + 1]) {
      await consumer.take({ type: 'latency', value });
    }
    await consumer.finish();
    expect(warn.mock.calls).toEqual([
      ['alert raised', { type: 'latency', value: ALERT_THRESHOLD, threshold: ALERT_THRESHOLD }],
      ['alert raised', { type: 'latency', value: ALERT_THRESHOLD + 1, threshold: ALERT_THRESHOLD }],
    ]);
  });
});

describe('processRecords', () => {
  test('reports only the bad record\'s sequence number, and hands the others over in order', async () => {
    // Prepare
    const error = jest.spyOn(Logger.prototype, 'error');
    const consumer = recordingConsumer();
    const event = kinesisEvent(
      kinesisRecord('100', { type: 'order', value: 1 }),
      kinesisRecord('200', 'not-json'),
      kinesisRecord('300', { type: 'order', value: 2 }),
    );

    // Act
    const response = await processRecords(event, consumer, context);

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(consumer.taken).toEqual([{ type: 'order', value: 1 }, { type: 'order', value: 2 }]);
    expect(consumer.finished).toBe(true);
    expect(error).toHaveBeenCalledWith('record failed', { sequenceNumber: '200', partitionKey: 'user-1', error: expect.any(InvalidRecordError) });
  });

  test('reports a record whose consumer throws, as it does a bad one', async () => {
    const consumer: BatchConsumer = {
      take: async (event) => {
        if (event.value < 0) {
          throw new Error('negative value');
        }
      },
      finish: async () => {},
    };
    const event = kinesisEvent(kinesisRecord('100', { type: 'order', value: -1 }), kinesisRecord('200', { type: 'order', value: 1 }));
    await expect(processRecords(event, consumer)).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
  });

  test('fails the invocation when every record fails, without finishing the batch', async () => {
    const consumer = recordingConsumer();
    await expect(processRecords(kinesisEvent(kinesisRecord('100', '%%%')), consumer)).rejects.toThrow(FullBatchFailureError);
    expect(consumer.finished).toBe(false);
  });
});

describe('handler', () => {
  test(`runs the ${KIND} consumer and reports no failure for a good batch`, async () => {
    const event = kinesisEvent(kinesisRecord('100', { type: 'order', value: 1 }));
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
  });
});
