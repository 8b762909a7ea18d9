import type { Context, EventBridgeEvent } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The events this function's rule delivers: their source and detail type. */
export const SOURCE = 'items';
export const DETAIL_TYPE = 'ItemCreated';

/** The detail fields this function needs, non-empty strings every such event carries; may be `[] as const`. */
export const REQUIRED_FIELDS = ['id'] as const;

/** The event's detail: the required fields, and whatever else the publisher sent. */
export type Detail = Record<(typeof REQUIRED_FIELDS)[number], string> & Record<string, unknown>;

/** An event as EventBridge delivers it; `parseDetail` checks its detail. */
export type SubscribedEvent = EventBridgeEvent<typeof DETAIL_TYPE, unknown>;

/** An event this function cannot process. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** The event's detail, or an `InvalidEventError` naming the event and the fields it lacks. */
export function parseDetail(event: SubscribedEvent): Detail {
  const detail = event.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new InvalidEventError(`event ${event.id}: detail must be an object`);
  }
  const fields = detail as Record<string, unknown>;
  const missing = REQUIRED_FIELDS.filter((field) => typeof fields[field] !== 'string' || fields[field] === '');
  if (missing.length > 0) {
    throw new InvalidEventError(`event ${event.id}: detail needs the non-empty string fields ${missing.map((f) => `'${f}'`).join(', ')}`);
  }
  return fields as Detail;
}

/**
 * The function's business logic, apart from the Lambda adapter: replace it with yours.
 *
 * Events are delivered at least once and failed invocations are retried, so the same event can
 * arrive again: make this idempotent, keyed on `eventId` (for example a conditional write that
 * records it, or the Powertools idempotency utility).
 */
export async function processEvent(detail: Detail, eventId: string): Promise<void> {
  logger.info('event processed', { eventId, fields: Object.keys(detail) });
}

/**
 * Throwing fails the invocation. EventBridge invokes the function asynchronously, so Lambda
 * retries it (twice by default) and then sends the event to the function's dead-letter queue,
 * where an invalid event ends up too. EventBridge's own retries and the rule's dead-letter
 * queue only cover deliveries that never reached the function (throttling, permissions).
 */
export const handler = observed(async (event: SubscribedEvent, context: Context): Promise<void> => {
  logger.addContext(context);
  const received = { eventId: event.id, source: event.source, detailType: event['detail-type'] };
  try {
    await processEvent(parseDetail(event), event.id);
  } catch (error) {
    logger.error('event failed', { ...received, error });
    throw error;
  }
});
