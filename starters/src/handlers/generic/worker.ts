import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The function's business logic, apart from the Lambda adapter: replace it with yours. */
export async function processEvent(event: unknown): Promise<{ processed: boolean }> {
  return { processed: event !== undefined };
}

export const handler = observed(async (event: unknown, context: Context): Promise<{ processed: boolean }> => {
  logger.addContext(context);
  const result = await processEvent(event);
  logger.info('event processed', { result });
  return result;
});
