import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ItemPage, itemStore, ItemStore } from './store';
import { apiHandler, BadRequestError, json } from '../shared/http';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

/** Parses the `limit` query parameter: a whole number from 1 to 100. */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) {
    return DEFAULT_LIMIT;
  }
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestError(`query parameter 'limit' must be a whole number from 1 to ${MAX_LIMIT}; got '${value}'`);
  }
  return limit;
}

/** Lists a page of items. */
export async function listItems(store: ItemStore, limit: number, nextToken?: string): Promise<ItemPage> {
  return store.list(limit, nextToken);
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  const query = event.queryStringParameters ?? {};
  const page = await listItems(itemStore(), parseLimit(query.limit), query.nextToken);
  return json(200, page);
});
