/** The data processing part of a service's generated file: buckets, streams, queues, the data lake, and how functions use them. */
import { DATA_DEFAULTS } from '../../../constructs/data-defaults';
import { DataLakeColumn } from '../../../constructs/data-lake-schema';
import { FunctionModel, QueueModel, ServiceModel, StreamEventsModel } from '../../model';
import { KinesisStreamMode, ObjectEvent, StreamStartingPosition } from '../../options';
import { describeStream } from '../describe';
import { lines, literal, str } from '../typescript';

/** The S3 event type each object event is delivered as. */
const OBJECT_EVENT_TYPES: Record<ObjectEvent, string> = {
  [ObjectEvent.CREATED]: 'OBJECT_CREATED',
  [ObjectEvent.REMOVED]: 'OBJECT_REMOVED',
};

/** The CDK modules and constructs a service's data resources need in its generated file. */
export function dataImports(service: ServiceModel): { constructs: string[]; modules: string[]; usesDuration: boolean } {
  const consumers = service.functions.filter((fn) => fn.streamEvents);
  const objectRoutes = service.functions.filter((fn) => fn.objectEvents);
  const constructs = [
    service.dataLake?.columns && 'DataLakeFormat',
    (service.buckets.length > 0) && 'EventBucket',
    service.queues.length > 0 && 'QueueApi',
    service.dataLake && 'ServerlessDataLake',
    service.streams.length > 0 && 'ServerlessKinesisStream',
    consumers.length > 0 && 'StreamConsumer',
  ];
  const modules = [
    objectRoutes.length > 0 && "import * as s3 from 'aws-cdk-lib/aws-s3';",
    service.streams.length > 0 && "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
    consumers.some((fn) => fn.streamEvents!.startingPosition !== defaultStartingPosition(fn.streamEvents!))
      && "import * as lambda from 'aws-cdk-lib/aws-lambda';",
  ];
  const usesDuration = service.streams.some((stream) => stream.retentionHours !== DATA_DEFAULTS.kinesisRetentionHours)
    || consumers.some((fn) => fn.streamEvents!.maxBatchingWindowSeconds !== DATA_DEFAULTS.streamBatchingWindowSeconds
      || fn.streamEvents!.maxRecordAgeSeconds !== DATA_DEFAULTS.streamMaxRecordAgeSeconds)
    || service.queues.length > 0;
  return {
    constructs: constructs.filter((name): name is string => typeof name === 'string'),
    modules: modules.filter((line): line is string => typeof line === 'string'),
    usesDuration,
  };
}

/** The public fields of the service's data resources. */
export function dataFields(service: ServiceModel): string[] {
  return [
    ...service.buckets.flatMap((bucket) => [`  /** The \`${bucket.name}\` bucket. */`, `  public readonly ${bucket.propertyName}: EventBucket;`]),
    ...service.streams.flatMap((stream) => [`  /** The \`${stream.name}\` Kinesis stream. */`, `  public readonly ${stream.propertyName}: ServerlessKinesisStream;`]),
    ...service.functions.filter((fn) => fn.streamEvents).flatMap((fn) => [
      `  /** How \`${fn.name}\` reads ${describeStream(fn.streamEvents!)}, with its failure queue. */`,
      `  public readonly ${consumerProperty(fn)}: StreamConsumer;`,
    ]),
    ...service.queues.flatMap((queue) => [
      `  /** The \`${queue.name}\` queue, fed by ${queue.route.method} ${queue.route.path}. */`,
      `  public readonly ${queue.propertyName}: QueueApi;`,
    ]),
    ...(service.dataLake ? ['  /** The data lake: raw and processed buckets, Glue catalog, Athena workgroup. */', '  public readonly dataLake: ServerlessDataLake;'] : []),
  ];
}

/** The buckets and streams, created before the functions that name them in their environment. */
export function renderDataResources(service: ServiceModel): string[] {
  return [
    ...service.buckets.map((bucket) => {
      const props = [
        !bucket.versioned && 'versioned: false',
        bucket.expireAfterDays !== undefined && `expireAfterDays: ${bucket.expireAfterDays}`,
        bucket.transitionToInfrequentAccessAfterDays !== undefined && `transitionToInfrequentAccessAfterDays: ${bucket.transitionToInfrequentAccessAfterDays}`,
      ].filter((field): field is string => typeof field === 'string');
      return `this.${bucket.propertyName} = new EventBucket(this, ${str(bucket.constructId)}${props.length > 0 ? `, { ${props.join(', ')} }` : ''});`;
    }),
    ...service.streams.map((stream) => {
      const props = [
        stream.mode !== KinesisStreamMode.ON_DEMAND && `streamMode: kinesis.StreamMode.${stream.mode}`,
        stream.shardCount !== undefined && `shardCount: ${stream.shardCount}`,
        stream.retentionHours !== DATA_DEFAULTS.kinesisRetentionHours && `retentionPeriod: Duration.hours(${stream.retentionHours})`,
      ].filter((field): field is string => typeof field === 'string');
      return `this.${stream.propertyName} = new ServerlessKinesisStream(this, ${str(stream.constructId)}${props.length > 0 ? `, { ${props.join(', ')} }` : ''});`;
    }),
  ];
}

