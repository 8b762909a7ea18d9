import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of this app's handlers. Its service name comes from the function's
 * `POWERTOOLS_SERVICE_NAME` environment variable, set by the generated stack.
 */
export const logger = new Logger();
