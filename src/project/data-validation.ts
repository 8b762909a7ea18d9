import { KEBAB_CASE } from './names';
import { checkEnum, duplicates } from './option-checks';
import {
  BucketWriteOptions, FunctionOptions, HttpMethod, KinesisStreamMode, ObjectEvent, ServerlessAppOptions, ServiceOptions, StreamStartingPosition,
  TableStreamView, WorkflowTriggerOptions,
} from './options';
import { DATA_DEFAULTS } from '../constructs/data-defaults';
import { columnErrors } from '../constructs/data-lake-catalog';
import { DataLakeFormat } from '../constructs/data-lake-schema';
import { TableAccess } from '../constructs/microservice';
import { keyFilterErrors, prefixesOverlap, routesOverlap } from '../constructs/s3-event-bucket-filters';
import { FunctionPresets } from '../presets';

/** Methods whose body a queue route sends as the message. */
export const QUEUE_ROUTE_METHODS: string[] = [HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH];
/** SQS's longest visibility timeout: 12 hours. */
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** The triggers a function can have; it has one at most, besides event subscriptions. */
const TRIGGERS = ['route', 'resolver', 'objectEvents', 'streamEvents', 'queueEvents'] as const;

/** What a check reports a problem against: where in the options, and whose. */
interface Place {
  readonly where: string;
  readonly label: string;
}

/** The data processing resources of a service (buckets, streams, queues, data lake) and what its functions do with them. */
export function checkDataResources(service: ServiceOptions, where: string, options: ServerlessAppOptions): string[] {
  const problems: string[] = [];
  const functions = service.functions ?? [];
  problems.push(...checkNames(service.buckets, `${where}.buckets`, 'bucket', "'uploads'"));
  (service.buckets ?? []).forEach((bucket, index) => {
    const at = `${where}.buckets[${index}]`;
    problems.push(...wholeNumber(`${at}.expireAfterDays`, bucket.expireAfterDays, 1, Number.MAX_SAFE_INTEGER));
    problems.push(...wholeNumber(`${at}.transitionToInfrequentAccessAfterDays`, bucket.transitionToInfrequentAccessAfterDays, 30, Number.MAX_SAFE_INTEGER, 'S3 moves objects to Standard-IA after 30 days at the earliest'));
    const { expireAfterDays: expire, transitionToInfrequentAccessAfterDays: transition } = bucket;
    if (expire !== undefined && transition !== undefined && expire <= transition) {
      problems.push(`\`${at}.expireAfterDays\` (${expire}) must be more than \`transitionToInfrequentAccessAfterDays\` (${transition}): objects would expire before they move.`);
    }
  });
  problems.push(...checkNames(service.streams, `${where}.streams`, 'stream', "'clicks'"));
  (service.streams ?? []).forEach((stream, index) => {
    const at = `${where}.streams[${index}]`;
    problems.push(...checkEnum(`${at}.mode`, stream.mode, KinesisStreamMode));
    if (stream.shardCount !== undefined && stream.mode !== KinesisStreamMode.PROVISIONED) {
      problems.push(`\`${at}.shardCount\` is set but \`mode\` is not PROVISIONED: an ON_DEMAND stream scales its shards itself.`);
    }
    problems.push(...wholeNumber(`${at}.shardCount`, stream.shardCount, 1, 10_000));
    problems.push(...wholeNumber(`${at}.retentionHours`, stream.retentionHours, 24, 8760, 'Kinesis keeps records 24 hours to 365 days'));
  });
  problems.push(...checkNames(service.queues, `${where}.queues`, 'queue', "'orders'"));
  (service.queues ?? []).forEach((_queue, index) => problems.push(...checkQueue(service, index, `${where}.queues[${index}]`, options)));
  if (service.table?.streamView !== undefined) {
    problems.push(...checkEnum(`${where}.table.streamView`, service.table.streamView, TableStreamView));
  }
  if (service.dataLake) {
    problems.push(...checkDataLake(service, `${where}.dataLake`));
  }
  functions.forEach((fn, index) => problems.push(...checkFunctionData(fn, { where: `${where}.functions[${index}]`, label: `${service.name}/${fn.name}` }, service)));
  problems.push(...checkRecursion(service, where), ...checkOverlappingRoutes(service, where));
  return problems;
}

