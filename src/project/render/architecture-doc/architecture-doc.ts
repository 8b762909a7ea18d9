import { alarmsSection } from './alarms-section';
import { costSection } from './cost-section';
import { dataSections, queueRouteRows, tableStreamSentence } from './data-sections';
import { diagram } from './diagram';
import { workflowSection } from './workflow-section';
import { CostConfig } from '../../../cost';
import { AppModel, FunctionModel } from '../../model';
import { ARCHITECTURES, RUNTIMES } from '../../runtimes';
import { describeFunction, describeSubscription } from '../describe';
import { lines } from '../typescript';

/** `docs/architecture.md`: a Mermaid diagram and the tables of functions, presets and triggers; with `cost`, what the app costs. */
export function renderArchitectureDoc(app: AppModel, cost?: CostConfig): string {
  return lines(
    `# Architecture of \`${app.stackName}\``,
    '',
    'Generated from `.projenrc.ts` by projen-serverless-patterns: change the options and run',
    '`npx projen` to update this page, the stack and its tests together.',
    '',
    '```mermaid',
    'flowchart LR',
    ...diagram(app),
    '```',
    '',
    '## Functions',
    '',
    '| Function | Handler | Trigger | Preset | Memory | Timeout | Reserved concurrency | Provisioned concurrency | Table access | Publishes |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...app.functions.map((fn) => `| \`${fn.service}/${fn.name}\` | \`${fn.handlerFile}\` | ${describeFunction(fn)} | ${fn.preset}${fn.overridesPreset ? ' (overridden)' : ''} | ${fn.memorySize} MB | ${fn.timeoutSeconds} s | ${fn.reservedConcurrency ?? '-'} | ${describeProvisioned(fn)} | ${fn.tableAccess} | ${fn.publishes.join(', ') || '-'} |`),
    '',
    `Every function: ${ARCHITECTURES[app.architecture].cloudFormation}, ${RUNTIMES[app.nodeRuntime].cloudFormation}, ` +
      `X-Ray tracing ${app.tracing ? 'on' : 'off'}, JSON logs kept ${app.logRetentionDays} days, code from \`assets/<service>/<function>\` ` +
      '(written by `npx projen bundle`).',
    '',
    ...app.services.filter((service) => service.partitionKey).flatMap((service) => [
      `## Table of \`${service.name}\``,
      '',
      `Partition key \`${service.partitionKey!.name}\` (${service.partitionKey!.type})` +
        (service.sortKey ? `, sort key \`${service.sortKey.name}\` (${service.sortKey.type})` : '') +
        '; on-demand billing, point-in-time recovery, encrypted with the AWS managed key, retained when removed from the stack.' +
        tableStreamSentence(service),
      '',
    ]),
    app.api.instances.length > 0 && restApiSection(app),
    app.graphql && lines(
      '## GraphQL API',
      '',
      `AppSync, schema \`${app.graphql.schemaFile}\`, authorization ${app.graphql.authorization}` +
        (app.graphql.authorization === 'API_KEY' ? ` (the key expires after ${app.graphql.apiKeyExpiryDays} days)` : '') +
        `, X-Ray ${app.tracing ? 'on' : 'off'}, field logs ${app.graphql.fieldLogLevel}. Each field has a function of its own:`,
      '',
      '| Field | Function |',
      '|---|---|',
      ...app.graphql.resolvers.map((fn) => `| \`${fn.resolver!.typeName}.${fn.resolver!.fieldName}\` | \`${fn.service}/${fn.name}\` |`),
      '',
    ),
    ...dataSections(app),
    ...app.services.flatMap((service) => service.workflows.map((workflow) => workflowSection(workflow, app.tracing))),
    app.hasEventBus && lines(
      '## Events',
      '',
      'One EventBridge bus' + (app.eventArchiveRetentionDays === undefined
        ? ', without archive.'
        : `; every event is archived ${app.eventArchiveRetentionDays === 0 ? 'forever' : `for ${app.eventArchiveRetentionDays} days`}, for replay.`),
      '',
      '| Source | Detail type | Published by | Subscribers |',
      '|---|---|---|---|',
      ...app.services.flatMap((service) => service.events.map((event) =>
        `| \`${service.name}\` | \`${event}\` | ${service.functions.filter((fn) => fn.publishes.includes(event)).map((fn) => `\`${fn.service}/${fn.name}\``).join(', ') || '-'} | ${subscribersOf(app, service.name, event).join(', ') || '-'} |`)),
      '',
      subscriptionTable(app, false),
    ),
    subscriptionTable(app, true) && lines(
      '## AWS service events',
      '',
      'Subscriptions to AWS services\' events (`aws.*` sources) are rules on the account\'s default bus, where AWS puts them.',
      '',
      subscriptionTable(app, true),
    ),
    alarmsSection(app),
    cost && costSection(app, cost),
  );
}

function restApiSection(app: AppModel): string {
  const { api, authorizer } = app;
  const routes = app.functions.filter((fn) => fn.route);
  return lines(
    '## REST API',
    '',
    ...api.instances.map((instance) => `- \`${instance.restApiName}\`: routes of ${instance.services.map((name) => `\`${name}\``).join(', ')}`),
    '',
    `Stage \`${api.stageName}\`: X-Ray ${app.tracing ? 'on' : 'off'}, execution logs ${api.loggingLevel}, data trace ${api.dataTrace ? 'ON (request and response bodies reach the logs)' : 'off'}, ` +
      `metrics ${api.metrics ? 'on' : 'off'}, JSON access logs, throttling ${api.throttlingRateLimit} requests/s (bursts of ${api.throttlingBurstLimit}); ` +
      (api.cors.enabled ? `CORS for ${api.cors.allowOrigins.join(', ')}${api.cors.allowCredentials ? ' with credentials' : ''}${api.cors.errorResponses ? ", on API Gateway's own errors too" : ''}` : 'no CORS') +
      (api.cache ? `; a ${api.cache.clusterSizeGb} GB cache, ${api.cache.ttlSeconds} s by default, encrypted` : '') + '.',
    authorizer && lines(
      '',
      `Routes marked authorized go through a Lambda ${authorizer.type} authorizer (\`${authorizer.handlerFile}\`) that reads the \`${authorizer.identityHeader}\` header; ` +
        `API Gateway caches its decision per token for ${authorizer.resultsCacheTtlSeconds} s.`,
    ),
    '',
    '| Route | Function | Authorized | Query parameters | Cached | Body schema |',
    '|---|---|---|---|---|---|',
    ...routes.map((fn) => {
      const route = fn.route!;
      const query = Object.entries(route.queryParameters).map(([name, required]) => `\`${name}\`${required ? ' (required)' : ''}`).join(', ');
      return `| \`${route.method} ${route.path}\` | \`${fn.service}/${fn.name}\` | ${route.authorized ? 'yes' : 'no'} | ${query || '-'} | ` +
        `${route.cacheTtlSeconds === undefined ? '-' : `${route.cacheTtlSeconds} s`} | ${route.bodySchemaFile ? `\`${route.bodySchemaFile}\`` : '-'} |`;
    }),
    ...queueRouteRows(app),
    '',
  );
}

/** The subscriptions on the app's bus, or on the default bus (`aws.*` sources), with their retry policies; false when there are none. */
function subscriptionTable(app: AppModel, defaultBus: boolean): string | false {
  const rows = app.functions.flatMap((fn) => fn.subscriptions.filter((subscription) => subscription.defaultBus === defaultBus).map((subscription) =>
    `| \`${fn.service}/${fn.name}\` | ${describeSubscription(subscription)}${subscription.detail ? ` \`${JSON.stringify(subscription.detail).replace(/\|/g, '\\|')}\`` : ''} | ${subscription.retryAttempts} | ${subscription.maxEventAgeSeconds} s |`));
  return rows.length > 0 && lines(
    'Every subscription is a rule whose target retries (185 times over 24 hours unless set) and then sends the event to the subscriber\'s dead-letter queue:',
    '',
    '| Subscriber | Pattern | Retries | Maximum age |',
    '|---|---|---|---|',
    ...rows,
    '',
  );
}

function subscribersOf(app: AppModel, source: string, detailType: string): string[] {
  const matches = (pattern: { sources?: string[]; detailTypes?: string[] }) =>
    ((pattern.sources ?? []).length === 0 || pattern.sources!.includes(source))
    && ((pattern.detailTypes ?? []).length === 0 || pattern.detailTypes!.includes(detailType));
  return [
    ...app.functions.filter((fn) => fn.subscriptions.some(matches)).map((fn) => `\`${fn.service}/${fn.name}\``),
    ...app.services.flatMap((service) => service.workflows)
      .filter((workflow) => workflow.trigger && !workflow.trigger.objectCreated && matches(workflow.trigger)).map((workflow) => `workflow \`${workflow.service}/${workflow.name}\``),
  ];
}

/** `2-10 at 0.7 (live alias)`, or `-`. */
function describeProvisioned(fn: FunctionModel): string {
  const settings = fn.provisionedConcurrency;
  return settings ? `${settings.minCapacity}-${settings.maxCapacity} at ${settings.utilizationTarget} (\`live\` alias)` : '-';
}
