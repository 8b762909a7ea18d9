/**
 * The app's model as the cost estimate's inventory, with the keys the synthesized templates give
 * the same resources (`ItemsService/Create`, `Api/Api`): what `docs/architecture.md` prices before
 * any template exists, and what the build's estimate of the templates must agree with.
 */
import { TableAccess } from '../../../constructs/microservice';
import { WorkflowStep, WorkflowStepType, WorkflowType } from '../../../constructs/workflow-steps';
import { nextOf } from '../../../constructs/workflow-validation';
import { StackInventory, InventoryEntry, InventoryFixed, InventoryFunction, InventoryRestApi, StatesDefinition, StateDefinition, statesPerRun, transitionsPerRun } from '../../../cost';
import { ApiInstanceModel, AppModel, FunctionModel, ServiceModel, WorkflowModel } from '../../model';
import { ApiLoggingLevel, FunctionArchitecture, KinesisStreamMode, ObjectEvent } from '../../options';

/** The construct path of a function below the stack: `ItemsService/Create`, `Authorizer`. */
export function functionKey(service: ServiceModel, fn: FunctionModel): string {
  return `${service.constructPath}/${fn.constructId}`;
}

/** A REST API's construct path below the stack: `Api/Api`; an `ownApi` service's in its nested stack, `OrdersStack/OrdersApi/Api`. */
export function restApiKey(app: AppModel, instance: ApiInstanceModel): string {
  const owner = app.serviceStacks && instance.constructId !== 'Api' ? app.services.find((service) => service.api === instance) : undefined;
  return `${owner ? `${owner.stackId}/` : ''}${instance.constructId}/Api`;
}

/** The authorizer's construct path. */
export const AUTHORIZER_KEY = 'Authorizer';

/** The app's inventory, from its model; `region` is the one its stack is priced at. */
export function modelInventory(app: AppModel, region?: string): StackInventory {
  const architecture = app.architecture === FunctionArchitecture.X86_64 ? 'x86_64' : 'arm64';
  const fnOf = (service: ServiceModel, fn: FunctionModel): InventoryFunction => {
    const hasTable = service.partitionKey !== undefined;
    return {
      key: functionKey(service, fn),
      name: `${service.name}/${fn.name}`,
      service: service.name,
      memoryMb: fn.memorySize,
      architecture,
      tracing: app.tracing,
      ...(fn.provisionedConcurrency ? { provisionedConcurrency: fn.provisionedConcurrency.minCapacity, provisionedAutoScaling: true } : {}),
      tableReads: hasTable && fn.tableAccess !== TableAccess.NONE,
      tableWrites: hasTable && fn.tableAccess === TableAccess.READ_WRITE,
      idempotency: fn.idempotency,
      publishesEvents: fn.publishes.length > 0,
    };
  };
  const authorizer = app.authorizer;
  const functions: InventoryFunction[] = [
    ...(authorizer ? [{
      key: AUTHORIZER_KEY,
      name: 'authorizer',
      service: 'authorizer',
      memoryMb: authorizer.memorySize,
      architecture,
      tracing: app.tracing,
      ...(authorizer.provisionedConcurrency
        ? { provisionedConcurrency: authorizer.provisionedConcurrency.minCapacity, provisionedAutoScaling: true }
        : {}),
      tableReads: false,
      tableWrites: false,
      idempotency: false,
      publishesEvents: false,
    } as InventoryFunction] : []),
    ...app.services.flatMap((service) => service.functions.map((fn) => fnOf(service, fn))),
  ];
  const restApis: InventoryRestApi[] = app.hasApi ? app.api.instances.map((instance) => ({
    key: restApiKey(app, instance),
    tracing: app.tracing,
    executionLogs: app.api.loggingLevel === ApiLoggingLevel.INFO ? 'INFO' : app.api.loggingLevel === ApiLoggingLevel.ERROR ? 'ERROR' : 'OFF',
    ...(app.api.cache ? { cacheSizeGb: app.api.cache.clusterSizeGb } : {}),
  })) : [];
  return {
    name: app.stackName,
    ...(region ? { region } : {}),
    functions,
    restApis,
    entries: app.services.flatMap((service) => entriesOf(service, app)),
    fixed: [...app.services.flatMap((service) => fixedOf(service)), ...alarmsFixed(app)],
  };
}

/** `OperationalAlarms` of the app's stack, by the path of its construct. */
export const ALARMS_KEY = 'Alarms';

/** With `alarms` on: every alarm (counted together, in every stack), the dashboard and the topic's key. */
function alarmsFixed(app: AppModel): InventoryFixed[] {
  if (!app.alarms?.enabled) {
    return [];
  }
  const alarms = app.stacks.reduce((sum, stack) => sum + (stack.byType['AWS::CloudWatch::Alarm'] ?? 0), 0);
  return [
    { kind: 'alarm', key: ALARMS_KEY, quantity: alarms },
    { kind: 'dashboard', key: `${ALARMS_KEY}/Dashboard`, quantity: 1 },
    ...(app.alarms.topicArn === undefined ? [{ kind: 'kms-key', key: `${ALARMS_KEY}/TopicKey`, quantity: 1 } as InventoryFixed] : []),
  ];
}