/** S3 refuses two notifications of a bucket that can match the same event ("Configurations overlap"). */
function checkOverlappingRoutes(service: ServiceOptions, where: string): string[] {
  const routes = (service.functions ?? []).filter((fn) => fn.objectEvents).map((fn) => ({
    name: fn.name,
    bucket: fn.objectEvents!.bucket,
    prefix: fn.objectEvents!.prefix ?? '',
    suffix: fn.objectEvents!.suffix ?? '',
    events: (fn.objectEvents!.events ?? [ObjectEvent.CREATED]).map(String),
  }));
  const problems: string[] = [];
  routes.forEach((route, index) => {
    const other = routes.slice(0, index).find((earlier) => earlier.bucket === route.bucket && routesOverlap(earlier, route));
    if (other) {
      problems.push(`\`${where}.functions\` ('${service.name}'): the object events of '${route.name}' and '${other.name}' on bucket '${route.bucket}' can match the same object (prefixes '${other.prefix}' and '${route.prefix}', suffixes '${other.suffix}' and '${route.suffix}'); S3 refuses overlapping notifications. Narrow a prefix or suffix.`);
    }
  });
  return problems;
}

/** A workflow started by objects created in one of its service's buckets. */
export function checkObjectTrigger(trigger: WorkflowTriggerOptions, at: Place, service: ServiceOptions): string[] {
  const created = trigger.objectCreated;
  if (!created) {
    return [];
  }
  const where = `${at.where}.objectCreated`;
  const problems = [
    ...bucketProblems(created.bucket, `${where}.bucket`, at.label, service),
    ...keyFilterErrors(`${where}.prefix`, created.prefix),
    ...keyFilterErrors(`${where}.suffix`, created.suffix),
    ...wholeNumber(`${where}.minSizeBytes`, created.minSizeBytes, 0, Number.MAX_SAFE_INTEGER),
  ];
  if (trigger.sources?.length || trigger.detailTypes?.length || trigger.detail !== undefined) {
    problems.push(`\`${at.where}\` ('${at.label}') sets \`objectCreated\` and an event pattern (\`sources\`, \`detailTypes\`, \`detail\`); a workflow is started by one or the other.`);
  }
  return problems;
}

function checkQueue(service: ServiceOptions, index: number, at: string, options: ServerlessAppOptions): string[] {
  const queue = service.queues![index];
  const label = `${service.name}/${queue.name}`;
  const problems: string[] = [];
  const route = queue.route;
  if (!route) {
    return [`\`${at}.route\` ('${label}') is missing: a queue is fed by an API route, like { path: '/orders' }.`];
  }
  const method = route.method ?? HttpMethod.POST;
  if (!QUEUE_ROUTE_METHODS.includes(method)) {
    problems.push(`\`${at}.route.method\` ('${label}') must be one of ${QUEUE_ROUTE_METHODS.join(', ')}: the request body is the message; got '${method}'.`);
  }
  problems.push(...wholeNumber(`${at}.maxReceiveCount`, queue.maxReceiveCount, 1, 1000));
  problems.push(...wholeNumber(`${at}.retentionDays`, queue.retentionDays, 1, 14, 'SQS keeps messages 14 days at most'));
  problems.push(...wholeNumber(`${at}.visibilityTimeoutSeconds`, queue.visibilityTimeoutSeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS, 'SQS allows 12 hours at most'));
  const consumers = (service.functions ?? []).filter((fn) => fn.queueEvents?.queue === queue.name);
  if (consumers.length > 1) {
    problems.push(`\`${at}\` ('${label}') is consumed by ${consumers.map((fn) => `'${fn.name}'`).join(' and ')}: SQS gives each message to one consumer, so each would see some of them; give the queue one consumer, or publish an event that several subscribe to.`);
  }
  const consumer = consumers[0];
  const visibility = queue.visibilityTimeoutSeconds;
  if (consumer && visibility !== undefined) {
    const timeout = timeoutOf(consumer, service, options);
    if (timeout !== undefined && visibility < 6 * timeout) {
      problems.push(`\`${at}.visibilityTimeoutSeconds\` ('${label}') is ${visibility} but must be at least 6 times the timeout of its consumer '${consumer.name}' (${timeout} s), ${6 * timeout}: a message still in a batch would be delivered again. Leave it out for exactly that.`);
    }
  }
  return problems;
}

