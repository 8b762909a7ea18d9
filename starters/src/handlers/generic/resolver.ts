import type { AppSyncResolverEvent, Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The GraphQL field this function resolves, as `Type.field`. */
export const FIELD = 'Query.getItem';

/** The field's arguments, as the GraphQL schema declares them: write yours here. */
export interface Args {
  readonly id: string;
}

/** What the field returns: the schema's type, written out. */
export interface Result {
  readonly id: string;
}

/** Arguments the field cannot use; AppSync sets the field to null and reports the message in `errors`. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/**
 * Checks what the GraphQL types cannot say: AppSync has already checked the arguments' types
 * and that the non-null ones are there.
 */
export function checkArgs(args: Args): Args {
  if (args.id.trim() === '' || args.id.length > 128) {
    throw new ArgumentError(`${FIELD}: argument 'id' must be a non-blank string of at most 128 characters`);
  }
  return args;
}

/** The field's business logic, apart from the Lambda adapter: replace it with yours. */
export async function resolveField(args: Args): Promise<Result | null> {
  return { id: args.id };
}

export const handler = observed(async (event: AppSyncResolverEvent<Args>, context: Context): Promise<Result | null> => {
  logger.addContext(context);
  const field = `${event.info.parentTypeName}.${event.info.fieldName}`;
  if (field !== FIELD) {
    throw new Error(`this function resolves ${FIELD}, not ${field}: check the resolver's data source`);
  }
  return resolveField(checkArgs(event.arguments));
});
