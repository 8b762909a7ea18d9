import { WorkflowStep, WorkflowStepType } from '../../constructs/workflow-steps';
import { allSteps, nextOf } from '../../constructs/workflow-validation';
import { AppModel, FunctionModel, WorkflowModel } from '../model';
import { ARCHITECTURES, RUNTIMES } from '../runtimes';
import {
  apiNode, dataEdges, dataNodes, dataSections, deadLetterNode, describeObjectTrigger, functionNode, id, queueRouteRows, routeLabel,
  tableNode, tableStreamSentence, workflowNode,
} from './architecture-doc-data';
import { describeFunction, describeSubscription } from './service';
import { lines } from './typescript';

/** `docs/architecture.md`: a Mermaid diagram and the tables of functions, presets and triggers. */
export function renderArchitectureDoc(app: AppModel): string {
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
      app.functions.some((fn) => fn.subscriptions.length > 0) && lines(
        'Every subscription is a rule whose target retries (185 times over 24 hours unless set) and then sends the event to the subscriber\'s dead-letter queue:',
        '',
        '| Subscriber | Pattern | Retries | Maximum age |',
        '|---|---|---|---|',
        ...app.functions.flatMap((fn) => fn.subscriptions.map((subscription) =>
          `| \`${fn.service}/${fn.name}\` | ${describeSubscription(subscription)}${subscription.detail ? ` \`${JSON.stringify(subscription.detail).replace(/\|/g, '\\|')}\`` : ''} | ${subscription.retryAttempts} | ${subscription.maxEventAgeSeconds} s |`)),
        '',
      ),
    ),
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
      (api.cors.enabled ? `CORS for ${api.cors.allowOrigins.join(', ')}${api.cors.allowCredentials ? ' with credentials' : ''}` : 'no CORS') +
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

/** The flowchart's lines: clients, APIs, services with their functions and tables, the bus and its flows. */
function diagram(app: AppModel): string[] {
  const restApis = app.api.instances;
  return [
    (restApis.length > 0 || app.graphql) && '  client(["Client"])',
    ...restApis.map((instance) => `  client --> ${apiNode(instance.propertyName)}["REST API: ${instance.restApiName}"]`),
    app.authorizer && '  authorizer["authorizer"]',
    ...(app.authorizer ? restApis.map((instance) => `  ${apiNode(instance.propertyName)} -. "${app.authorizer!.identityHeader}" .-> authorizer`) : []),
    app.graphql && '  client --> graphql["AppSync GraphQL API"]',
    app.hasEventBus && '  bus{{"EventBridge bus"}}',
    // without a bus there is no archive; apps without data resources still draw it, as their docs always did
    app.eventArchiveRetentionDays !== undefined && app.hasEventBus && `  bus -.-> archive[("archive: ${app.eventArchiveRetentionDays === 0 ? 'forever' : `${app.eventArchiveRetentionDays} days`}")]`,
    ...app.services.flatMap((service) => [
      `  subgraph service_${id(service.name)} ["service: ${service.name}"]`,
      ...service.workflows.map((workflow) => `    ${workflowNode(workflow)}{{"workflow: ${workflow.name}"}}`),
      ...service.functions.map((fn) => `    ${functionNode(fn)}["${fn.name}"]`),
      service.partitionKey && `    ${tableNode(service.name)}[("table: ${service.partitionKey.name}")]`,
      ...dataNodes(service),
      '  end',
      ...service.functions.flatMap((fn) => [
        fn.route && `  ${apiNode(service.api!.propertyName)} -- "${routeLabel(fn.route)}" --> ${functionNode(fn)}`,
        fn.resolver && `  graphql -- "${fn.resolver.typeName}.${fn.resolver.fieldName}" --> ${functionNode(fn)}`,
        fn.tableAccess !== 'NONE' && `  ${functionNode(fn)} -- "${fn.tableAccess === 'READ' ? 'reads' : 'reads, writes'}" --> ${tableNode(service.name)}`,
        fn.publishes.length > 0 && `  ${functionNode(fn)} -. "${fn.publishes.join(', ')}" .-> bus`,
        ...fn.subscriptions.map((subscription) => `  bus -- "${(subscription.detailTypes.join(', ') || subscription.sources.join(', '))}${subscription.detail ? ' (filtered)' : ''}" --> ${functionNode(fn)}`),
        fn.subscriptions.length > 0 && `  ${functionNode(fn)} -. "undelivered, failed" .-> ${deadLetterNode(fn)}[("dead-letter queue")]`,
        fn.workflowStep && `  ${workflowNode(service.workflows.find((workflow) => workflow.name === fn.workflowStep!.workflow)!)} -- "${fn.workflowStep.step}" --> ${functionNode(fn)}`,
      ]),
      // a workflow started by objects is drawn from its bucket, with the data flows
      ...service.workflows.filter((workflow) => workflow.trigger && !workflow.trigger.objectCreated).map((workflow) =>
        `  bus -- "${(workflow.trigger!.detailTypes ?? []).join(', ') || (workflow.trigger!.sources ?? []).join(', ')}" --> ${workflowNode(workflow)}`),
      ...dataEdges(service),
    ]),
  ].filter((line): line is string => typeof line === 'string');
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

/** A workflow's section: what starts it, and its steps as a flowchart. */
function workflowSection(workflow: WorkflowModel, tracing: boolean): string {
  return lines(
    `## Workflow \`${workflow.service}/${workflow.name}\``,
    '',
    `${workflow.type} state machine, ${workflow.trigger?.objectCreated ? `started by ${describeObjectTrigger(workflow.trigger.objectCreated)}`
      : workflow.trigger ? `started by the events ${(workflow.trigger.sources ?? []).join('|') || '(any source)'}/${(workflow.trigger.detailTypes ?? []).join('|') || '(any detail type)'}` : 'started by API call or by hand'}` +
      `${workflow.timeoutSeconds ? `, timing out after ${workflow.timeoutSeconds} s` : ''}; logs ALL events (without execution data)${tracing ? ' and traces with X-Ray' : ''}. ` +
      'Its offline runs are in `test/generated/workflows.test.ts`.',
    '',
    '```mermaid',
    'flowchart TD',
    ...stepLines(workflow.steps, 'step'),
    '```',
    '',
  );
}

/** Nodes and edges of a list of steps; branches and item steps as subgraphs. */
function stepLines(steps: WorkflowStep[], prefix: string): string[] {
  const node = (name: string) => `${prefix}_${id(name)}`;
  const all = new Map(allSteps(steps).map((step) => [step.name, step]));
  const ref = (name: string) => `step_${id(name)}`;
  const shape = (step: WorkflowStep) => {
    const label = `${step.name}${step.type === WorkflowStepType.TASK ? '' : ` (${step.type.toLowerCase()})`}`;
    switch (step.type) {
      case WorkflowStepType.CHOICE: return `{"${label}"}`;
      case WorkflowStepType.SUCCEED:
      case WorkflowStepType.FAIL: return `(["${label}"])`;
      default: return `["${label}"]`;
    }
  };
  const result: string[] = [];
  const walk = (list: WorkflowStep[], depth: number) => {
    const pad = '  '.repeat(depth);
    list.forEach((step, index) => {
      result.push(`${pad}${node(step.name)}${shape(step)}`);
      const following = nextOf(step, list, index);
      if (following && all.has(following)) result.push(`${pad}${node(step.name)} --> ${ref(following)}`);
      (step.choices ?? []).forEach((rule) => {
        const [comparison, value] = Object.entries(rule).find(([key]) => key !== 'variable' && key !== 'next')!;
        result.push(`${pad}${node(step.name)} -- "${rule.variable} ${comparison} ${String(value).replace(/"/g, "'")}" --> ${ref(rule.next)}`);
      });
      if (step.defaultNext) result.push(`${pad}${node(step.name)} -- "otherwise" --> ${ref(step.defaultNext)}`);
      (step.catch ?? []).forEach((handler) => result.push(`${pad}${node(step.name)} -. "${(handler.errors ?? ['States.ALL']).join(', ')}" .-> ${ref(handler.next)}`));
      (step.branches ?? []).forEach((branch, branchIndex) => {
        result.push(`${pad}subgraph ${node(step.name)}_branch${branchIndex + 1} ["branch ${branchIndex + 1}"]`);
        walk(branch.steps, depth + 1);
        result.push(`${pad}end`);
        if (branch.steps[0]) result.push(`${pad}${node(step.name)} --> ${ref(branch.steps[0].name)}`);
      });
      if (step.itemSteps?.length) {
        result.push(`${pad}subgraph ${node(step.name)}_items ["for each item of ${step.itemsPath ?? '$'}"]`);
        walk(step.itemSteps, depth + 1);
        result.push(`${pad}end`);
        result.push(`${pad}${node(step.name)} --> ${ref(step.itemSteps[0].name)}`);
      }
    });
  };
  walk(steps, 1);
  return result;
}

/** `2-10 at 0.7 (live alias)`, or `-`. */
function describeProvisioned(fn: FunctionModel): string {
  const settings = fn.provisionedConcurrency;
  return settings ? `${settings.minCapacity}-${settings.maxCapacity} at ${settings.utilizationTarget} (\`live\` alias)` : '-';
}