function checkDataLake(service: ServiceOptions, at: string): string[] {
  const lake = service.dataLake!;
  const problems: string[] = [];
  const transform = (service.functions ?? []).find((fn) => fn.name === lake.transform);
  if (!transform) {
    problems.push(`\`${at}.transform\` names '${lake.transform}', which is not a function of service '${service.name}' (${(service.functions ?? []).map((fn) => fn.name).join(', ') || 'none'}).`);
  } else {
    const triggers = [...TRIGGERS.filter((trigger) => transform[trigger] !== undefined), ...((transform.subscriptions ?? []).length > 0 ? ['subscriptions'] : [])];
    if (triggers.length > 0) {
      problems.push(`\`${at}.transform\` names '${lake.transform}', which has \`${triggers.join('`, `')}\`: the lake's raw objects invoke its transform; give it no trigger of its own.`);
    }
  }
  problems.push(...keyFilterErrors(`${at}.rawPrefix`, lake.rawPrefix), ...keyFilterErrors(`${at}.rawSuffix`, lake.rawSuffix));
  problems.push(...keyFilterErrors(`${at}.processedPrefix`, lake.processedPrefix));
  if (lake.processedPrefix !== undefined && lake.processedPrefix !== '' && !lake.processedPrefix.endsWith('/')) {
    problems.push(`\`${at}.processedPrefix\` must end with \`/\` (the table reads a folder), or be empty; got '${lake.processedPrefix}'.`);
  }
  problems.push(...columnErrors(lake.columns, lake.partitionKeys).map((problem) => `\`${at}\`: ${problem}`));
  problems.push(...checkEnum(`${at}.format`, lake.format, DataLakeFormat));
  problems.push(...wholeNumber(`${at}.bytesScannedCutoffPerQuery`, lake.bytesScannedCutoffPerQuery, DATA_DEFAULTS.minBytesScannedCutoffPerQuery, Number.MAX_SAFE_INTEGER, 'Athena\'s smallest limit is 10 MB'));
  problems.push(...wholeNumber(`${at}.queryResultsExpireAfterDays`, lake.queryResultsExpireAfterDays, 1, Number.MAX_SAFE_INTEGER));
  return problems;
}

