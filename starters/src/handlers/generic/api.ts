import type { APIGatewayProxyEvent } from 'aws-lambda';
import { apiHandler, json } from '../shared/http';

/** What this route answers. */
export interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
}

/** The route's business logic, apart from the Lambda adapter: replace it with yours. */
export async function handleRequest(method: string, path: string): Promise<RouteResult> {
  return { statusCode: 501, body: { message: `${method} ${path} is not implemented yet` } };
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  const result = await handleRequest(event.httpMethod, event.path);
  return json(result.statusCode, result.body);
});
