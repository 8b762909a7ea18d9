/**
 * What Lambda sends and writes for a stream's batches: the `KinesisStreamEvent` and
 * `DynamoDBStreamEvent` of a batch, what filter criteria see of a record, and the on-failure
 * record of a batch given up on.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { DynamoDbRecordData, KinesisRecordData, StreamBatchInfo, StreamFailureRecord, StreamRecordData } from './model';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-app';
import { InvocationOutcome } from '../rest-api-server';

/** Where the events of a mapping come from and go to. */
export interface StreamEventContext {
  readonly sourceKind: 'kinesis' | 'table-stream';
  /** The stream's ARN as the template names it. */
  readonly streamArn: string;
  readonly functionArn: string;
  /** The Kinesis records' `invokeIdentityArn`: the function's role. */
  readonly invokeIdentityArn?: string;
}

/** The event of a batch read from `shardId`, as Lambda sends it. */
export function batchEvent(context: StreamEventContext, shardId: string, records: StreamRecordData[]): KinesisStreamEvent | DynamoDBStreamEvent {
  if (context.sourceKind === 'kinesis') {
    return { Records: records.map((record) => kinesisRecord(context, shardId, record as KinesisRecordData)) };
  }
  return { Records: records.map((record) => dynamoDbRecord(context, record as DynamoDbRecordData)) };
}

/** A table stream's record as the function gets it (and as filter criteria see it). */
export function dynamoDbRecord(context: StreamEventContext, record: DynamoDbRecordData): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: record.dynamodb,
    eventSourceARN: context.streamArn,
    ...(record.userIdentity && { userIdentity: record.userIdentity }),
  };
}

function kinesisRecord(context: StreamEventContext, shardId: string, record: KinesisRecordData): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString('base64'),
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: context.invokeIdentityArn ?? `arn:aws:iam::${LOCAL_ACCOUNT}:role/${functionNameOf(context.functionArn)}-role`,
    awsRegion: LOCAL_REGION,
    eventSourceARN: context.streamArn,
  };
}

/** What Lambda's filter criteria see of a Kinesis record: its `data` parsed as JSON (nothing when it is not JSON). */
export function kinesisFilterSubject(record: KinesisRecordData): Record<string, unknown> {
  try {
    return { data: JSON.parse(Buffer.from(record.data).toString('utf8')) };
  } catch {
    return {};
  }
}

/** What is known of a batch given up on: its records, the invocations it was in, the last one's outcome. */
export interface GivenUp {
  readonly shardId: string;
  readonly records: StreamRecordData[];
  readonly invokes: number;
  readonly last?: { readonly requestId: string; readonly outcome: InvocationOutcome };
  readonly condition: StreamFailureRecord['requestContext']['condition'];
  /** When, in ms. */
  readonly at: number;
}

/** Lambda's on-failure record of a batch given up on: where its records are, not the records. */
export function failureRecord(context: StreamEventContext, batch: GivenUp): StreamFailureRecord {
  const { records, last } = batch;
  const first = records[0];
  const end = records[records.length - 1];
  const info: StreamBatchInfo = {
    shardId: batch.shardId,
    startSequenceNumber: first.sequenceNumber,
    endSequenceNumber: end.sequenceNumber,
    approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
    approximateArrivalOfLastRecord: new Date(end.arrivalMs).toISOString(),
    batchSize: records.length,
    streamArn: context.streamArn,
  };
  return {
    requestContext: {
      requestId: last?.requestId ?? randomUUID(),
      functionArn: context.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokes,
    },
    ...(last && {
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(!last.outcome.ok && { functionError: 'Unhandled' }) },
    }),
    version: '1.0',
    timestamp: new Date(batch.at).toISOString(),
    ...(context.sourceKind === 'kinesis' ? { KinesisBatchInfo: info } : { DDBStreamBatchInfo: info }),
  };
}

function functionNameOf(arn: string): string {
  return /:function:([^:]+)/.exec(arn)?.[1] ?? arn;
}
