/** The app's flowchart: clients, APIs, each service's functions, table and data resources, the bus, and the flows between them. */
import { apiNode, bucketNode, deadLetterNode, functionNode, id, idempotencyNode, keys, lakeNode, queueNode, routeLabel, streamNode, tableNode, workflowNode } from './nodes';
import { bytes, FORMATS, LAKE_TABLE_NAME } from './text';
import { AppModel, FunctionModel, ServiceModel } from '../../model';
import { WorkflowObjectTriggerOptions } from '../../options';

/** The flowchart's lines: clients, APIs, services with their functions and tables, the bus and its flows. */
export function diagram(app: AppModel): string[] {
  const restApis = app.api.instances;
  return [
    (restApis.length > 0 || app.graphql) && '  client(["Client"])',
    ...restApis.map((instance) => `  client --> ${apiNode(instance.propertyName)}["REST API: ${instance.restApiName}"]`),
    app.authorizer && '  authorizer["authorizer"]',
    ...(app.authorizer ? restApis.map((instance) => `  ${apiNode(instance.propertyName)} -. "${app.authorizer!.identityHeader}" .-> authorizer`) : []),
    app.graphql && '  client --> graphql["AppSync GraphQL API"]',
    app.hasEventBus && '  bus{{"EventBridge bus"}}',
    app.functions.some((fn) => fn.subscriptions.some((subscription) => subscription.defaultBus)) && '  defaultBus{{"default bus: AWS services\' events"}}',
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
        ...fn.subscriptions.map((subscription) => `  ${subscription.defaultBus ? 'defaultBus' : 'bus'} -- "${(subscription.detailTypes.join(', ') || subscription.sources.join(', '))}${subscription.detail ? ' (filtered)' : ''}" --> ${functionNode(fn)}`),
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

/** The service's data resources, declared inside its subgraph. */
function dataNodes(service: ServiceModel): string[] {
  const name = service.name;
  const lake = service.dataLake;
  return [
    ...service.buckets.map((bucket) => `    ${bucketNode(name, bucket.name)}[("bucket: ${bucket.name}")]`),
    service.partitionKey && service.tableStreamView && `    ${streamNode(name, undefined)}[/"table stream: ${service.tableStreamView}"/]`,
    ...service.streams.map((stream) => `    ${streamNode(name, stream.name)}[/"Kinesis stream: ${stream.name}"/]`),
    ...service.queues.map((queue) => `    ${queueNode(name, queue.name)}[/"queue: ${queue.name}"/]`),
    service.hasIdempotencyTable && `    ${idempotencyNode(name)}[("idempotency table")]`,
    ...(lake ? [
      `    subgraph lake_${id(name)} ["data lake"]`,
      `      ${lakeNode(name, 'raw')}[("raw bucket")]`,
      `      ${lakeNode(name, 'processed')}[("processed bucket")]`,
      `      ${lakeNode(name, 'catalog')}[("${lake.columns ? `Glue table: ${LAKE_TABLE_NAME}` : 'Glue database (no table)'}")]`,
      `      ${lakeNode(name, 'athena')}{{"Athena workgroup"}}`,
      `      ${lakeNode(name, 'results')}[("query results bucket")]`,
      '    end',
    ] : []),
  ].filter((line): line is string => typeof line === 'string');
}

/** The edges of the service's data flows: notifications, writes, stream reads, queues, the lake, and where failures go. */
function dataEdges(service: ServiceModel): string[] {
  const name = service.name;
  return [
    ...service.functions.flatMap((fn) => functionDataEdges(fn, service)),
    ...service.workflows.filter((workflow) => workflow.trigger?.objectCreated).map((workflow) => {
      const created = workflow.trigger!.objectCreated!;
      return `  ${bucketNode(name, created.bucket)} -- "${objectTriggerLabel(created)}" --> ${workflowNode(workflow)}`;
    }),
    ...service.buckets.filter((bucket) => startsWorkflows(service, bucket.name)).map((bucket) =>
      `  ${bucketNode(name, bucket.name)} -. "workflow not started" .-> ${bucketNode(name, bucket.name)}_dlq[("dead-letter queue")]`),
    service.partitionKey && service.tableStreamView && `  ${tableNode(name)} -- "changes" --> ${streamNode(name, undefined)}`,
    ...service.queues.flatMap((queue) => [
      service.api && `  ${apiNode(service.api.propertyName)} -- "${routeLabel(queue.route)}" --> ${queueNode(name, queue.name)}`,
      queue.consumer && `  ${queueNode(name, queue.name)} -- "${batchLabel(queue.consumer.queueEvents!.batchSize, 'messages')}" --> ${functionNode(queue.consumer)}`,
      `  ${queueNode(name, queue.name)} -. "after ${queue.maxReceiveCount} receives" .-> ${queueNode(name, queue.name)}_dlq[("dead-letter queue")]`,
    ]),
    ...lakeEdges(service),
  ].filter((line): line is string => typeof line === 'string');
}

function functionDataEdges(fn: FunctionModel, service: ServiceModel): Array<string | undefined | false> {
  const node = functionNode(fn);
  const lake = service.dataLake;
  const events = fn.streamEvents;
  return [
    fn.objectEvents && `  ${bucketNode(fn.service, fn.objectEvents.bucket)} -- "${fn.objectEvents.events.join(', ').toLowerCase()} ${keys(fn.objectEvents.prefix, fn.objectEvents.suffix)}" --> ${node}`,
    fn.dataLakeTransform && lake && `  ${lakeNode(fn.service, 'raw')} -- "created ${keys(lake.rawPrefix, lake.rawSuffix)}" --> ${node}`,
    // S3 invokes asynchronously; a subscriber's dead-letter queue is drawn with its subscriptions already
    fn.subscriptions.length === 0 && (fn.objectEvents || fn.dataLakeTransform) && `  ${node} -. "failed invocations" .-> ${deadLetterNode(fn)}[("dead-letter queue")]`,
    ...fn.bucketWrites.map((write) => `  ${node} -- "writes ${keys(write.prefix, '')}" --> ${bucketNode(fn.service, write.bucket)}`),
    fn.dataLakeTransform && lake && `  ${node} -- "writes ${keys(lake.processedPrefix, '')}" --> ${lakeNode(fn.service, 'processed')}`,
    ...fn.streamWrites.map((stream) => `  ${node} -- "puts records" --> ${streamNode(fn.service, stream)}`),
    events && `  ${streamNode(fn.service, events.stream)} -- "${[
      batchLabel(events.batchSize, 'records'),
      events.parallelizationFactor > 1 && `${events.parallelizationFactor} per shard`,
      events.filters.length > 0 && 'filtered',
      events.enhancedFanOut && 'enhanced fan-out',
    ].filter((part): part is string => typeof part === 'string').join(', ')}" --> ${node}`,
    events && `  ${node} -. "failed batches" .-> failures_${id(fn.service)}_${id(fn.name)}[("failure queue")]`,
    fn.idempotency && `  ${node} -. "idempotency" .-> ${idempotencyNode(fn.service)}`,
  ];
}

function lakeEdges(service: ServiceModel): string[] {
  const lake = service.dataLake;
  if (!lake) {
    return [];
  }
  const node = (part: Parameters<typeof lakeNode>[1]) => lakeNode(service.name, part);
  return [
    lake.columns
      ? `  ${node('processed')} -- "${keys(lake.processedPrefix, '')} ${FORMATS[lake.format]}${lake.partitionKeys.length > 0 ? `, by ${lake.partitionKeys.map((key) => key.name).join(', ')}` : ''}" --> ${node('catalog')}`
      : `  ${node('processed')} -. "not catalogued" .-> ${node('catalog')}`,
    `  ${node('catalog')} -- "queried in" --> ${node('athena')}`,
    `  ${node('athena')} -- "results, ${lake.queryResultsExpireAfterDays} days" --> ${node('results')}`,
  ];
}

/** `created large/*, 100 MiB or more, via the default bus`. */
function objectTriggerLabel(created: WorkflowObjectTriggerOptions): string {
  return `created ${keys(created.prefix ?? '', created.suffix ?? '')}` +
    `${created.minSizeBytes !== undefined ? `, ${bytes(created.minSizeBytes)} or more` : ''}, via the default bus`;
}

function batchLabel(size: number, items: string): string {
  return `batches of ${size} ${items}`;
}

function startsWorkflows(service: ServiceModel, bucket: string): boolean {
  return service.workflows.some((workflow) => workflow.trigger?.objectCreated?.bucket === bucket);
}
