/** The GraphQL API's options and its resolvers: one function per field, and a Query type. */
import { inRange, PROJECT_FILE } from './checks';
import { GraphqlOptions, ServiceOptions } from '../options';

/** The GraphQL API's own options: the API key's expiry and the schema file. */
export function checkGraphql(graphql: GraphqlOptions | undefined): string[] {
  const problems: string[] = [];
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
  const owners = new Map<string, { readonly where: string; readonly label: string }>();
  for (const [serviceIndex, service] of services.entries()) {
    for (const [index, fn] of (service.functions ?? []).entries()) {
      if (!fn.resolver) {
        continue;
      }
      const field = `${fn.resolver.typeName}.${fn.resolver.fieldName}`;
      const where = `services[${serviceIndex}].functions[${index}].resolver`;
      const label = `${service.name}/${fn.name}`;
      const owner = owners.get(field);
      if (owner) {
        problems.push(`\`${where}\` ('${label}'): resolver ${field} is declared twice, by '${owner.label}' (\`${owner.where}\`) too; each field has one function.`);
      } else {
        owners.set(field, { where, label });
      }
    }
  }
  if (owners.size > 0 && ![...owners.keys()].some((field) => field.startsWith('Query.'))) {
    const resolvers = [...owners.entries()].map(([field, { where }]) => `${field} (\`${where}\`)`);
    problems.push(`resolvers ${resolvers.join(', ')}: a GraphQL schema needs a Query type; declare at least one \`Query\` resolver.`);
  }
  return problems;
}
