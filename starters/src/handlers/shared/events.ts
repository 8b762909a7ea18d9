import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { requiredEnv } from './env';
import { traced } from './observability';

/** Publishes one event; tests pass a fake. */
export type PublishEvent = (detailType: string, detail: object) => Promise<void>;

let client: EventBridgeClient | undefined;

/**
 * Publishes to the bus named by `EVENT_BUS_NAME` with the source `EVENT_SOURCE`; the stack
 * allows only the detail types the function declares.
 */
export const publishEvent: PublishEvent = async (detailType, detail) => {
  client ??= traced(new EventBridgeClient({}));
  const out = await client.send(new PutEventsCommand({
    Entries: [{
      EventBusName: requiredEnv('EVENT_BUS_NAME'),
      Source: requiredEnv('EVENT_SOURCE'),
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    }],
  }));
  if (out.FailedEntryCount) {
    const entry = out.Entries?.[0];
    throw new Error(`event ${detailType} was not published: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
  }
};