/** The data props of `addFunction`: who invokes it synchronously, idempotency, and the names of what it writes to. */
export function dataFunctionProps(fn: FunctionModel, service: ServiceModel): string[] {
  const environment = [
    ...fn.bucketWrites.map((write) => service.buckets.find((bucket) => bucket.name === write.bucket)!)
      .filter((bucket, index, all) => all.indexOf(bucket) === index)
      .map((bucket) => `${bucket.environmentVariable}: this.${bucket.propertyName}.bucket.bucketName`),
    ...fn.streamWrites.map((name) => service.streams.find((stream) => stream.name === name)!)
      .map((stream) => `${stream.environmentVariable}: this.${stream.propertyName}.streamName`),
  ];
  const caller = fn.streamEvents ? `the event source mapping of ${describeStream(fn.streamEvents)}`
    : fn.queueEvents ? `the event source mapping of the ${fn.queueEvents.queue} queue` : undefined;
  return [
    caller && `  synchronousCaller: ${str(caller)},`,
    fn.idempotency && '  idempotency: true,',
    environment.length > 0 && `  environment: { ${environment.join(', ')} },`,
  ].filter((line): line is string => typeof line === 'string');
}

/** What connects the functions to their sources and destinations, once they exist. */
export function renderDataWiring(service: ServiceModel, hasAuthorizer: boolean): string[] {
  return [
    ...service.functions.flatMap((fn) => renderFunctionWiring(fn, service)),
    ...service.queues.map((queue) => renderQueue(queue, hasAuthorizer)),
    ...(service.dataLake ? [renderDataLake(service)] : []),
  ];
}

/** The S3 rules that start workflows, once the workflows exist. */
export function renderWorkflowRoutes(service: ServiceModel): string[] {
  return service.workflows.filter((workflow) => workflow.trigger?.objectCreated).map((workflow) => {
    const created = workflow.trigger!.objectCreated!;
    const bucket = service.buckets.find((b) => b.name === created.bucket)!;
    return `this.${bucket.propertyName}.addWorkflowRoute(${routeProps(created)}, this.${workflow.propertyName}.stateMachine);`;
  });
}

function renderFunctionWiring(fn: FunctionModel, service: ServiceModel): string[] {
  const bucketOf = (name: string) => service.buckets.find((bucket) => bucket.name === name)!;
  const wiring: string[] = [];
  const objects = fn.objectEvents;
  if (objects) {
    const bucket = bucketOf(objects.bucket);
    const events = objects.events.length === 1 && objects.events[0] === ObjectEvent.CREATED
      ? undefined
      : `[${objects.events.map((event) => `s3.EventType.${OBJECT_EVENT_TYPES[event]}`).join(', ')}]`;
    const props = routeProps({ prefix: objects.prefix, suffix: objects.suffix }, events && `events: ${events}`);
    wiring.push(
      `this.${bucket.propertyName}.addRoute(${props}, this.${fn.propertyName}.invocable);`,
      `this.${bucket.propertyName}.grantRead(this.${fn.propertyName}${objects.prefix ? `, ${str(objects.prefix)}` : ''});`,
    );
  }
  for (const write of fn.bucketWrites) {
    wiring.push(`this.${bucketOf(write.bucket).propertyName}.grantPut(this.${fn.propertyName}, ${str(write.prefix)});`);
  }
  for (const name of fn.streamWrites) {
    wiring.push(`this.${service.streams.find((stream) => stream.name === name)!.propertyName}.grantWrite(this.${fn.propertyName});`);
  }
  if (fn.streamEvents) {
    wiring.push(renderStreamConsumer(fn, service));
  }
  return wiring;
}

function renderStreamConsumer(fn: FunctionModel, service: ServiceModel): string {
  const events = fn.streamEvents!;
  const source = events.stream === undefined
    ? 'table: this.table!'
    : `stream: this.${service.streams.find((stream) => stream.name === events.stream)!.propertyName}`;
  const fields = [
    `handler: this.${fn.propertyName}.invocable`,
    source,
    events.batchSize !== DATA_DEFAULTS.streamBatchSize && `batchSize: ${events.batchSize}`,
    events.maxBatchingWindowSeconds !== DATA_DEFAULTS.streamBatchingWindowSeconds && `maxBatchingWindow: Duration.seconds(${events.maxBatchingWindowSeconds})`,
    !events.bisectBatchOnError && 'bisectBatchOnError: false',
    events.retryAttempts !== DATA_DEFAULTS.streamRetryAttempts && `retryAttempts: ${events.retryAttempts}`,
    events.maxRecordAgeSeconds !== DATA_DEFAULTS.streamMaxRecordAgeSeconds && `maxRecordAge: Duration.seconds(${events.maxRecordAgeSeconds})`,
    events.startingPosition !== defaultStartingPosition(events) && `startingPosition: lambda.StartingPosition.${events.startingPosition}`,
    events.parallelizationFactor !== 1 && `parallelizationFactor: ${events.parallelizationFactor}`,
    events.filters.length > 0 && `filters: ${literal(events.filters)}`,
    events.enhancedFanOut && 'enhancedFanOut: true',
  ].filter((field): field is string => typeof field === 'string');
  return lines(
    `this.${consumerProperty(fn)} = new StreamConsumer(this, ${str(`${fn.constructId}Consumer`)}, {`,
    ...fields.map((field) => `  ${field},`),
    '});',
  );
}

