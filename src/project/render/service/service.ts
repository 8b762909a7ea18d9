import { dataFields, dataFunctionProps, dataImports, renderDataResources, renderDataWiring, renderWorkflowRoutes } from './data';
import { renderSchedule, scheduleUsesDuration } from './schedule';
import { renderWorkflow } from './workflow';
import { EVENT_DELIVERY } from '../../../constructs/event-delivery';
import { ProvisionedConcurrencySettings } from '../../../presets';
import { FunctionModel, KeyModel, RouteModel, ServiceModel, SubscriptionModel } from '../../model';
import { KeyType, TableStreamView } from '../../options';
import { describeFunction } from '../describe';
import { CONSTRUCTS_MODULE, indent, lines, literal, str, strArray } from '../typescript';

/** `src/generated/<service>-service.generated.ts`: the service's construct. */
export function renderService(
  service: ServiceModel,
  app: { hasEventBus: boolean; hasAuthorizer: boolean; tracing: boolean; logRetentionDays: number; stages?: readonly object[] },
): string {
  const hasWorkflows = service.workflows.length > 0;
  const hasApi = service.api !== undefined;
  const hasResolvers = service.functions.some((fn) => fn.resolver);
  const usesSchemas = service.functions.some((fn) => fn.route?.bodySchemaFile) || service.queues.some((queue) => queue.route.bodySchemaFile);
  const data = dataImports(service);
  const usesDuration = data.usesDuration || service.workflows.some((workflow) => workflow.timeoutSeconds !== undefined)
    || service.functions.some((fn) => fn.overridesPreset || fn.route?.overridesCache
    || fn.subscriptions.some((subscription) => subscription.maxEventAgeSeconds !== EVENT_DELIVERY.defaultEventAgeSeconds)
    || scheduleUsesDuration(fn));
  const imports = [
    ...data.constructs,
    'FunctionDefaults',
    'FunctionPreset',
    'Microservice',
    usesSchemas && 'RequestSchemas',
    hasResolvers && 'ServerlessGraphqlApi',
    hasApi && 'ServerlessRestApi',
    hasWorkflows && 'ServerlessWorkflow',
    'ServiceFunction',
    'TableAccess',
    hasWorkflows && 'WorkflowStepType',
    hasWorkflows && 'WorkflowType',
  ].filter((name): name is string => typeof name === 'string').sort();
  return lines(
    "import * as path from 'node:path';",
    (usesDuration || (hasWorkflows && !app.tracing))
      && `import { ${[usesDuration && 'Duration', hasWorkflows && !app.tracing && 'Validations'].filter(Boolean).join(', ')} } from 'aws-cdk-lib';`,
    service.partitionKey && "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    app.hasEventBus && "import * as events from 'aws-cdk-lib/aws-events';",
    ...data.modules.filter((line) => line.includes("'aws-cdk-lib/aws-kinesis'") || line.includes("'aws-cdk-lib/aws-lambda'")),
    hasWorkflows && "import * as logs from 'aws-cdk-lib/aws-logs';",
    ...data.modules.filter((line) => line.includes("'aws-cdk-lib/aws-s3'")),
    "import { Construct } from 'constructs';",
    `import { ${imports.join(', ')} } from ${str(CONSTRUCTS_MODULE)};`,
    '',
    "/** Where the `bundle` task writes each function's code. */",
    "const ASSETS = path.join(__dirname, '..', '..', 'assets');",
    usesSchemas && '/** The project root, which the schema paths in .projenrc.ts are relative to. */',
    usesSchemas && "const ROOT = path.join(__dirname, '..', '..');",
    '',
    `/** What the \`${service.name}\` service uses from the rest of the app. */`,
    `export interface ${service.className}Props {`,
    hasApi && `  /** The REST API of its routes${service.api!.propertyName === 'api' ? ', shared with other services' : ', its own'}. */`,
    hasApi && '  readonly api: ServerlessRestApi;',
    hasResolvers && '  readonly graphqlApi: ServerlessGraphqlApi;',
    app.hasEventBus && '  readonly eventBus: events.IEventBus;',
    '  readonly functionDefaults: FunctionDefaults;',
    '}',
    '',
    `/** The \`${service.name}\` service: ${describeService(service)}. */`,
    `export class ${service.className} extends Microservice {`,
    ...service.functions.flatMap((fn) => [
      `  /** ${describeFunction(fn)} */`,
      `  public readonly ${fn.propertyName}: ServiceFunction;`,
    ]),
    ...service.workflows.flatMap((workflow) => [
      `  /** The \`${workflow.name}\` workflow (${workflow.type}). */`,
      `  public readonly ${workflow.propertyName}: ServerlessWorkflow;`,
    ]),
    ...dataFields(service),
    '',
    `  constructor(scope: Construct, id: string, props: ${service.className}Props) {`,
    '    super(scope, id, {',
    `      serviceName: ${str(service.name)},`,
    service.partitionKey && `      table: ${renderTable(service.partitionKey, service.sortKey, service.tableStreamView)},`,
    hasApi && '      api: props.api,',
    hasResolvers && '      graphqlApi: props.graphqlApi,',
    app.hasEventBus && '      eventBus: props.eventBus,',
    '      functionDefaults: props.functionDefaults,',
    '    });',
    ...blocks(renderDataResources(service)),
    ...service.functions.map((fn) => '\n' + indent(2, renderAddFunction(fn, service, app.hasAuthorizer))),
    ...blocks(renderDataWiring(service, app.hasAuthorizer)),
    ...service.workflows.map((workflow) => '\n' + indent(2, renderWorkflow(workflow, app))),
    ...blocks(renderCallbackGrants(service)),
    ...blocks(renderWorkflowRoutes(service)),
    '  }',
    '}',
    '',
  );
}