function checkFunctionData(fn: FunctionOptions, at: Place, service: ServiceOptions): string[] {
  const { where, label } = at;
  const problems: string[] = [];
  const triggers = TRIGGERS.filter((trigger) => fn[trigger] !== undefined);
  const dataTriggers = triggers.filter((trigger) => ['objectEvents', 'streamEvents', 'queueEvents'].includes(trigger));
  // a route with a resolver is reported with the routes
  if (triggers.length > 1 && dataTriggers.length > 0) {
    problems.push(`\`${where}\` ('${label}') has \`${triggers.join('` and `')}\`: a function has one trigger; give each its own function.`);
  }
  if (dataTriggers.length > 0 && (fn.subscriptions ?? []).length > 0) {
    problems.push(`\`${where}\` ('${label}') has \`${dataTriggers[0]}\` and \`subscriptions\`: a function has one trigger; give each its own function.`);
  }
  const objects = fn.objectEvents;
  if (objects) {
    problems.push(...bucketProblems(objects.bucket, `${where}.objectEvents.bucket`, label, service));
    problems.push(...keyFilterErrors(`${where}.objectEvents.prefix`, objects.prefix), ...keyFilterErrors(`${where}.objectEvents.suffix`, objects.suffix));
    if (objects.events !== undefined && objects.events.length === 0) {
      problems.push(`\`${where}.objectEvents.events\` ('${label}') is empty; name ${Object.values(ObjectEvent).join(' or ')}, or leave it out for CREATED.`);
    }
    (objects.events ?? []).forEach((event, index) => problems.push(...checkEnum(`${where}.objectEvents.events[${index}]`, event, ObjectEvent)));
  }
  (fn.bucketWrites ?? []).forEach((write, index) => {
    problems.push(...bucketProblems(write.bucket, `${where}.bucketWrites[${index}].bucket`, label, service));
    if (typeof write.prefix !== 'string') {
      problems.push(`\`${where}.bucketWrites[${index}].prefix\` ('${label}') must be a key prefix, like 'processed/'; got ${JSON.stringify(write.prefix)}.`);
    } else {
      problems.push(...keyFilterErrors(`${where}.bucketWrites[${index}].prefix`, write.prefix));
    }
  });
  problems.push(...checkStreamEvents(fn, at, service));
  const streams = (service.streams ?? []).map((stream) => stream.name);
  const reads = fn.streamEvents?.table ? undefined : fn.streamEvents?.stream;
  if (reads !== undefined && (fn.streamWrites ?? []).includes(reads)) {
    problems.push(`\`${where}.streamWrites\` ('${label}') names '${reads}', the stream it reads: each record it puts would invoke it again, without end (ServerlessPatterns-LambdaRecursion). Put to another stream.`);
  }
  if (fn.streamEvents?.table === true && fn.tableAccess === TableAccess.READ_WRITE) {
    problems.push(`\`${where}.tableAccess\` ('${label}') is READ_WRITE but the function reads its table's stream: each item it writes would invoke it again, without end (ServerlessPatterns-LambdaRecursion). Give it READ, and write elsewhere.`);
  }
  (fn.streamWrites ?? []).filter((name) => !streams.includes(name)).forEach((name) => {
    problems.push(`\`${where}.streamWrites\` ('${label}') names '${name}', which is not in \`streams\` of service '${service.name}' (${streams.join(', ') || 'none'}).`);
  });
  const queue = fn.queueEvents;
  if (queue) {
    const queues = (service.queues ?? []).map((q) => q.name);
    if (!queues.includes(queue.queue)) {
      problems.push(`\`${where}.queueEvents.queue\` ('${label}') names '${queue.queue}', which is not in \`queues\` of service '${service.name}' (${queues.join(', ') || 'none'}).`);
    }
    problems.push(...wholeNumber(`${where}.queueEvents.batchSize`, queue.batchSize, 1, 10_000));
    problems.push(...wholeNumber(`${where}.queueEvents.maxBatchingWindowSeconds`, queue.maxBatchingWindowSeconds, 0, 300));
    problems.push(...wholeNumber(`${where}.queueEvents.maxConcurrency`, queue.maxConcurrency, 2, 1000));
    if ((queue.batchSize ?? 10) > 10 && !queue.maxBatchingWindowSeconds) {
      problems.push(`\`${where}.queueEvents.batchSize\` ('${label}') is ${queue.batchSize}: more than 10 messages per batch needs \`maxBatchingWindowSeconds\` of 1 or more.`);
    }
  }
  const lakeTransform = service.dataLake?.transform === fn.name;
  const atLeastOnce = (fn.subscriptions ?? []).length > 0 || objects !== undefined || fn.streamEvents !== undefined
    || queue !== undefined || lakeTransform;
  if (fn.idempotency === true && !atLeastOnce) {
    problems.push(`\`${where}.idempotency\` ('${label}') is true but nothing delivers events to it at least once; it is for functions with \`subscriptions\`, \`objectEvents\`, \`streamEvents\` or \`queueEvents\`, and the data lake's transform.`);
  }
  if (fn.idempotency === false && queue !== undefined) {
    problems.push(`\`${where}.idempotency\` ('${label}') is false but the function consumes queue '${queue.queue}': SQS delivers a message more than once, and a client that retries queues it again, so its starter processes each message once with the idempotency table; leave \`idempotency\` out.`);
  }
  return problems;
}

