// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import {
  DETAIL_TYPE,
  handler,
  InvalidEventError,
  parseDetail,
  REQUIRED_FIELDS,
  SOURCE,
  SubscribedEvent,
} from '../../../src/handlers/generic/subscriber';

const context = { functionName: 'subscriber', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** A detail with every required field set to `<field>-1`. */
function validDetail(): Record<string, unknown> {
  return Object.fromEntries(REQUIRED_FIELDS.map((field) => [field, `${field}-1`]));
}

/** An event of the subscribed source and detail type, as EventBridge delivers it. */
function subscribedEvent(detail: unknown, id = 'event-1'): SubscribedEvent {
  return {
    'version': '0',
    id,
    'detail-type': DETAIL_TYPE,
    'source': SOURCE,
    'account': '123456789012',
    'time': '2024-01-01T00:00:00Z',
    'region': 'eu-west-1',
    'resources': [],
    detail,
  };
}

describe('parseDetail', () => {
  test('returns the detail, extra fields included', () => {
    const detail = { ...validDetail(), note: 'kept' };
    expect(parseDetail(subscribedEvent(detail))).toEqual(detail);
  });

  test.each([null, 'text', [1]])('rejects the detail %p, naming the event', (detail) => {
    expect(() => parseDetail(subscribedEvent(detail, 'event-7'))).toThrow(new InvalidEventError('event event-7: detail must be an object'));
  });
});

// With no required fields (`REQUIRED_FIELDS = [] as const`), these cases do not apply.
const [FIELD] = REQUIRED_FIELDS as readonly string[];

(FIELD ? describe : describe.skip)('parseDetail, on a required field', () => {
  test.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('rejects a detail whose required field is %s, naming the field', (_case, value) => {
    const detail = { ...validDetail(), [FIELD]: value };
    expect(() => parseDetail(subscribedEvent(detail, 'event-7'))).toThrow(
      new InvalidEventError(`event event-7: detail needs the non-empty string fields '${FIELD}'`),
    );
  });
});

describe('handler', () => {
  test('processes a valid event and logs its id, so a redelivery can be traced', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');

    // Act
    await handler(subscribedEvent(validDetail(), 'event-1'), context);

    // Assert
    expect(info).toHaveBeenCalledWith('event processed', expect.objectContaining({ eventId: 'event-1' }));
  });

  test('fails on an invalid event, so Lambda retries it and then dead-letters it', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    await expect(handler(subscribedEvent(null, 'event-2'), context)).rejects.toThrow(InvalidEventError);
    expect(error).toHaveBeenCalledWith('event failed', expect.objectContaining({
      eventId: 'event-2',
      detailType: DETAIL_TYPE,
      error: expect.any(InvalidEventError),
    }));
  });
});
