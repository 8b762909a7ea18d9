/** What a function does with its service's data resources: object events, writes, stream and queue consumption, idempotency. */
import { Place, wholeNumber } from './checks';
import { TableAccess } from '../../constructs/microservice';
import { keyFilterErrors, routesOverlap } from '../../constructs/s3-event-bucket-filters';
import { eventPatternProblems } from '../../event-pattern';
import { FunctionOptions, ObjectEvent, ServiceOptions } from '../options';

/** The triggers a function can have; it has one at most, besides event subscriptions. */
export const TRIGGERS = ['route', 'resolver', 'objectEvents', 'streamEvents', 'queueEvents'] as const;

/** S3 refuses two notifications of a bucket that can match the same event ("Configurations overlap"). */
export function checkOverlappingRoutes(service: ServiceOptions, where: string): string[] {
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

export function checkFunctionData(fn: FunctionOptions, at: Place, service: ServiceOptions): string[] {
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
  );
  (streamEvents.filters ?? []).forEach((filter, index) => {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter) || Object.keys(filter).length === 0) {
      problems.push(`\`${where}.filters[${index}]\` ('${at.label}') must be a pattern object, like { eventName: ['INSERT'] }; got ${JSON.stringify(filter)}.`);
      return;
    }
    const refused = eventPatternProblems(filter, 'lambda');
    if (refused.length > 0) {
      problems.push(`\`${where}.filters[${index}]\` ('${at.label}') is a filter Lambda refuses: ${refused.join('; ')}.`);
    }
  });
  if ((streamEvents.filters ?? []).length > 5) {
    problems.push(`\`${where}.filters\` ('${at.label}') has ${streamEvents.filters!.length} patterns; an event source mapping takes 5 at most.`);
  }
  return problems;
}

export function bucketProblems(bucket: string, where: string, label: string, service: ServiceOptions): string[] {
  const buckets = (service.buckets ?? []).map((b) => b.name);
  return buckets.includes(bucket) ? [] : [`\`${where}\` ('${label}') names '${bucket}', which is not in \`buckets\` of service '${service.name}' (${buckets.join(', ') || 'none'}).`];
}
