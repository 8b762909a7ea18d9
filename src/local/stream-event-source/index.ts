/**
 * A stream event source mapping (Kinesis or a table's stream) with Lambda's semantics. The parts:
 * `model` (records, the reader, options), `lambda-events` (events and on-failure records), and
 * this class, which reads the shards and works the batches through.
 *
 * @module
 */
import { EventPattern, matchesEventPattern } from '../../event-pattern';
import { LocalEventSourceMapping } from '../local-app';
import { InvocationOutcome } from '../rest-api-server';
import { batchEvent, dynamoDbRecord, failureRecord, kinesisFilterSubject, StreamEventContext } from './lambda-events';
import {
  ShardPosition, StreamEventSourceHooks, StreamEventSourceOptions, StreamFailureRecord, StreamReader, StreamRecordData,
} from './model';

export * from './model';
export { kinesisFilterSubject } from './lambda-events';

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
  private readonly context: StreamEventContext;

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
    const { streamArn, functionArn, invokeIdentityArn } = options;
    this.context = { sourceKind: mapping.sourceKind, streamArn, functionArn, invokeIdentityArn };
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

  /** The records read and not processed yet: waiting for a batch, or in the batch being processed. */
  public get buffered(): number {
    return [...this.shards.values()].reduce((sum, shard) => sum + shard.buffer.length + shard.processing.length, 0);
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
    // an invocation abandoned because the functions stopped leaves its records unprocessed: they are counted below
    await this.running?.catch(() => undefined);
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
            readers.push(this.readShard(state, first ? this.startingPosition() : { type: 'TRIM_HORIZON' }, shard.parentShardId)
              .catch((error: unknown) => this.abandoned(shard.shardId, error)));
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

  /** A shard's reading ended by an error: an invocation abandoned at stop (its records are counted then), or a fault. */
  private abandoned(shardId: string, error: unknown): void {
    if (!this.stopped) {
      this.log({ component: this.component, event: 'shard reading failed', mapping: this.mapping.logicalId, shard: shardId, error: String(error) });
    }
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
    // an iterator renewed after an error starts where this one did: LATEST is made a concrete place first
    const start = position.type === 'LATEST' ? await this.currentEnd(shard) : position;
    shard.iterator = await this.iteratorAt(shard, start);
    const { batchSize, maxBatchingWindowSeconds } = this.mapping;
    while (!this.stopped && shard.iterator !== undefined) {
      if (shard.buffer.length < READ_AHEAD) {
        await this.readMore(shard, start);
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

  /**
   * `LATEST` as a concrete place: after the last record the shard holds now, or its start when it
   * holds none. A `LATEST` iterator taken again after a read failed (DynamoDB Local's
   * `TrimmedDataAccessException`, an expired iterator) would skip what was written meanwhile.
   */
  private async currentEnd(shard: ShardState): Promise<ShardPosition> {
    let iterator = await this.iteratorAt(shard, { type: 'TRIM_HORIZON' });
    let last: string | undefined;
    try {
      while (iterator !== undefined && !this.stopped) {
        const page = await this.reader.read(iterator, READ_LIMIT);
        if (page.records.length === 0) {
          break;
        }
        last = page.records[page.records.length - 1].sequenceNumber;
        iterator = page.next;
      }
    } catch (error) {
      this.log({ component: this.component, event: 'get records failed', mapping: this.mapping.logicalId, shard: shard.shardId, error: String(error) });
      return { type: 'LATEST' };
    }
    return last === undefined ? { type: 'TRIM_HORIZON' } : { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last };
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
    const subject = record.kind === 'kinesis' ? kinesisFilterSubject(record) : dynamoDbRecord(this.context, record);
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
    const result = await this.hooks.invoke(this.mapping.function, batchEvent(this.context, shard.shardId, records));
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
    const record = failureRecord(this.context, { ...piece, shardId: shard.shardId, condition, at: this.now() });
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


function defaultRetryDelay(retry: number): number {
  return Math.min(2_000, 100 * 2 ** (retry - 1));
}

