/** A service's data processing resources: buckets, Kinesis streams, queues and the data lake. */
import { checkNames, wholeNumber } from './checks';
import { checkFunctionData, checkOverlappingRoutes, TRIGGERS } from './data-functions';
import { checkRecursion } from './recursion';
import { DATA_DEFAULTS } from '../../constructs/data-defaults';
import { columnErrors } from '../../constructs/data-lake-catalog';
import { keyFilterErrors } from '../../constructs/s3-event-bucket-filters';
import { FunctionPresets } from '../../presets';
import { FunctionOptions, HttpMethod, KinesisStreamMode, ServerlessAppOptions, ServiceOptions } from '../options';

/** Methods whose body a queue route sends as the message. */
export const QUEUE_ROUTE_METHODS: string[] = [HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH];

/** SQS's longest visibility timeout: 12 hours. */
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

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
    if (stream.shardCount !== undefined && stream.mode !== KinesisStreamMode.PROVISIONED) {
      problems.push(`\`${at}.shardCount\` is set but \`mode\` is not PROVISIONED: an ON_DEMAND stream scales its shards itself.`);
    }
    problems.push(...wholeNumber(`${at}.shardCount`, stream.shardCount, 1, 10_000));
    problems.push(...wholeNumber(`${at}.retentionHours`, stream.retentionHours, 24, 8760, 'Kinesis keeps records 24 hours to 365 days'));
  });
  problems.push(...checkNames(service.queues, `${where}.queues`, 'queue', "'orders'"));
  (service.queues ?? []).forEach((_queue, index) => problems.push(...checkQueue(service, index, `${where}.queues[${index}]`, options)));
  if (service.dataLake) {
    problems.push(...checkDataLake(service, `${where}.dataLake`));
  }
  functions.forEach((fn, index) => problems.push(...checkFunctionData(fn, { where: `${where}.functions[${index}]`, label: `${service.name}/${fn.name}` }, service)));
  problems.push(...checkRecursion(service, where), ...checkOverlappingRoutes(service, where));
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
  problems.push(...wholeNumber(`${at}.bytesScannedCutoffPerQuery`, lake.bytesScannedCutoffPerQuery, DATA_DEFAULTS.minBytesScannedCutoffPerQuery, Number.MAX_SAFE_INTEGER, 'Athena\'s smallest limit is 10 MB'));
  problems.push(...wholeNumber(`${at}.queryResultsExpireAfterDays`, lake.queryResultsExpireAfterDays, 1, Number.MAX_SAFE_INTEGER));
  return problems;
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