/** Statements of the constructor, a blank line before the first. */
function blocks(statements: string[]): string[] {
  return statements.map((statement, index) => (index === 0 ? '\n' : '') + indent(2, statement));
}

function renderAddFunction(fn: FunctionModel, service: ServiceModel, hasAuthorizer: boolean): string {
  return lines(
    `this.${fn.propertyName} = this.addFunction(${str(fn.constructId)}, {`,
    `  assetPath: path.join(ASSETS, ${str(fn.bundleName)}),`,
    `  preset: FunctionPreset.${fn.preset},`,
    fn.overridesPreset && `  memorySize: ${fn.memorySize},`,
    fn.overridesPreset && `  timeout: Duration.seconds(${fn.timeoutSeconds}),`,
    fn.overridesProvisioned && fn.provisionedConcurrency && `  provisionedConcurrency: ${renderProvisioned(fn.provisionedConcurrency)},`,
    fn.reservedConcurrency !== undefined && `  reservedConcurrentExecutions: ${fn.reservedConcurrency},`,
    `  tableAccess: TableAccess.${fn.tableAccess},`,
    fn.route && `  route: ${renderRoute(fn.route, hasAuthorizer)},`,
    fn.resolver && `  resolver: { typeName: ${str(fn.resolver.typeName)}, fieldName: ${str(fn.resolver.fieldName)} },`,
    fn.workflowStep && `  synchronousCaller: 'the ${fn.workflowStep.workflow} workflow (step ${fn.workflowStep.step})',`,
    fn.publishes.length > 0 && `  publishes: ${strArray(fn.publishes)},`,
    fn.subscriptions.length > 0 && lines(
      '  subscriptions: [',
      ...fn.subscriptions.map((subscription) => `    ${renderSubscription(subscription)},`),
      '  ],',
    ),
    ...dataFunctionProps(fn, service),
    fn.schedule && `  schedule: ${renderSchedule(fn.schedule)},`,
    '});',
  );
}

