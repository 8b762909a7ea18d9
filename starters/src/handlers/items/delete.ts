import type { APIGatewayProxyEvent } from 'aws-lambda';
import { itemStore, ItemStore } from './store';
import { apiHandler, json, NotFoundError, pathParameter } from '../shared/http';

/** The route's path parameter that holds the item's key. */
const PATH_PARAMETER = 'id';

/** Deletes an item, or fails with 404. */
export async function deleteItem(key: string, store: ItemStore): Promise<void> {
  if (!(await store.delete(key))) {
    throw new NotFoundError(`item '${key}' not found`);
  }
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  await deleteItem(pathParameter(event, PATH_PARAMETER), itemStore());
  return json(204, undefined);
});
