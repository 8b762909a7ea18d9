import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Item, itemStore, ItemStore, KEY_ATTRIBUTE } from './store';
import { apiHandler, BadRequestError, json, NotFoundError, parseJsonObject, pathParameter } from '../shared/http';

/** The route's path parameter that holds the item's key. */
const PATH_PARAMETER = 'id';

/** Replaces an existing item's attributes, or fails with 404. The key cannot change. */
export async function updateItem(key: string, attributes: Record<string, unknown>, store: ItemStore): Promise<Item> {
  const { [KEY_ATTRIBUTE]: bodyKey, ...rest } = attributes;
  if (bodyKey !== undefined && bodyKey !== key) {
    throw new BadRequestError(`'${KEY_ATTRIBUTE}' in the body must match the path ('${key}') or be left out`);
  }
  if (Object.keys(rest).length === 0) {
    throw new BadRequestError(`an item needs at least one attribute besides '${KEY_ATTRIBUTE}'`);
  }
  const item: Item = { ...rest, [KEY_ATTRIBUTE]: key };
  if (!(await store.replace(item))) {
    throw new NotFoundError(`item '${key}' not found`);
  }
  return item;
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  const item = await updateItem(pathParameter(event, PATH_PARAMETER), parseJsonObject(event), itemStore());
  return json(200, item);
});