function entriesOf(service: ServiceModel, app: AppModel): InventoryEntry[] {
  const api = service.api ? restApiKey(app, service.api) : undefined;
  const streams = new Map(service.streams.map((stream) => [stream.name, stream]));
  const byFunction = (kind: InventoryEntry['kind'], fn: FunctionModel, extra: Partial<InventoryEntry> = {}): InventoryEntry =>
    ({ kind, name: `${service.name}/${fn.name}`, service: service.name, fn: functionKey(service, fn), ...extra });
  return [
    ...service.functions.flatMap((fn): InventoryEntry[] => fn.route ? [{
      kind: 'route', name: `${fn.route.method} ${fn.route.path}`, service: service.name, fn: functionKey(service, fn), api, method: fn.route.method,
    }] : []),
    ...service.queues.map((queue): InventoryEntry => ({
      kind: 'queue-route', name: `${queue.route.method} ${queue.route.path}`, service: service.name, api, method: queue.route.method,
    })),
    ...service.functions.flatMap((fn): InventoryEntry[] => fn.resolver ? [{
      kind: 'resolver', name: `${fn.resolver.typeName}.${fn.resolver.fieldName}`, service: service.name, fn: functionKey(service, fn),
    }] : []),
    ...service.functions.filter((fn) => fn.subscriptions.length > 0).map((fn) => byFunction('events', fn)),
    ...service.functions.filter((fn) => fn.queueEvents).map((fn) => byFunction('queue', fn, { batchSize: fn.queueEvents!.batchSize })),
    ...service.functions.filter((fn) => fn.streamEvents).map((fn) => {
      const events = fn.streamEvents!;
      const stream = events.stream === undefined ? undefined : streams.get(events.stream);
      const source = stream === undefined ? 'dynamodb' : stream.mode === KinesisStreamMode.ON_DEMAND ? 'kinesis-on-demand' : 'kinesis';
      return byFunction('stream', fn, {
        batchSize: events.batchSize,
        streamSource: source,
        ...(events.enhancedFanOut && stream ? { fanOut: true } : {}),
        ...(stream ? { stream: `${service.constructPath}/${stream.constructId}` } : {}),
      });
    }),
    ...service.functions.filter((fn) => fn.objectEvents || fn.dataLakeTransform).map((fn) =>
      byFunction('objects', fn, fn.objectEvents?.events.every((event) => event === ObjectEvent.REMOVED) ? { removalsOnly: true } : {})),
    ...service.workflows.map((workflow) => workflowEntry(service, workflow)),
  ];
}

function workflowEntry(service: ServiceModel, workflow: WorkflowModel): InventoryEntry {
  const definition = definitionOf(workflow.steps);
  const entered = statesPerRun(definition);
  return {
    kind: 'workflow',
    name: `${service.name}/${workflow.name} (workflow)`,
    service: service.name,
    workflow: {
      type: workflow.type === WorkflowType.EXPRESS ? 'EXPRESS' : 'STANDARD',
      transitions: transitionsPerRun(definition),
      tasks: entered.flatMap((step) => workflow.tasks.filter((fn) => fn.workflowStep!.step === step)).map((fn) => functionKey(service, fn)),
    },
  };
}

/** The states the workflow construct builds of `steps`: one per step, named after it. */
function definitionOf(steps: readonly WorkflowStep[]): StatesDefinition {
  const states: { [name: string]: StateDefinition } = {};
  steps.forEach((step, index) => {
    const next = nextOf(step, steps as WorkflowStep[], index);
    states[step.name] = {
      Type: STATE_TYPES[step.type],
      ...(next !== undefined ? { Next: next } : step.type === WorkflowStepType.CHOICE ? {} : { End: true }),
      ...(step.defaultNext ? { Default: step.defaultNext } : {}),
      ...(step.choices ? { Choices: step.choices.map((choice) => ({ Next: choice.next })) } : {}),
      ...(step.branches ? { Branches: step.branches.map((branch) => definitionOf(branch.steps)) } : {}),
      ...(step.itemSteps ? { ItemProcessor: definitionOf(step.itemSteps) } : {}),
    };
  });
  return { StartAt: steps[0]?.name, States: states };
}

const STATE_TYPES: Record<WorkflowStepType, string> = {
  [WorkflowStepType.TASK]: 'Task',
  [WorkflowStepType.CALLBACK]: 'Task',
  [WorkflowStepType.PARALLEL]: 'Parallel',
  [WorkflowStepType.MAP]: 'Map',
  [WorkflowStepType.CHOICE]: 'Choice',
  [WorkflowStepType.WAIT]: 'Wait',
  [WorkflowStepType.SUCCEED]: 'Succeed',
  [WorkflowStepType.FAIL]: 'Fail',
};

function fixedOf(service: ServiceModel): InventoryFixed[] {
  const streams = new Map(service.streams.map((stream) => [stream.name, stream]));
  return [
    ...service.streams.map((stream): InventoryFixed => {
      const key = `${service.constructPath}/${stream.constructId}`;
      return stream.mode === KinesisStreamMode.ON_DEMAND
        ? { kind: 'kinesis-on-demand', key, service: service.name, quantity: 1 }
        : { kind: 'kinesis-shards', key, service: service.name, quantity: stream.shardCount ?? 1, ...(stream.retentionHours > 24 ? { retentionHours: stream.retentionHours } : {}) };
    }),
    ...service.functions.flatMap((fn): InventoryFixed[] => {
      const stream = fn.streamEvents?.enhancedFanOut && fn.streamEvents.stream !== undefined ? streams.get(fn.streamEvents.stream) : undefined;
      return stream && stream.mode === KinesisStreamMode.PROVISIONED
        ? [{ kind: 'kinesis-fan-out', key: `${service.constructPath}/${fn.constructId}Consumer/Consumer`, service: service.name, quantity: stream.shardCount ?? 1 }]
        : [];
    }),
  ];
}
