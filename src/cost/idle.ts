/**
 * The idle floor: what a stack costs in a month without a single request, each line naming the
 * resource and what made it. Provisioned concurrency and the alarms its target tracking
 * creates, REST API cache clusters, Kinesis shards, on-demand streams and fan-out consumers, KMS
 * keys, alarms, dashboards, and the empty receives of Lambda's pollers on an idle queue.
 * Storage (tables, buckets, logs, archives) costs by what it holds, nothing when empty.
 */
import { CostSource } from './config';
import { InventoryFixed, InventoryFunction, StackInventory } from './inventory';
import { CostLine, gb, HOURS_PER_MONTH, numberText, priced, SECONDS_PER_MONTH } from './lines';
import { RegionPrices } from './prices/types';

/** Alarms Application Auto Scaling creates for a target tracking policy: one to scale out, one to scale in. */
export const TARGET_TRACKING_ALARMS = 2;
/** Lambda's pollers of an idle queue, assumed: five long polls, each of up to 20 s, one empty receive each. */
export const IDLE_QUEUE_POLLERS = 5;
/** The longest long poll, in seconds. */
export const LONG_POLL_SECONDS = 20;

/** A line of the idle floor. */
export interface IdleLine extends CostLine {
  /** The resource: `items/create`, `Api`, `ingest/clicks`. */
  readonly resource: string;
  readonly service?: string;
  /** What is billed, for the budget's grouping: `provisioned concurrency`. */
  readonly what: string;
  readonly cause: string;
  readonly lower: string;
  readonly group?: string;
  readonly groupOne?: string;
  readonly groupLower?: string;
}

/** The name and service of a resource, by key (and the service the inventory knows it by). */
type Describe = (key: string, service?: string) => { readonly name: string; readonly service?: string };

/** The idle floor of `stack`, priced with `prices`. */
export function idleLines(stack: StackInventory, prices: RegionPrices, sources: { [key: string]: CostSource }, describe: Describe): IdleLine[] {
  const idle = (key: string, what: string, fallback: Pick<CostSource, 'cause' | 'lower'>, line: CostLine, owner?: string): IdleLine => {
    const { name, service } = describe(key, owner);
    const source = sources[`${key}#${what}`] ?? fallback;
    return { ...line, resource: name, ...(service ? { service } : {}), what, ...source };
  };
  return [
    ...stack.functions.flatMap((fn) => provisioned(fn, prices, idle)),
    ...stack.restApis.flatMap((api) => api.cacheSizeGb === undefined ? [] : [idle(api.key, 'cache cluster', {
      cause: `a ${api.cacheSizeGb} GB cache cluster on the stage`,
      lower: 'remove the REST API\'s cache or choose a smaller cluster',
    }, priced(`API Gateway cache (${api.cacheSizeGb} GB)`, `${HOURS_PER_MONTH} h`, prices.restApiCache[api.cacheSizeGb] ?? {
      unit: 'hour', page: prices.restApiRequests.page, missing: `no price for a ${api.cacheSizeGb} GB cache`,
    }, HOURS_PER_MONTH))]),
    ...stack.fixed.flatMap((item) => fixed(item, prices).map(([what, fallback, line]) => idle(item.key, what, fallback, line, item.service))),
    ...stack.entries.filter((entry) => entry.kind === 'queue' && entry.fn).map((entry) => {
      const receives = IDLE_QUEUE_POLLERS * (SECONDS_PER_MONTH / LONG_POLL_SECONDS);
      return idle(entry.fn!, 'empty receives', {
        cause: 'Lambda polls the queue it consumes, messages or not',
        lower: 'nothing short of removing the queue consumer; the account\'s free tier (1M requests) usually covers it',
      }, priced('SQS empty receives (idle queue)', `${IDLE_QUEUE_POLLERS} pollers × 1 per ${LONG_POLL_SECONDS} s = ${numberText(receives)}`, prices.sqsRequests, receives, 1e6));
    }),
  ];
}

