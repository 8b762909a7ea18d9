// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue, Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { changedAttributes, handler, InvalidRecordError, parseChange } from '../../../src/handlers/data/stream-records';

const context = { functionName: 'stream-records', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

type Image = Record<string, AttributeValue>;

/** A stream record of a NEW_AND_OLD_IMAGES stream, as Lambda delivers it; images left out are absent. */
function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  sequenceNumber: string,
  images: { newImage?: Image; oldImage?: Image } = {},
): DynamoDBRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/items/stream/2024-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1704067200,
      Keys: { id: { S: 'item-1' } },
      NewImage: images.newImage,
      OldImage: images.oldImage,
      SequenceNumber: sequenceNumber,
      SizeBytes: 64,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function streamEvent(...records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

const OLD: Image = { id: { S: 'item-1' }, name: { S: 'Lamp' }, price: { N: '10' } };
const NEW: Image = { id: { S: 'item-1' }, name: { S: 'Lamp' }, price: { N: '12' }, tags: { L: [{ S: 'sale' }] } };

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseChange', () => {
  test('unmarshalls the new image of an INSERT to plain values', () => {
    expect(parseChange(streamRecord('INSERT', '100', { newImage: NEW }))).toEqual({
      eventName: 'INSERT',
      keys: { id: 'item-1' },
      newItem: { id: 'item-1', name: 'Lamp', price: 12, tags: ['sale'] },
    });
  });

  test('unmarshalls both images of a MODIFY', () => {
    expect(parseChange(streamRecord('MODIFY', '100', { newImage: NEW, oldImage: OLD }))).toEqual({
      eventName: 'MODIFY',
      keys: { id: 'item-1' },
      newItem: { id: 'item-1', name: 'Lamp', price: 12, tags: ['sale'] },
      oldItem: { id: 'item-1', name: 'Lamp', price: 10 },
    });
  });

  test('unmarshalls the old image of a REMOVE', () => {
    expect(parseChange(streamRecord('REMOVE', '100', { oldImage: OLD }))).toEqual({
      eventName: 'REMOVE',
      keys: { id: 'item-1' },
      oldItem: { id: 'item-1', name: 'Lamp', price: 10 },
    });
  });

  test.each([
    ['INSERT', 'NewImage', {}],
    ['MODIFY', 'OldImage', { newImage: NEW }],
    ['REMOVE', 'OldImage', {}],
  ] as const)('rejects %s without its %s, naming the record and the view type to use', (eventName, missing, images) => {
    expect(() => parseChange(streamRecord(eventName, '100', images))).toThrow(new InvalidRecordError(
      `record 100 (${eventName}) has no ${missing}: give the table's stream the view type NEW_AND_OLD_IMAGES`,
    ));
  });
});

describe('changedAttributes', () => {
  test('names the attributes added, removed or changed, sorted', () => {
    expect(changedAttributes({ a: 1, b: [1], c: 'x' }, { a: 1, b: [2], d: true })).toEqual(['b', 'c', 'd']);
  });
});

describe('handler', () => {
  test('reports only the failing record\'s sequence number, and processes the others', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');
    const error = jest.spyOn(Logger.prototype, 'error');
    const event = streamEvent(
      streamRecord('INSERT', '100', { newImage: NEW }),
      streamRecord('MODIFY', '200', { newImage: NEW }),
      streamRecord('REMOVE', '300', { oldImage: OLD }),
    );

    // Act
    const response = await handler(event, context);

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(info).toHaveBeenCalledWith('item inserted', { keys: { id: 'item-1' } });
    expect(info).toHaveBeenCalledWith('item removed', { keys: { id: 'item-1' } });
    expect(error).toHaveBeenCalledWith('record failed', { sequenceNumber: '200', eventName: 'MODIFY', error: expect.any(InvalidRecordError) });
  });

  test('reports no failure when every record is processed', async () => {
    const event = streamEvent(streamRecord('MODIFY', '100', { newImage: NEW, oldImage: OLD }));
    await expect(handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
  });

  test('processes the records in stream order, so the changes of an item apply in order', async () => {
    const info = jest.spyOn(Logger.prototype, 'info');
    await handler(streamEvent(
      streamRecord('INSERT', '100', { newImage: OLD }),
      streamRecord('MODIFY', '200', { newImage: NEW, oldImage: OLD }),
      streamRecord('REMOVE', '300', { oldImage: NEW }),
    ), context);
    expect(info.mock.calls.map(([message]) => message)).toEqual(['item inserted', 'item modified', 'item removed']);
  });

  test('fails the invocation when every record fails, so the whole batch is retried', async () => {
    const event = streamEvent(streamRecord('INSERT', '100'), streamRecord('REMOVE', '200'));
    await expect(handler(event, context)).rejects.toThrow(FullBatchFailureError);
  });
});
