import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The consumers of the stream's fan-out (spec: Kinesis Stream Processing), each a function of its own. */
export type Kind = 'analytics' | 'alerting';

/** What this function does with the stream: `analytics` aggregates each batch, `alerting` raises an alert on a threshold. */
export const KIND: Kind = 'analytics';

/** The `value` at or over which `alerting` raises an alert. */
export const ALERT_THRESHOLD = 100;

/**
 * An event of the stream: a JSON object, base64-encoded by Kinesis. Write the fields your
 * producers send here; `type` and `value` are the ones the starter reads.
 */
export interface StreamEvent {
  readonly type: string;
  readonly value: number;
  readonly [field: string]: unknown;
}

/** How many events of a type a batch had, and the sum of their values. */
export interface Total {
  readonly count: number;
  readonly sum: number;
}

/** A record this function cannot read: it fails alone, and Lambda retries from it. */
export class InvalidRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRecordError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The record's event, or an `InvalidRecordError` naming the record and what is wrong with its data. */
export function decodeEvent(record: KinesisStreamRecord): StreamEvent {
  const { data, sequenceNumber } = record.kinesis;
  if (!BASE64.test(data) || data.length % 4 !== 0) {
    throw new InvalidRecordError(`record ${sequenceNumber}: data is not base64`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch (error) {
    throw new InvalidRecordError(`record ${sequenceNumber}: data is not JSON (${(error as Error).message})`);
  }
  const fields = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  if (typeof fields?.type !== 'string' || fields.type === '' || typeof fields.value !== 'number' || !Number.isFinite(fields.value)) {
    throw new InvalidRecordError(`record ${sequenceNumber}: data must be a JSON object with a non-empty string 'type' and a numeric 'value'`);
  }
  return fields as StreamEvent;
}

/** Adds the event to the totals of its type. */
export function addToTotals(totals: Map<string, Total>, event: StreamEvent): void {
  const total = totals.get(event.type) ?? { count: 0, sum: 0 };
  totals.set(event.type, { count: total.count + 1, sum: total.sum + event.value });
}

/**
 * Publishes the totals of a batch, apart from the Lambda adapter: replace it with yours (a metric
 * per type, an update of a counters table). A record is processed at least once (Lambda retries
 * a batch from its first failed record), so totals can count an event twice: for exact counts,
 * store them keyed by the records' sequence numbers.
 */
export async function publishTotals(totals: Map<string, Total>): Promise<void> {
  logger.info('batch aggregated', { totals: Object.fromEntries(totals) });
}

/** Raises an alert, apart from the Lambda adapter: replace it with yours (an SNS topic, an EventBridge event). */
export async function raiseAlert(event: StreamEvent, threshold: number): Promise<void> {
  logger.warn('alert raised', { type: event.type, value: event.value, threshold });
}

/** What a consumer does with the events of one batch. */
export interface BatchConsumer {
  /** Takes one event; a throw fails its record alone. */
  take(event: StreamEvent): Promise<void>;
  /** Runs once the batch is taken, unless every record failed. */
  finish(): Promise<void>;
}

const CONSUMERS: Record<Kind, () => BatchConsumer> = {
  analytics: () => {
    const totals = new Map<string, Total>();
    return {
      take: async (event) => addToTotals(totals, event),
      finish: async () => publishTotals(totals),
    };
  },
  alerting: () => ({
    take: async (event) => {
      if (event.value >= ALERT_THRESHOLD) {
        await raiseAlert(event, ALERT_THRESHOLD);
      }
    },
    finish: async () => {},
  }),
};

/** A consumer of the given kind, for one batch. */
export function consumerFor(kind: Kind): BatchConsumer {
  return CONSUMERS[kind]();
}

const processor = new BatchProcessor(EventType.KinesisDataStreams);

/**
 * Decodes each record and hands its event to `consumer`, in shard order, then finishes the batch.
 * Reports the records that failed (the mapping has ReportBatchItemFailures): Lambda retries the
 * batch from the first of them. When every record fails, the invocation fails and the whole batch
 * is retried; after its retries, it is described in the mapping's failure queue.
 */
export async function processRecords(event: KinesisStreamEvent, consumer: BatchConsumer, context?: Context): Promise<KinesisStreamBatchResponse> {
  const take = async (record: KinesisStreamRecord): Promise<void> => {
    try {
      await consumer.take(decodeEvent(record));
    } catch (error) {
      logger.error('record failed', { sequenceNumber: record.kinesis.sequenceNumber, partitionKey: record.kinesis.partitionKey, error });
      throw error;
    }
  };
  const response = await processPartialResponse(event, take, processor, { context, processInParallel: false });
  await consumer.finish();
  return response;
}

export const handler = observed(async (event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> => {
  logger.addContext(context);
  return processRecords(event, consumerFor(KIND), context);
});
