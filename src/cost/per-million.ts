/**
 * The cost of a million requests or events through each way in: the service that receives them
 * (API Gateway, AppSync, SQS, Kinesis, S3, Step Functions), the function's requests and
 * GB-seconds at its memory and architecture for the assumed duration, the table reads and writes
 * its access implies, the events it publishes, X-Ray's sampled traces and CloudWatch Logs at the
 * assumed volume.
 */
import { CostAssumptions } from './config';
import { InventoryEntry, InventoryFunction, InventoryRestApi, StackInventory } from './inventory';
import { CostLine, gb, numberText, priced } from './lines';
import { RegionPrices } from './prices/types';

/** A million: every line below is per million requests or events. */
const MILLION = 1e6;
/** X-Ray's default sampling rule records this share of requests beyond its reservoir of one a second. */
export const X_RAY_SAMPLED_SHARE = 0.05;
/** KiB of one JSON access log line of a REST API stage (ten fields). */
export const ACCESS_LOG_KIB = 0.3;
/** KiB of execution logs a REST API stage writes for one request at INFO level. */
export const EXECUTION_LOG_KIB = 2;
/** KiB in a GB, as CloudWatch Logs and Kinesis bill data. */
const KIB_PER_GB = 1024 * 1024;

/** The lines of a million requests or events through `entry`. */
export function perMillionLines(entry: InventoryEntry, stack: StackInventory, prices: RegionPrices, assumptions: CostAssumptions): CostLine[] {
  const fn = stack.functions.find((each) => each.key === entry.fn);
  const api = stack.restApis.find((each) => each.key === entry.api);
  const invocation = (invocations: number) => fn ? functionLines(fn, invocations, MILLION, entry.method, prices, assumptions) : [];
  const traced = (fn?.tracing ?? false) || (api?.tracing ?? false);
  switch (entry.kind) {
    case 'route':
      return [restApi(prices), ...apiLogs(api, prices), ...invocation(MILLION), ...xRay(traced, prices)];
    case 'queue-route':
      return [restApi(prices), ...apiLogs(api, prices),
        priced('SQS SendMessage', '1M', prices.sqsRequests, MILLION, MILLION), ...xRay(api?.tracing ?? false, prices)];
    case 'resolver':
      return [priced('AppSync operations', '1M', prices.appSyncRequests, MILLION, MILLION), ...invocation(MILLION), ...xRay(traced, prices)];
    case 'events':
      return [...invocation(MILLION), ...xRay(traced, prices)];
    case 'objects':
      // a removed object costs S3 no request: DELETE is free, and the function reads nothing
      return [
        ...(entry.removalsOnly ? [] : [
          priced('S3 PUT (the object that arrives)', '1M', prices.s3PutRequests, MILLION, 1000),
          priced('S3 GET (the function reads it)', '1M', prices.s3GetRequests, MILLION, 1000),
        ]),
        ...invocation(MILLION), ...xRay(traced, prices),
      ];
    case 'queue': {
      const batches = MILLION / (entry.batchSize ?? 1);
      return [
        priced('SQS ReceiveMessage and DeleteMessageBatch', `2 × ${numberText(batches)} batches of ${entry.batchSize}`, prices.sqsRequests, 2 * batches, MILLION),
        ...invocation(batches), ...xRay(traced, prices, batches),
      ];
    }
    case 'stream': {
      const batches = MILLION / (entry.batchSize ?? 1);
      return [...streamLines(entry, stack, prices, assumptions), ...invocation(batches), ...xRay(traced, prices, batches)];
    }
    case 'workflow':
      return workflowLines(entry, stack, prices, assumptions);
  }
}

function restApi(prices: RegionPrices): CostLine {
  return priced('API Gateway REST requests', '1M', prices.restApiRequests, MILLION, MILLION);
}

function apiLogs(api: InventoryRestApi | undefined, prices: RegionPrices): CostLine[] {
  if (!api) {
    return [];
  }
  const kib = ACCESS_LOG_KIB + (api.executionLogs === 'INFO' ? EXECUTION_LOG_KIB : 0);
  const gbs = (MILLION * kib) / KIB_PER_GB;
  return [priced('CloudWatch Logs, the API\'s', `1M × ${kib} KiB (access${api.executionLogs === 'INFO' ? ' + INFO execution' : ''} logs) = ${numberText(gbs)} GB`,
    prices.cloudWatchLogsIngestion, gbs)];
}

/**
 * A function's lines for `invocations` that handle `items` requests, events, messages or records
 * (more than one per invocation in a batch): its requests and duration (at the provisioned rate
 * when it has provisioned concurrency, assuming that absorbs the traffic) and its logs per
 * invocation; per item, one read (a GET) or one write (any other method) of its table as its
 * access allows (both when no method says which), two idempotency writes, one event it publishes.
 */