function checkStreamEvents(fn: FunctionOptions, at: Place, service: ServiceOptions): string[] {
  const streamEvents = fn.streamEvents;
  if (!streamEvents) {
    return [];
  }
  const where = `${at.where}.streamEvents`;
  const problems: string[] = [];
  const streams = (service.streams ?? []).map((stream) => stream.name);
  if (streamEvents.table === true && streamEvents.stream !== undefined) {
    problems.push(`\`${where}\` ('${at.label}') sets \`table\` and \`stream\`; a function reads one stream.`);
  } else if (streamEvents.table === true && !service.table) {
    problems.push(`\`${where}.table\` ('${at.label}') is true but service '${service.name}' has no \`table\`.`);
  } else if (streamEvents.table !== true && streamEvents.stream === undefined) {
    problems.push(`\`${where}\` ('${at.label}') must set \`table: true\` (the service's table's stream) or \`stream\` (one of ${streams.join(', ') || 'its streams: it has none'}).`);
  } else if (streamEvents.stream !== undefined && !streams.includes(streamEvents.stream)) {
    problems.push(`\`${where}.stream\` ('${at.label}') names '${streamEvents.stream}', which is not in \`streams\` of service '${service.name}' (${streams.join(', ') || 'none'}).`);
  }
  if (streamEvents.enhancedFanOut && streamEvents.table) {
    problems.push(`\`${where}.enhancedFanOut\` ('${at.label}') is for Kinesis streams; a table's stream has no enhanced fan-out.`);
  }
  problems.push(
    ...wholeNumber(`${where}.batchSize`, streamEvents.batchSize, 1, 10_000),
    ...wholeNumber(`${where}.maxBatchingWindowSeconds`, streamEvents.maxBatchingWindowSeconds, 0, 300),
    ...wholeNumber(`${where}.retryAttempts`, streamEvents.retryAttempts, 0, 10_000),
    ...wholeNumber(`${where}.maxRecordAgeSeconds`, streamEvents.maxRecordAgeSeconds, 60, 604_800, 'Lambda allows 1 minute to 7 days'),
    ...wholeNumber(`${where}.parallelizationFactor`, streamEvents.parallelizationFactor, 1, 10),
    ...checkEnum(`${where}.startingPosition`, streamEvents.startingPosition, StreamStartingPosition),
  );
  (streamEvents.filters ?? []).forEach((filter, index) => {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter) || Object.keys(filter).length === 0) {
      problems.push(`\`${where}.filters[${index}]\` ('${at.label}') must be a pattern object, like { eventName: ['INSERT'] }; got ${JSON.stringify(filter)}.`);
    }
  });
  if ((streamEvents.filters ?? []).length > 5) {
    problems.push(`\`${where}.filters\` ('${at.label}') has ${streamEvents.filters!.length} patterns; an event source mapping takes 5 at most.`);
  }
  return problems;
}

/**
 * The recursive-trigger trap: a function that writes where its own objects come from invokes
 * itself without end, and so does a ring of functions each writing where the next is invoked
 * (objects under its trigger prefix, records to the stream it reads).
 */