/** The functions that send back the task tokens of a workflow's CALLBACK steps, each granted on that state machine. */
function renderCallbackGrants(service: ServiceModel): string[] {
  return service.functions.filter((fn) => fn.completesCallbacksOf).map((fn) => {
    const workflow = service.workflows.find((candidate) => candidate.name === fn.completesCallbacksOf)!;
    return lines(
      `// ${fn.name} sends back the task tokens of ${workflow.name}'s CALLBACK steps (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat)`,
      `this.${workflow.propertyName}.stateMachine.grantTaskResponse(this.${fn.propertyName});`,
    );
  });
}

/** The route, with what differs from the API's defaults. */
function renderRoute(route: RouteModel, hasAuthorizer: boolean): string {
  const fields = [
    `method: ${str(route.method)}`,
    `path: ${str(route.path)}`,
    route.authorized !== hasAuthorizer && `authorize: ${route.authorized}`,
    Object.keys(route.queryParameters).length > 0 && `queryParameters: ${literal(route.queryParameters)}`,
    route.overridesCache && `cache: ${route.cacheTtlSeconds === undefined ? '{ enabled: false }' : `{ enabled: true, ttl: Duration.seconds(${route.cacheTtlSeconds}) }`}`,
    route.bodySchemaFile && `requestSchema: RequestSchemas.fromFile(path.join(ROOT, ${str(route.bodySchemaFile)}))`,
  ].filter((field): field is string => typeof field === 'string');
  return `{ ${fields.join(', ')} }`;
}

function renderSubscription(subscription: SubscriptionModel): string {
  const fields = [
    subscription.sources.length > 0 && `sources: ${strArray(subscription.sources)}`,
    subscription.detailTypes.length > 0 && `detailTypes: ${strArray(subscription.detailTypes)}`,
    subscription.detail && `detail: ${literal(subscription.detail)}`,
    subscription.retryAttempts !== EVENT_DELIVERY.defaultRetryAttempts && `retryAttempts: ${subscription.retryAttempts}`,
    subscription.maxEventAgeSeconds !== EVENT_DELIVERY.defaultEventAgeSeconds && `maxEventAge: Duration.seconds(${subscription.maxEventAgeSeconds})`,
  ].filter((field): field is string => typeof field === 'string');
  return `{ ${fields.join(', ')} }`;
}

function renderProvisioned(settings: ProvisionedConcurrencySettings): string {
  return `{ minCapacity: ${settings.minCapacity}, maxCapacity: ${settings.maxCapacity}, utilizationTarget: ${settings.utilizationTarget} }`;
}

function renderTable(partitionKey: KeyModel, sortKey: KeyModel | undefined, streamView: TableStreamView | undefined): string {
  const key = (k: KeyModel) => `{ name: ${str(k.name)}, type: dynamodb.AttributeType.${KEY_TYPES[k.type]} }`;
  const fields = [
    `partitionKey: ${key(partitionKey)}`,
    sortKey && `sortKey: ${key(sortKey)}`,
    streamView && `stream: dynamodb.StreamViewType.${streamView}`,
  ].filter((field): field is string => typeof field === 'string');
  return `{ ${fields.join(', ')} }`;
}

const KEY_TYPES: Record<KeyType, string> = {
  [KeyType.STRING]: 'STRING',
  [KeyType.NUMBER]: 'NUMBER',
  [KeyType.BINARY]: 'BINARY',
};

function describeService(service: ServiceModel): string {
  const count = service.functions.length;
  const parts = [`${count} function${count === 1 ? '' : 's'}`];
  if (service.partitionKey) {
    parts.unshift(`its table keyed by \`${service.partitionKey.name}\``);
  }
  if (service.events.length > 0) {
    parts.push(`publishes ${service.events.join(', ')}`);
  }
  if (service.api?.propertyName !== 'api' && service.api) {
    parts.push('its own REST API');
  }
  return parts.join(', ');
}