type Idle = (key: string, what: string, fallback: Pick<CostSource, 'cause' | 'lower'>, line: CostLine, owner?: string) => IdleLine;

function provisioned(fn: InventoryFunction, prices: RegionPrices, idle: Idle): IdleLine[] {
  const environments = fn.provisionedConcurrency;
  if (!environments) {
    return [];
  }
  const gbSeconds = environments * gb(fn.memoryMb) * SECONDS_PER_MONTH;
  const fallback = { cause: 'provisioned concurrency of its alias', lower: 'lower or remove its provisioned concurrency' };
  return [
    idle(fn.key, 'provisioned concurrency', fallback, priced(`Lambda provisioned concurrency (${fn.architecture})`,
      `${environments} × ${numberText(gb(fn.memoryMb))} GB (${fn.memoryMb} MB) × ${HOURS_PER_MONTH} h = ${numberText(gbSeconds, 0)} GB-s`,
      prices.lambdaProvisionedConcurrency[fn.architecture], gbSeconds)),
    ...(fn.provisionedAutoScaling ? [idle(fn.key, 'target tracking alarms', fallback, priced('CloudWatch alarms of target tracking',
      `${TARGET_TRACKING_ALARMS} alarms`, prices.cloudWatchAlarm, TARGET_TRACKING_ALARMS))] : []),
  ];
}

function fixed(item: InventoryFixed, prices: RegionPrices): Array<[string, Pick<CostSource, 'cause' | 'lower'>, CostLine]> {
  const hours = (count: number) => `${count} × ${HOURS_PER_MONTH} h`;
  switch (item.kind) {
    case 'kinesis-shards':
      return [
        ['shards', { cause: `a provisioned stream of ${item.quantity} shard${item.quantity === 1 ? '' : 's'}`, lower: 'fewer shards, or on-demand mode for a stream that is idle most of the time' },
          priced('Kinesis shard hours', hours(item.quantity), prices.kinesisShardHour, item.quantity * HOURS_PER_MONTH)],
        ...(item.retentionHours ? [['retention', { cause: `retention of ${item.retentionHours} h, over the 24 h included`, lower: 'retention of 24 hours' },
          priced('Kinesis extended retention', hours(item.quantity), prices.kinesisExtendedRetentionShardHour, item.quantity * HOURS_PER_MONTH)] as [string, Pick<CostSource, 'cause' | 'lower'>, CostLine]] : []),
      ];
    case 'kinesis-on-demand':
      return [['stream hours', { cause: 'an on-demand stream, billed per stream-hour', lower: 'a provisioned stream of one shard costs less when traffic is low' },
        priced('Kinesis on-demand stream hours', `${HOURS_PER_MONTH} h`, prices.kinesisOnDemandStreamHour, HOURS_PER_MONTH)]];
    case 'kinesis-fan-out':
      return [['fan-out consumer', { cause: 'an enhanced fan-out consumer, billed per shard it reads', lower: 'read without enhanced fan-out (`enhancedFanOut: false`)' },
        priced('Kinesis enhanced fan-out consumer-shard hours', hours(item.quantity), prices.kinesisFanOutConsumerShardHour, item.quantity * HOURS_PER_MONTH)]];
    case 'kms-key':
      return [['KMS key', { cause: 'a customer managed KMS key', lower: 'an AWS managed key, if the key needs no policy of its own' },
        priced('KMS key', '1 key-month', prices.kmsKey, 1)]];
    case 'alarm':
      return [['alarm', { cause: 'a CloudWatch alarm', lower: 'remove the alarm' },
        priced('CloudWatch alarm', item.quantity === 1 ? '1 alarm-month' : `${item.quantity} alarm-months`, prices.cloudWatchAlarm, item.quantity)]];
    case 'dashboard':
      return [['dashboard', { cause: 'a CloudWatch dashboard (the account\'s first 3 are free)', lower: 'remove the dashboard' },
        priced('CloudWatch dashboard', '1 dashboard-month', prices.cloudWatchDashboard, 1)]];
  }
}
