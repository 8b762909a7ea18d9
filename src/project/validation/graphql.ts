/** The GraphQL API's options and its resolvers: one function per field, and a Query type. */
import { checkEnum, inRange, PROJECT_FILE } from './checks';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { GraphqlFieldLogLevel, GraphqlOptions, ServiceOptions } from '../options';

/** The GraphQL API's own options: its enums, the API key's expiry and the schema file. */
export function checkGraphql(graphql: GraphqlOptions | undefined): string[] {
  const problems = [
    ...checkEnum('graphql.authorization', graphql?.authorization, GraphqlAuthorization),
    ...checkEnum('graphql.fieldLogLevel', graphql?.fieldLogLevel, GraphqlFieldLogLevel),
  ];
  if (graphql?.apiKeyExpiryDays !== undefined && !inRange(graphql.apiKeyExpiryDays, 1, 365)) {
    problems.push(`\`graphql.apiKeyExpiryDays\` must be a whole number of days from 1 to 365 (AppSync's limits); got ${graphql.apiKeyExpiryDays}.`);
  }
  if (graphql?.schemaFile !== undefined && !(PROJECT_FILE.test(graphql.schemaFile) && graphql.schemaFile.endsWith('.graphql'))) {
    problems.push(`\`graphql.schemaFile\` must be a relative path in the project ending in .graphql; got '${graphql.schemaFile}'.`);
  }
  return problems;
}

/** One function per GraphQL field, and a Query type, which AppSync requires. */
export function checkResolvers(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const service of services) {
    for (const fn of service.functions ?? []) {
      if (!fn.resolver) {
        continue;
      }
      const field = `${fn.resolver.typeName}.${fn.resolver.fieldName}`;
      const owner = owners.get(field);
      if (owner) {
        problems.push(`resolver ${field} is declared twice: by '${owner}' and by '${service.name}/${fn.name}'; each field has one function.`);
      }
      owners.set(field, `${service.name}/${fn.name}`);
    }
  }
  if (owners.size > 0 && ![...owners.keys()].some((field) => field.startsWith('Query.'))) {
    problems.push(`resolvers ${[...owners.keys()].join(', ')}: a GraphQL schema needs a Query type; declare at least one \`Query\` resolver.`);
  }
  return problems;
}
