import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Item, itemStore, ItemStore, KEY_ATTRIBUTE } from './store';
import { PublishEvent, publishEvent } from '../shared/events';
import { apiHandler, BadRequestError, json, parseJsonObject } from '../shared/http';
import { logger } from '../shared/logger';

/** The event published for every created item, if the function publishes one. */
export const ITEM_CREATED: string | undefined = 'ItemCreated';

/**
 * Checks a new item's attributes: at least one besides the key, and a key, when given, that is
 * a non-empty string of at most 128 characters. Returns the item with its key.
 */
export function newItem(attributes: Record<string, unknown>, generateKey: () => string = randomUUID): Item {
  const { [KEY_ATTRIBUTE]: key, ...rest } = attributes;
  if (Object.keys(rest).length === 0) {
    throw new BadRequestError(`an item needs at least one attribute besides '${KEY_ATTRIBUTE}'`);
  }
  if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 128)) {
    throw new BadRequestError(`'${KEY_ATTRIBUTE}' must be a non-empty string of at most 128 characters`);
  }
  return { ...rest, [KEY_ATTRIBUTE]: key ?? generateKey() };
}

/** Stores a new item and announces it with an `ITEM_CREATED` event. */
export async function createItem(attributes: Record<string, unknown>, store: ItemStore, publish: PublishEvent): Promise<Item> {
  const item = newItem(attributes);
  await store.put(item);
  if (ITEM_CREATED) {
    await publish(ITEM_CREATED, { [KEY_ATTRIBUTE]: item[KEY_ATTRIBUTE] });
  }
  logger.info('item created', { key: item[KEY_ATTRIBUTE] });
  return item;
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  const item = await createItem(parseJsonObject(event), itemStore(), publishEvent);
  return json(201, item);
});