function renderQueue(queue: QueueModel, hasAuthorizer: boolean): string {
  const route = queue.route;
  const consumer = queue.consumer;
  const events = consumer?.queueEvents;
  const fields = [
    'api: props.api',
    `path: ${str(route.path)}`,
    route.method !== 'POST' && `method: ${str(route.method)}`,
    route.bodySchemaFile && `bodySchema: RequestSchemas.fromFile(path.join(ROOT, ${str(route.bodySchemaFile)}))`,
    route.authorized !== hasAuthorizer && `authorize: ${route.authorized}`,
    consumer && `consumer: this.${consumer.propertyName}.invocable`,
    events && events.batchSize !== DATA_DEFAULTS.queueBatchSize && `batchSize: ${events.batchSize}`,
    events?.maxBatchingWindowSeconds && `maxBatchingWindow: Duration.seconds(${events.maxBatchingWindowSeconds})`,
    events?.maxConcurrency !== undefined && `maxConcurrency: ${events.maxConcurrency}`,
    queue.visibilityTimeoutSeconds !== undefined && `visibilityTimeout: Duration.seconds(${queue.visibilityTimeoutSeconds})`,
    queue.maxReceiveCount !== DATA_DEFAULTS.queueMaxReceiveCount && `maxReceiveCount: ${queue.maxReceiveCount}`,
    `retentionPeriod: Duration.days(${queue.retentionDays})`,
  ].filter((field): field is string => typeof field === 'string');
  return lines(
    `this.${queue.propertyName} = new QueueApi(this, ${str(queue.constructId)}, {`,
    ...fields.map((field) => `  ${field},`),
    '});',
  );
}

function renderDataLake(service: ServiceModel): string {
  const lake = service.dataLake!;
  const transform = service.functions.find((fn) => fn.name === lake.transform)!;
  const columns = (list: DataLakeColumn[]) => `[${list.map((column) => literal({ ...column })).join(', ')}]`;
  const fields = [
    `transform: this.${transform.propertyName}.invocable`,
    lake.rawPrefix !== DATA_DEFAULTS.rawPrefix && `rawPrefix: ${str(lake.rawPrefix)}`,
    lake.rawSuffix !== '' && `rawSuffix: ${str(lake.rawSuffix)}`,
    lake.processedPrefix !== DATA_DEFAULTS.processedPrefix && `processedPrefix: ${str(lake.processedPrefix)}`,
    lake.columns && `columns: ${columns(lake.columns)}`,
    lake.columns && lake.partitionKeys.length > 0 && `partitionKeys: ${columns(lake.partitionKeys)}`,
    lake.columns && `format: DataLakeFormat.${lake.format}`,
    lake.bytesScannedCutoffPerQuery !== DATA_DEFAULTS.bytesScannedCutoffPerQuery && `bytesScannedCutoffPerQuery: ${lake.bytesScannedCutoffPerQuery}`,
    lake.queryResultsExpireAfterDays !== DATA_DEFAULTS.queryResultsExpireAfterDays && `queryResultsExpireAfterDays: ${lake.queryResultsExpireAfterDays}`,
  ].filter((field): field is string => typeof field === 'string');
  return lines(
    "this.dataLake = new ServerlessDataLake(this, 'DataLake', {",
    ...fields.map((field) => `  ${field},`),
    '});',
  );
}

/** `{ prefix: 'incoming/', suffix: '.csv' }`, with what is set, and `extra`. */
function routeProps(filter: { prefix?: string; suffix?: string; minSizeBytes?: number }, extra?: string): string {
  const fields = [
    filter.prefix && `prefix: ${str(filter.prefix)}`,
    filter.suffix && `suffix: ${str(filter.suffix)}`,
    filter.minSizeBytes !== undefined && `minSizeBytes: ${filter.minSizeBytes}`,
    extra,
  ].filter((field): field is string => typeof field === 'string' && field.length > 0);
  return fields.length > 0 ? `{ ${fields.join(', ')} }` : '{}';
}

/** `analyticsConsumer`. */
function consumerProperty(fn: FunctionModel): string {
  return fn.propertyName.replace(/Function$/, 'Consumer');
}

function defaultStartingPosition(events: StreamEventsModel): StreamStartingPosition {
  return events.stream === undefined ? StreamStartingPosition.LATEST : StreamStartingPosition.TRIM_HORIZON;
}
