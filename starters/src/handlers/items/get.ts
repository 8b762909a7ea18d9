import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Item, itemStore, ItemStore } from './store';
import { apiHandler, json, NotFoundError, pathParameter } from '../shared/http';

/** The route's path parameter that holds the item's key. */
const PATH_PARAMETER = 'id';

/** Reads one item, or fails with 404. */
export async function getItem(key: string, store: ItemStore): Promise<Item> {
  const item = await store.get(key);
  if (!item) {
    throw new NotFoundError(`item '${key}' not found`);
  }
  return item;
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  return json(200, await getItem(pathParameter(event, PATH_PARAMETER), itemStore()));
});