export function functionLines(
  fn: InventoryFunction, invocations: number, items: number, method: string | undefined, prices: RegionPrices, assumptions: CostAssumptions,
): CostLine[] {
  const count = invocations === MILLION ? '1M' : numberText(invocations);
  const each = items === MILLION ? '1M' : numberText(items);
  const gbSeconds = invocations * (assumptions.durationMs / 1000) * gb(fn.memoryMb);
  const duration = fn.provisionedConcurrency ? prices.lambdaProvisionedDuration[fn.architecture] : prices.lambdaDuration[fn.architecture];
  const logGb = (invocations * assumptions.logKiB) / KIB_PER_GB;
  const reads = fn.tableReads && (method === undefined || method === 'GET' || method === 'HEAD');
  const writes = fn.tableWrites && (method === undefined || !['GET', 'HEAD'].includes(method));
  return [
    priced(`Lambda requests (${fn.name})`, count, prices.lambdaRequests, invocations, MILLION),
    priced(`Lambda ${fn.provisionedConcurrency ? 'provisioned ' : ''}duration (${fn.architecture})`,
      `${count} × ${assumptions.durationMs} ms × ${numberText(gb(fn.memoryMb))} GB = ${numberText(gbSeconds, 0)} GB-s`, duration, gbSeconds),
    priced('CloudWatch Logs, the function\'s', `${count} × ${assumptions.logKiB} KiB = ${numberText(logGb)} GB`, prices.cloudWatchLogsIngestion, logGb),
    ...(reads ? [priced('DynamoDB reads (on-demand)', `${each} × 1 read request unit`, prices.dynamoDbReads, items, MILLION)] : []),
    ...(writes ? [priced('DynamoDB writes (on-demand)', `${each} × 1 write request unit`, prices.dynamoDbWrites, items, MILLION)] : []),
    ...(fn.idempotency ? [priced('DynamoDB idempotency writes', `${each} × 2 write request units`, prices.dynamoDbWrites, 2 * items, MILLION)] : []),
    ...(fn.publishesEvents ? [priced('EventBridge custom events', `${each} × 1 event`, prices.eventBridgeCustomEvents, items, MILLION)] : []),
  ];
}

/** X-Ray traces of `requests` (a million unless batched), of which the default sampling rule records 5% at volume. */
function xRay(traced: boolean, prices: RegionPrices, requests = MILLION): CostLine[] {
  if (!traced) {
    return [];
  }
  const recorded = requests * X_RAY_SAMPLED_SHARE;
  return [priced('X-Ray traces recorded', `${requests === MILLION ? '1M' : numberText(requests)} × ${X_RAY_SAMPLED_SHARE * 100}% sampled = ${numberText(recorded)}`,
    prices.xRayTracesRecorded, recorded, MILLION)];
}

/**
 * A Kinesis consumer's lines: the records' writes (with the stream's first consumer by name only,
 * so that two consumers of one stream do not count its writes twice) and its reads.
 */
function streamLines(entry: InventoryEntry, stack: StackInventory, prices: RegionPrices, assumptions: CostAssumptions): CostLine[] {
  const kib = Math.max(1, assumptions.payloadKiB);
  const gbs = (MILLION * kib) / KIB_PER_GB;
  const first = stack.entries.filter((each) => each.stream === entry.stream).map((each) => each.name).sort()[0];
  const writes = entry.stream !== undefined && first === entry.name;
  switch (entry.streamSource) {
    case 'kinesis': {
      const units = MILLION * Math.ceil(assumptions.payloadKiB / 25);
      return [
        ...(writes ? [priced('Kinesis PUT payload units (the stream\'s writes)', `1M records of ${assumptions.payloadKiB} KiB = ${numberText(units)} units of 25 KB`,
          prices.kinesisPayloadUnits, units, MILLION)] : []),
        ...(entry.fanOut ? [priced('Kinesis enhanced fan-out reads', `${numberText(gbs)} GB`, prices.kinesisFanOutReads, gbs)] : []),
      ];
    }
    case 'kinesis-on-demand':
      return [
        ...(writes ? [priced('Kinesis on-demand writes (the stream\'s)', `1M records of ${kib} KiB = ${numberText(gbs)} GB`, prices.kinesisOnDemandWrites, gbs)] : []),
        entry.fanOut
          ? priced('Kinesis on-demand enhanced fan-out reads', `${numberText(gbs)} GB`, prices.kinesisOnDemandFanOutReads, gbs)
          : priced('Kinesis on-demand reads', `${numberText(gbs)} GB`, prices.kinesisOnDemandReads, gbs),
      ];
    default:
      // Lambda reads a table's stream for free
      return [];
  }
}

function workflowLines(entry: InventoryEntry, stack: StackInventory, prices: RegionPrices, assumptions: CostAssumptions): CostLine[] {
  const workflow = entry.workflow!;
  const tasks = workflow.tasks.flatMap((key) => stack.functions.filter((fn) => fn.key === key));
  const own = workflow.type === 'STANDARD'
    ? [priced('Step Functions state transitions', `1M × ${workflow.transitions} = ${numberText(MILLION * workflow.transitions)}`,
      prices.stepFunctionsTransitions, MILLION * workflow.transitions, 1000)]
    : expressLines(tasks.length, prices, assumptions);
  const traced = tasks.some((fn) => fn.tracing);
  return [...own, ...tasks.flatMap((fn) => functionLines(fn, MILLION, MILLION, undefined, prices, assumptions)), ...xRay(traced, prices)];
}

/** An express workflow's requests and duration: 64 MB for the tasks' assumed duration, rounded up to 100 ms. */
function expressLines(tasks: number, prices: RegionPrices, assumptions: CostAssumptions): CostLine[] {
  const seconds = Math.max(1, Math.ceil((tasks * assumptions.durationMs) / 100)) / 10;
  const gbSeconds = MILLION * seconds * (64 / 1024);
  return [
    priced('Step Functions express requests', '1M', prices.stepFunctionsExpressRequests, MILLION, MILLION),
    priced('Step Functions express duration', `1M × ${seconds} s × 64 MB = ${numberText(gbSeconds, 0)} GB-s`, prices.stepFunctionsExpressDuration, gbSeconds),
  ];
}
