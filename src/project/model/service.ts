/** A service: its table, functions, workflows (a function per task step) and data resources, with their defaults. */
import { DataLakeModel } from './data-types';
import { functionModel, routeModel, ServiceContext, starterKind } from './function';
import { StarterKind } from './starter-kind';
import { ServiceModel, WorkflowModel } from './types';
import { DATA_DEFAULTS } from '../../constructs/data-defaults';
import { DataLakeFormat } from '../../constructs/data-lake-schema';
import { WorkflowStepType, WorkflowType } from '../../constructs/workflow-steps';
import { functionStepsOf } from '../../constructs/workflow-validation';
import { camelCase, pascalCase } from '../names';
import { DataLakeOptions, HttpMethod, KeyType, KinesisStreamMode, ServiceOptions, TableStreamView, WorkflowOptions } from '../options';

export function serviceModel(service: ServiceOptions, context: ServiceContext): ServiceModel {
  const partitionKey = service.table && { name: service.table.partitionKey.name, type: service.table.partitionKey.type ?? KeyType.STRING };
  const sortKey = service.table?.sortKey && { name: service.table.sortKey.name, type: service.table.sortKey.type ?? KeyType.STRING };
  const crudStarters = partitionKey?.type === KeyType.STRING && !sortKey;
  const functions = service.functions.map((fn) => functionModel(fn, service, context, {
    name: fn.name,
    constructId: pascalCase(fn.name),
    propertyName: `${camelCase(fn.name)}Function`,
    path: fn.name,
    starter: starterKind(fn, crudStarters, service.dataLake?.transform === fn.name),
  }));
  const workflows = (service.workflows ?? []).map((workflow) => workflowModel(workflow, service, context));
  const readsTableStream = functions.some((fn) => fn.streamEvents && fn.streamEvents.stream === undefined);
  return {
    name: service.name,
    className: `${pascalCase(service.name)}Service`,
    fileBase: `${service.name}-service`,
    propertyName: `${camelCase(service.name)}Service`,
    stackId: `${pascalCase(service.name)}Stack`,
    stackVariable: `${camelCase(service.name)}Stack`,
    constructPath: context.serviceStacks ? `${pascalCase(service.name)}Stack/${pascalCase(service.name)}Service` : `${pascalCase(service.name)}Service`,
    partitionKey,
    sortKey,
    events: [...(service.events ?? [])],
    api: context.api,
    workflows,
    functions: [...functions, ...workflows.flatMap((workflow) => workflow.tasks)],
    tableStreamView: service.table?.streamView ?? (readsTableStream ? TableStreamView.NEW_AND_OLD_IMAGES : undefined),
    buckets: (service.buckets ?? []).map((bucket) => ({
      name: bucket.name,
      constructId: `${pascalCase(bucket.name)}Bucket`,
      propertyName: `${camelCase(bucket.name)}Bucket`,
      environmentVariable: `BUCKET_NAME_${constantCase(bucket.name)}`,
      versioned: bucket.versioned ?? true,
      expireAfterDays: bucket.expireAfterDays,
      transitionToInfrequentAccessAfterDays: bucket.transitionToInfrequentAccessAfterDays,
    })),
    streams: (service.streams ?? []).map((stream) => ({
      name: stream.name,
      constructId: `${pascalCase(stream.name)}Stream`,
      propertyName: `${camelCase(stream.name)}Stream`,
      environmentVariable: `STREAM_NAME_${constantCase(stream.name)}`,
      mode: stream.mode ?? KinesisStreamMode.ON_DEMAND,
      shardCount: stream.shardCount ?? ((stream.mode ?? KinesisStreamMode.ON_DEMAND) === KinesisStreamMode.PROVISIONED ? 1 : undefined),
      retentionHours: stream.retentionHours ?? DATA_DEFAULTS.kinesisRetentionHours,
    })),
    queues: (service.queues ?? []).map((queue) => ({
      name: queue.name,
      constructId: `${pascalCase(queue.name)}Queue`,
      propertyName: `${camelCase(queue.name)}Queue`,
      route: routeModel({ method: HttpMethod.POST, ...queue.route }, service.name, `${queue.name}-queue`, { ...context, hasCache: false }),
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      maxReceiveCount: queue.maxReceiveCount ?? DATA_DEFAULTS.queueMaxReceiveCount,
      retentionDays: queue.retentionDays ?? DATA_DEFAULTS.queueRetentionDays,
      consumer: functions.find((fn) => fn.queueEvents?.queue === queue.name),
    })),
    dataLake: service.dataLake && dataLakeModel(service.dataLake),
    hasIdempotencyTable: functions.some((fn) => fn.idempotency),
  };
}

/** `raw-events` as `RAW_EVENTS`. */
function constantCase(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function dataLakeModel(lake: DataLakeOptions): DataLakeModel {
  return {
    transform: lake.transform,
    rawPrefix: lake.rawPrefix ?? DATA_DEFAULTS.rawPrefix,
    rawSuffix: lake.rawSuffix ?? '',
    processedPrefix: lake.processedPrefix ?? DATA_DEFAULTS.processedPrefix,
    columns: lake.columns,
    partitionKeys: lake.partitionKeys ?? [],
    format: lake.format ?? DataLakeFormat.JSON,
    bytesScannedCutoffPerQuery: lake.bytesScannedCutoffPerQuery ?? DATA_DEFAULTS.bytesScannedCutoffPerQuery,
    queryResultsExpireAfterDays: lake.queryResultsExpireAfterDays ?? DATA_DEFAULTS.queryResultsExpireAfterDays,
  };
}

/** A workflow, and a function for each of its TASK and CALLBACK steps. */
function workflowModel(workflow: WorkflowOptions, service: ServiceOptions, context: ServiceContext): WorkflowModel {
  const tasks = functionStepsOf(workflow.steps).map((step) => {
    const settings = (workflow.tasks ?? []).find((task) => task.step === step.name);
    const callback = step.type === WorkflowStepType.CALLBACK;
    return functionModel({ ...settings, name: step.name }, service, context, {
      name: `${workflow.name}/${step.name}`,
      constructId: `${pascalCase(workflow.name)}${pascalCase(step.name)}`,
      propertyName: `${camelCase(workflow.name)}${pascalCase(step.name)}Function`,
      path: `${workflow.name}/${step.name}`,
      starter: callback ? StarterKind.CALLBACK : StarterKind.TASK,
      workflowStep: { workflow: workflow.name, step: step.name, callback },
    });
  });
  return {
    service: service.name,
    name: workflow.name,
    constructId: `${pascalCase(workflow.name)}Workflow`,
    propertyName: `${camelCase(workflow.name)}Workflow`,
    type: workflow.type ?? WorkflowType.STANDARD,
    trigger: workflow.trigger,
    steps: workflow.steps,
    timeoutSeconds: workflow.timeoutSeconds,
    tasks,
  };
}
