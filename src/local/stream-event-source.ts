import { randomUUID } from 'node:crypto';
import type {
  DynamoDBRecord,
  DynamoDBStreamEvent,
  KinesisStreamEvent,
  KinesisStreamRecord,
  StreamRecord as DynamoDBStreamRecordData,
} from 'aws-lambda';
import { EventPattern, matchesEventPattern } from './event-pattern';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalEventSourceMapping } from './local-app';
import { InvocationOutcome } from './rest-api-server';

/** A record of a Kinesis data stream, as `GetRecords` gives it. */
export interface KinesisRecordData {
  readonly kind: 'kinesis';
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** When the stream received it, in milliseconds. */
  readonly arrivalMs: number;
}

/** A record of a DynamoDB table's stream, as Lambda sends it (binary values in base64, times in seconds). */
export interface DynamoDbRecordData {
  readonly kind: 'dynamodb';
  readonly sequenceNumber: string;
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** `Keys`, `NewImage`, `OldImage`, `SequenceNumber`, `SizeBytes`, `StreamViewType`, `ApproximateCreationDateTime` (seconds). */
  readonly dynamodb: DynamoDBStreamRecordData;
  /** `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }` for a removal by TTL. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
  /** When the change happened, in milliseconds, as well as it is known: what the record's age is counted from. */
  readonly arrivalMs: number;
}

/** A record of a stream. */
export type StreamRecordData = KinesisRecordData | DynamoDbRecordData;

/** A shard of a stream. */
export interface StreamShard {
  readonly shardId: string;
  /** The shard it was split or merged from: read to its end first, as Lambda does. */
  readonly parentShardId?: string;
}