function checkRecursion(service: ServiceOptions, where: string): string[] {
  const functions = service.functions ?? [];
  const invokedBy = (write: BucketWriteOptions) => functions.filter((other) => other.objectEvents?.bucket === write.bucket
    && typeof write.prefix === 'string' && prefixesOverlap(other.objectEvents.prefix ?? '', write.prefix));
  const readersOf = (stream: string) => functions.filter((other) => !other.streamEvents?.table && other.streamEvents?.stream === stream);
  const next = new Map(functions.map((fn) => [fn.name, [...new Set([
    ...(fn.bucketWrites ?? []).flatMap((write) => invokedBy(write).map((other) => other.name)),
    ...(fn.streamWrites ?? []).flatMap((stream) => readersOf(stream).map((other) => other.name)),
  ])]]));
  const problems: string[] = [];
  functions.forEach((fn, index) => {
    (fn.bucketWrites ?? []).forEach((write, writeIndex) => {
      if (invokedBy(write).some((other) => other.name === fn.name)) {
        const trigger = fn.objectEvents!.prefix ?? '';
        problems.push(`\`${where}.functions[${index}].bucketWrites[${writeIndex}]\` ('${service.name}/${fn.name}') writes under '${write.prefix}' of bucket '${write.bucket}', where the objects that invoke it are (prefix '${trigger}'): each object it writes would invoke it again, without end. Write under a prefix outside '${trigger}', or to another bucket.`);
      }
    });
  });
  const ring = cycleOf(next);
  if (ring && ring.length > 1) {
    problems.push(`\`${where}\` ('${service.name}'): ${ring.map((name) => `'${name}'`).join(' writes where ')} writes where '${ring[0]}' is invoked: what they write goes round without end. Let one of them write where none of the others is invoked.`);
  }
  return problems;
}

/** A cycle of the graph, as its nodes in order, if it has one. */
function cycleOf(next: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    const seen = path.indexOf(node);
    if (seen >= 0) {
      return path.slice(seen);
    }
    if (done.has(node)) {
      return undefined;
    }
    for (const target of next.get(node) ?? []) {
      const cycle = visit(target, [...path, node]);
      if (cycle) {
        return cycle;
      }
    }
    done.add(node);
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node, []);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}

function bucketProblems(bucket: string, where: string, label: string, service: ServiceOptions): string[] {
  const buckets = (service.buckets ?? []).map((b) => b.name);
  return buckets.includes(bucket) ? [] : [`\`${where}\` ('${label}') names '${bucket}', which is not in \`buckets\` of service '${service.name}' (${buckets.join(', ') || 'none'}).`];
}

/** Names of a list of a service's resources: kebab-case and unique. */
function checkNames(items: Array<{ readonly name: string }> | undefined, where: string, what: string, example: string): string[] {
  const names = (items ?? []).map((item) => item.name);
  const problems = names.filter((name) => !KEBAB_CASE.test(name ?? '')).map((name) => `\`${where}\` must name each ${what} in kebab-case (like ${example}); got '${name}'.`);
  duplicates(names).forEach((name) => {
    problems.push(`\`${where}\` names '${name}' more than once; ${what} names must be unique in a service.`);
  });
  return problems;
}

function wholeNumber(where: string, value: number | undefined, min: number, max: number, why?: string): string[] {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return [`\`${where}\` must be a whole number ${range}${why ? ` (${why})` : ''}; got ${value}.`];
}

/** The function's timeout in seconds, as the model resolves it; undefined when its preset is unknown. */
function timeoutOf(fn: FunctionOptions, service: ServiceOptions, options: ServerlessAppOptions): number | undefined {
  if (fn.timeoutSeconds !== undefined || service.timeoutSeconds !== undefined) {
    return fn.timeoutSeconds ?? service.timeoutSeconds;
  }
  try {
    return FunctionPresets.settingsOf(fn.preset ?? service.preset ?? options.defaultPreset ?? FunctionPresets.DEFAULT).timeoutSeconds;
  } catch {
    return undefined;
  }
}
