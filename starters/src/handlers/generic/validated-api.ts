import type { APIGatewayProxyEvent } from 'aws-lambda';
import schema from '../../../schemas/example.json';
import { apiHandler, json, parseJsonObject } from '../shared/http';
import { bodyValidator } from '../shared/validation';

/** The request body, as the route's schema describes it: keep the two in step. */
export interface Body { readonly name: string; readonly email?: string }

/**
 * The body check, compiled once. API Gateway validates the body against the same schema
 * before the function runs; this check keeps the function safe when it is invoked another way
 * (a test, a console, a changed API), and types the body for your code.
 */
const validateBody = bodyValidator<Body>(schema);

/** What this route answers. */
export interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
}

/** The route's business logic, apart from the Lambda adapter: replace it with yours. */
export async function handleBody(body: Body): Promise<RouteResult> {
  return { statusCode: 200, body: { received: body } };
}

export const handler = apiHandler(async (event: APIGatewayProxyEvent) => {
  const result = await handleBody(validateBody(parseJsonObject(event)));
  return json(result.statusCode, result.body);
});