/** Where to start reading a shard. */
export type ShardPosition =
  | { readonly type: 'TRIM_HORIZON' | 'LATEST' }
  /** Kinesis only: the first record that arrived at or after `timestamp` (Unix seconds). */
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: number }
  | { readonly type: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** What a `StreamEventSource` reads: a Kinesis stream or a table's stream, behind the calls Lambda's pollers make. */
export interface StreamReader {
  /** The stream's shards, open and closed (`ListShards`, `DescribeStream`). */
  shards(): Promise<StreamShard[]>;
  /** A shard iterator (`GetShardIterator`). */
  iterator(shardId: string, position: ShardPosition): Promise<string>;
  /** Up to `limit` records from `iterator` (`GetRecords`); `next` is undefined once a closed shard is read to its end. */
  read(iterator: string, limit: number): Promise<{ readonly records: StreamRecordData[]; readonly next?: string }>;
}

/** How a `StreamEventSource` reaches the function and the on-failure queue. */
export interface StreamEventSourceHooks {
  /** Invokes the function synchronously, as an event source mapping does; resolves to the request id and the outcome. */
  invoke(functionLogicalId: string, event: unknown): Promise<{ readonly requestId: string; readonly outcome: InvocationOutcome }>;
  /** Sends a message to a queue of the app, by logical id: the on-failure record of a batch given up on. */
  sendToQueue(queueLogicalId: string, body: string): unknown;
}

/** Options of a `StreamEventSource`. */
export interface StreamEventSourceOptions {
  /** The stream's ARN as the template names it: the events' `eventSourceARN` and the on-failure records' `streamArn`. */
  readonly streamArn: string;
  /** The function's ARN, for the on-failure records. */
  readonly functionArn: string;
  /**
   * The Kinesis records' `invokeIdentityArn`: the function's role.
   *
   * @default - a role of the local account named after the function
   */
  readonly invokeIdentityArn?: string;
  /** Receives one JSON entry per batch, retry, split and on-failure record. */
  readonly log?: (entry: object) => void;
  /**
   * How often a shard that had no new record is polled again. Lambda polls a Kinesis shard once a
   * second and a table's stream four times a second; local mode polls faster for quicker feedback.
   *
   * @default 100
   */
  readonly pollIntervalMs?: number;
  /**
   * The pause before the `retry`-th retry of a failed batch (1, 2, ...).
   *
   * @default - 100 ms, doubling, at most 2 s
   */
  readonly retryDelayMs?: (retry: number) => number;
  /**
   * Retries of a failed batch when the mapping says -1 (Lambda retries until the records expire
   * from the stream, a day or more, holding the shard back): locally it gives up after this
   * many, sends the on-failure record (`RetryAttemptsExhausted`) and says so in the log.
   *
   * @default 10
   */
  readonly unlimitedRetriesCap?: number;
  /**
   * How often the stream's shards are listed again, for shards created since (a resharding, a
   * table stream's new shard).
   *
   * @default 5000
   */
  readonly shardRefreshMs?: number;
  /** The clock of record ages and of the on-failure records' timestamps (polls and the batching window use real time). */
  readonly now?: () => number;
}

/** Lambda's on-failure record of a batch of a stream it gave up on. */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  /** The last invocation's response; absent when the records expired before any invocation. */
  readonly responseContext?: { readonly statusCode: number; readonly executedVersion: string; readonly functionError?: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo?: StreamBatchInfo;
  readonly DDBStreamBatchInfo?: StreamBatchInfo;
}

/** The records of a batch given up on: where they are in the stream, not the records themselves. */
export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

/** Records read from a shard at once. */
const READ_LIMIT = 1000;
/** Records kept read ahead per shard, beyond the batch in progress. */
const READ_AHEAD = 10_000;

/** A shard being read. */
interface ShardState {
  readonly shardId: string;
  /** Read, matched by the filters, not yet in a batch. */
  buffer: StreamRecordData[];
  /** When the first record of `buffer` was read: the batching window's start. */
  bufferedSince: number;
  /** The records of the batch being processed that are neither processed nor given up on yet. */
  processing: StreamRecordData[];
  /** When the last read that found no record started. */
  lastEmptyReadAt: number;
  /** The last record read, processed or not. */
  lastRead?: string;
  /** The iterator of the next read; undefined once a closed shard is read to its end. */
  iterator?: string;
  /** Read to its end (a closed shard), or stopped. */
  finished: boolean;
  /** A child shard whose parent is not read to its end yet. */
  waitingForParent: boolean;
}

/** One piece of a batch being worked through: its records, the retries they used, the invocations they were in. */
interface Pending {
  records: StreamRecordData[];
  retries: number;
  invokes: number;
  last?: { requestId: string; outcome: InvocationOutcome };
}

/**
 * An event source mapping of a Kinesis stream or a DynamoDB table's stream, with Lambda's
 * semantics: each shard is read in order (shards in parallel, a child shard after its parent),
 * from the mapping's starting position; the records that match the filter criteria (any of them;
 * a Kinesis record by its `data` parsed as JSON, a table's by the record) are gathered into
 * batches of up to `batchSize` for up to the batching window, and the function is invoked
 * synchronously with a `KinesisStreamEvent` or a `DynamoDBStreamEvent`. Then:
 *
 * - success: the batch is checkpointed and the next one read;
 * - with `ReportBatchItemFailures`, the records before the first one reported are checkpointed
 *   and the rest retried (an identifier that is empty or not in the batch fails the whole batch);
 * - a function error (or time-out) retries the batch, at most `maxRetryAttempts` times (-1: see
 *   `unlimitedRetriesCap`); with `bisectBatchOnError` the batch is split in halves first, each
 *   retried on its own, the splits not counting against the retries;
 * - records older than `maxRecordAgeSeconds` when a batch is about to be invoked are skipped;
 * - what is given up on (`RetryAttemptsExhausted`, `RecordAgeExceeded`) is described to the
 *   on-failure queue in Lambda's on-failure record, and the shard moves on past it.
 *
 * Enhanced fan-out consumers are read as shared-throughput consumers: polled, not pushed.
 */
export class StreamEventSource {
  private stopped = false;
  private running?: Promise<void>;
  private stopping?: Promise<Record<string, number>>;
  private listed = false;
  private readonly shards = new Map<string, ShardState>();
  private readonly wakers = new Set<() => void>();
  private readonly log: (entry: object) => void;
  private readonly now: () => number;
  private readonly pollIntervalMs: number;
  private readonly component: string;

  constructor(
    private readonly mapping: LocalEventSourceMapping,
    private readonly reader: StreamReader,
    private readonly hooks: StreamEventSourceHooks,
    private readonly options: StreamEventSourceOptions,
  ) {
    if (mapping.sourceKind === 'queue') {
      throw new Error(`local mode: mapping ${mapping.logicalId} reads a queue, not a stream`);
    }
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.component = mapping.sourceKind === 'kinesis' ? 'kinesis' : 'dynamodb-streams';
  }

  /** Starts reading the stream. */
  public start(): void {
    this.running ??= this.run();
  }

  /**
   * Resolves once the shards are listed and each (but a child shard waiting for its parent) has its
   * starting iterator: from then on, a record written is read, `LATEST` included. Rejects after `timeoutMs`.
   */
  public async ready(timeoutMs: number = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const positioned = () => this.listed && [...this.shards.values()]
      .every((shard) => shard.iterator !== undefined || shard.finished || shard.waitingForParent);
    while (!positioned() && !this.stopped) {
      if (Date.now() > deadline) {
        throw new Error(`local mode: the mapping ${this.mapping.logicalId} could not start reading its stream within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Whether no batch is being processed, nothing read waits for one, and every shard's last read found nothing new. */
  public get idle(): boolean {
    return this.caughtUp(0);
  }

  /**
   * Whether the source has caught up with what was in the stream at `since`: its shards listed,
   * no batch in progress, nothing read waiting, and a read started after `since` (in a later
   * millisecond: one in the same may have started before) found every shard at its end.
   */
  public caughtUp(since: number): boolean {
    return this.listed && [...this.shards.values()].every((shard) => shard.buffer.length === 0 && shard.processing.length === 0
      && (shard.finished || shard.lastEmptyReadAt > since));
  }

  /**
   * Stops after the invocation in progress; resolves to the records not processed, by shard:
   * read and waiting (or left in a batch being retried), and still in the stream unread.
   */
  public stop(): Promise<Record<string, number>> {
    this.stopping ??= this.halt();
    return this.stopping;
  }

  private async halt(): Promise<Record<string, number>> {
    this.stopped = true;
    this.wakers.forEach((wake) => wake());
    await this.running;
    const left: Record<string, number> = {};
    for (const shard of this.shards.values()) {
      let count = shard.buffer.length + shard.processing.length;
      if (shard.iterator !== undefined) {
        count += await this.reader.read(shard.iterator, 10_000).then((page) => page.records.filter((r) => this.matches(r)).length, () => 0);
      }
      if (count > 0) {
        left[shard.shardId] = count;
      }
    }
    return left;
  }

  /** Lists the shards, then again every `shardRefreshMs` for new ones, and reads each. */
  private async run(): Promise<void> {
    const readers: Array<Promise<void>> = [];
    let first = true;
    while (!this.stopped) {
      try {
        for (const shard of await this.reader.shards()) {
          if (!this.shards.has(shard.shardId)) {
            const state: ShardState = {
              shardId: shard.shardId, buffer: [], bufferedSince: 0, processing: [], lastEmptyReadAt: -1, finished: false, waitingForParent: false,
            };
            this.shards.set(shard.shardId, state);
            // a shard created after the mapping started is read from its start, as Lambda reads a child shard
            readers.push(this.readShard(state, first ? this.startingPosition() : { type: 'TRIM_HORIZON' }, shard.parentShardId));
          }
        }
        first = false;
        this.listed = true;
      } catch (error) {
        this.log({ component: this.component, event: 'list shards failed', mapping: this.mapping.logicalId, error: String(error) });
      }
      await this.sleep(this.options.shardRefreshMs ?? 5_000);
    }
    await Promise.all(readers);
  }

  private startingPosition(): ShardPosition {
    const { startingPosition, startingPositionTimestamp } = this.mapping;
    if (startingPosition === 'AT_TIMESTAMP') {
      return { type: 'AT_TIMESTAMP', timestamp: startingPositionTimestamp ?? 0 };
    }
    return { type: startingPosition ?? 'TRIM_HORIZON' };
  }

  /** Reads one shard to its end (or until stopped), in batches. */
  private async readShard(shard: ShardState, position: ShardPosition, parentShardId?: string): Promise<void> {
    const parent = parentShardId === undefined ? undefined : this.shards.get(parentShardId);
    shard.waitingForParent = parent !== undefined && !parent.finished;
    while (parent && !parent.finished && !this.stopped) {
      await this.sleep(this.pollIntervalMs);
    }
    shard.waitingForParent = false;
    shard.iterator = await this.iteratorAt(shard, position);
    const { batchSize, maxBatchingWindowSeconds } = this.mapping;
    while (!this.stopped && shard.iterator !== undefined) {
      if (shard.buffer.length < READ_AHEAD) {
        await this.readMore(shard, position);
      }
      if (this.stopped) {
        break;
      }
      if (shard.buffer.length === 0) {
        if (shard.iterator !== undefined) {
          await this.sleep(this.pollIntervalMs);
        }
        continue;
      }
      const waited = Date.now() - shard.bufferedSince;
      if (shard.buffer.length < batchSize && shard.iterator !== undefined && waited < maxBatchingWindowSeconds * 1000) {
        await this.sleep(Math.min(this.pollIntervalMs, maxBatchingWindowSeconds * 1000 - waited));
        continue;
      }
      const batch = shard.buffer.splice(0, batchSize);
      await this.process(shard, batch);
    }
    // a closed shard read to its end: what was read still goes through
    while (!this.stopped && shard.buffer.length > 0) {
      await this.process(shard, shard.buffer.splice(0, batchSize));
    }
    shard.finished = shard.buffer.length === 0;
  }

  /** An iterator at `position`, retried until it is given or the source stops. */
  private async iteratorAt(shard: ShardState, position: ShardPosition): Promise<string | undefined> {
    while (!this.stopped) {
      try {
        return await this.reader.iterator(shard.shardId, position);
      } catch (error) {
        this.log({ component: this.component, event: 'get shard iterator failed', mapping: this.mapping.logicalId, shard: shard.shardId, error: String(error) });
        await this.sleep(1_000);
      }
    }
    return undefined;
  }

  /** One `GetRecords`: the records that match the filters join the buffer; an expired iterator is renewed after the last record read. */
  private async readMore(shard: ShardState, start: ShardPosition): Promise<void> {
    const startedAt = Date.now();
    try {
      const page = await this.reader.read(shard.iterator!, READ_LIMIT);
      shard.iterator = page.next;
      if (page.records.length === 0) {
        shard.lastEmptyReadAt = startedAt;
        return;
      }
      shard.lastRead = page.records[page.records.length - 1].sequenceNumber;
      const matching = page.records.filter((record) => this.matches(record));
      if (matching.length < page.records.length) {
        this.log({
          component: this.component, event: 'filtered out', mapping: this.mapping.logicalId, shard: shard.shardId, records: page.records.length - matching.length,
        });
      }
      if (matching.length > 0 && shard.buffer.length === 0) {
        shard.bufferedSince = Date.now();
      }
      shard.buffer.push(...matching);
    } catch (error) {
      this.log({ component: this.component, event: 'get records failed', mapping: this.mapping.logicalId, shard: shard.shardId, error: String(error) });
      // ExpiredIteratorException and the like: a new iterator where this one was
      shard.iterator = await this.iteratorAt(shard, shard.lastRead === undefined ? start : { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.lastRead });
      await this.sleep(this.pollIntervalMs);
    }
  }

  /** Whether a record passes the mapping's filter criteria (any of them; none: every record). */
  private matches(record: StreamRecordData): boolean {
    const filters = this.mapping.filters as EventPattern[];
    if (filters.length === 0) {
      return true;
    }
    const subject = record.kind === 'kinesis' ? kinesisFilterSubject(record) : this.dynamoDbRecord(record);
    return filters.some((filter) => matchesEventPattern(filter, subject));
  }

  /** Works a batch through: invocations, checkpoints, retries, splits, and what is given up on. */
  private async process(shard: ShardState, batch: StreamRecordData[]): Promise<void> {
    shard.processing = [...batch];
    const pieces: Pending[] = [{ records: batch, retries: 0, invokes: 0 }];
    try {
      while (pieces.length > 0 && !this.stopped) {
        const piece = pieces.shift()!;
        await this.work(shard, piece, pieces);
      }
    } finally {
      if (this.stopped) {
        // left for the report at stop, in order, before what was read after them
        shard.buffer.unshift(...shard.processing);
      }
      shard.processing = [];
    }
  }

  /** One invocation of a piece of a batch, and what follows from its outcome. */
  private async work(shard: ShardState, piece: Pending, pieces: Pending[]): Promise<void> {
    const maxAge = this.mapping.maxRecordAgeSeconds ?? -1;
    if (maxAge >= 0) {
      const now = this.now();
      const expired = piece.records.findIndex((record) => now - record.arrivalMs <= maxAge * 1000);
      const count = expired < 0 ? piece.records.length : expired;
      if (count > 0) {
        await this.giveUp(shard, { ...piece, records: piece.records.slice(0, count) }, 'RecordAgeExceeded');
        piece.records = piece.records.slice(count);
        if (piece.records.length === 0) {
          return;
        }
      }
    }
    const { records } = piece;
    const result = await this.hooks.invoke(this.mapping.function, this.event(shard, records));
    piece.invokes += 1;
    piece.last = { requestId: result.requestId, outcome: result.outcome };
    const failedFrom = this.failedFrom(result.outcome, records);
    const entry = {
      component: this.component, mapping: this.mapping.logicalId, shard: shard.shardId, records: records.length, requestId: result.requestId,
    };
    if (failedFrom === undefined) {
      this.done(shard, records);
      this.log({ ...entry, event: 'batch processed' });
      return;
    }
    const error = result.outcome.ok ? undefined : `${result.outcome.errorType}: ${result.outcome.errorMessage}`;
    if (failedFrom > 0) {
      this.done(shard, records.slice(0, failedFrom));
    }
    const rest = records.slice(failedFrom);
    if (!result.outcome.ok && this.mapping.bisectBatchOnError && rest.length > 1) {
      const half = Math.ceil(rest.length / 2);
      pieces.unshift({ ...piece, records: rest.slice(0, half) }, { ...piece, records: rest.slice(half) });
      this.log({ ...entry, event: 'batch split', halves: [half, rest.length - half], error });
      return;
    }
    const maxRetries = this.mapping.maxRetryAttempts < 0 ? this.options.unlimitedRetriesCap ?? 10 : this.mapping.maxRetryAttempts;
    if (piece.retries >= maxRetries) {
      if (this.mapping.maxRetryAttempts < 0) {
        this.log({ ...entry, event: 'retries capped', note: `MaximumRetryAttempts -1 retries until the records expire; local mode gives up after ${maxRetries}` });
      }
      await this.giveUp(shard, { ...piece, records: rest }, 'RetryAttemptsExhausted');
      return;
    }
    const retry = piece.retries + 1;
    this.log({ ...entry, event: result.outcome.ok ? 'batch failed in part' : 'batch failed', failed: rest.length, retry, error });
    pieces.unshift({ ...piece, records: rest, retries: retry });
    await this.sleep((this.options.retryDelayMs ?? defaultRetryDelay)(retry));
  }

  /**
   * Where the batch failed: undefined when it succeeded, the index of the first record to retry
   * otherwise (0: all of them). With `ReportBatchItemFailures`, the lowest sequence number reported;
   * an identifier that is empty or not in the batch fails the whole batch, as Lambda does.
   */
  private failedFrom(outcome: InvocationOutcome, records: StreamRecordData[]): number | undefined {
    if (!outcome.ok) {
      return 0;
    }
    if (!this.mapping.reportBatchItemFailures) {
      return undefined;
    }
    const result = outcome.result as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null | undefined;
    const failures = result && typeof result === 'object' && Array.isArray(result.batchItemFailures) ? result.batchItemFailures : [];
    if (failures.length === 0) {
      return undefined;
    }
    const indexes = failures.map((failure) => records.findIndex((record) => record.sequenceNumber === failure?.itemIdentifier));
    return indexes.some((index) => index < 0) ? 0 : Math.min(...indexes);
  }

  /** Records processed (or given up on): the shard's checkpoint moves past them. */
  private done(shard: ShardState, records: StreamRecordData[]): void {
    const sequenceNumbers = new Set(records.map((record) => record.sequenceNumber));
    shard.processing = shard.processing.filter((record) => !sequenceNumbers.has(record.sequenceNumber));
  }

  /** Sends the on-failure record of `piece` to the mapping's queue (or drops it, without one), and moves on past it. */
  private async giveUp(shard: ShardState, piece: Pending, condition: StreamFailureRecord['requestContext']['condition']): Promise<void> {
    const record = this.failureRecord(shard, piece, condition);
    const entry = {
      component: this.component,
      mapping: this.mapping.logicalId,
      shard: shard.shardId,
      records: piece.records.length,
      condition,
      invocations: piece.invokes,
    };
    if (this.mapping.onFailure) {
      try {
        await this.hooks.sendToQueue(this.mapping.onFailure, JSON.stringify(record));
        this.log({ ...entry, event: 'sent to on-failure destination', queue: this.mapping.onFailure });
      } catch (error) {
        this.log({ ...entry, event: 'on-failure destination failed, records dropped', queue: this.mapping.onFailure, error: String(error) });
      }
    } else {
      this.log({ ...entry, event: 'records dropped, the mapping has no on-failure destination' });
    }
    this.done(shard, piece.records);
  }

  private failureRecord(shard: ShardState, piece: Pending, condition: StreamFailureRecord['requestContext']['condition']): StreamFailureRecord {
    const { records, last } = piece;
    const first = records[0];
    const end = records[records.length - 1];
    const info: StreamBatchInfo = {
      shardId: shard.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: end.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.arrivalMs).toISOString(),
      approximateArrivalOfLastRecord: new Date(end.arrivalMs).toISOString(),
      batchSize: records.length,
      streamArn: this.options.streamArn,
    };
    return {
      requestContext: {
        requestId: last?.requestId ?? randomUUID(),
        functionArn: this.options.functionArn,
        condition,
        approximateInvokeCount: piece.invokes,
      },
      ...(last && {
        responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(!last.outcome.ok && { functionError: 'Unhandled' }) },
      }),
      version: '1.0',
      timestamp: new Date(this.now()).toISOString(),
      ...(this.mapping.sourceKind === 'kinesis' ? { KinesisBatchInfo: info } : { DDBStreamBatchInfo: info }),
    };
  }

  /** The event of a batch, as Lambda sends it. */
  private event(shard: ShardState, records: StreamRecordData[]): KinesisStreamEvent | DynamoDBStreamEvent {
    if (this.mapping.sourceKind === 'kinesis') {
      return { Records: records.map((record) => this.kinesisRecord(shard, record as KinesisRecordData)) };
    }
    return { Records: records.map((record) => this.dynamoDbRecord(record as DynamoDbRecordData)) };
  }

  private kinesisRecord(shard: ShardState, record: KinesisRecordData): KinesisStreamRecord {
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
      eventID: `${shard.shardId}:${record.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: this.options.invokeIdentityArn ?? `arn:aws:iam::${LOCAL_ACCOUNT}:role/${functionNameOf(this.options.functionArn)}-role`,
      awsRegion: LOCAL_REGION,
      eventSourceARN: this.options.streamArn,
    };
  }

  private dynamoDbRecord(record: DynamoDbRecordData): DynamoDBRecord {
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: LOCAL_REGION,
      dynamodb: record.dynamodb,
      eventSourceARN: this.options.streamArn,
      ...(record.userIdentity && { userIdentity: record.userIdentity }),
    };
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      timer.unref?.();
      this.wakers.add(done);
    });
  }
}

/** What Lambda's filter criteria see of a Kinesis record: its `data` parsed as JSON (nothing when it is not JSON). */
export function kinesisFilterSubject(record: KinesisRecordData): Record<string, unknown> {
  try {
    return { data: JSON.parse(Buffer.from(record.data).toString('utf8')) };
  } catch {
    return {};
  }
}

function defaultRetryDelay(retry: number): number {
  return Math.min(2_000, 100 * 2 ** (retry - 1));
}

function functionNameOf(arn: string): string {
  return /:function:([^:]+)/.exec(arn)?.[1] ?? arn;
}
