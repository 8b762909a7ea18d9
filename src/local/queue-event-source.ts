import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { matchesEventPattern } from '../event-pattern';
import { LOCAL_REGION, LocalEventSourceMapping } from './local-app';
import { LocalMessage, LocalQueues } from './local-queues';
import { InvocationOutcome } from './rest-api-server';

/** Invokes a function synchronously, as an event source mapping does. */
export type SynchronousInvoke = (functionLogicalId: string, event: unknown) => Promise<InvocationOutcome>;

/**
 * An SQS event source mapping: reads its queue in batches of up to `batchSize` (gathering for the
 * batching window), invokes the function with an `SQSEvent`, deletes what succeeded and leaves the
 * rest to come back after the visibility timeout, until the queue's redrive moves it to the
 * dead-letter queue. With `ReportBatchItemFailures`, only the reported messages stay; a function
 * that fails, or reports a message id that was not in the batch, fails the whole batch, as Lambda
 * does.
 */
export class QueueEventSource {
  private stopped = false;
  private running?: Promise<void>;
  private wake?: () => void;
  private readonly unsubscribe: () => void;
  private inFlight = 0;

  constructor(
    private readonly mapping: LocalEventSourceMapping,
    private readonly queues: LocalQueues,
    private readonly invoke: SynchronousInvoke,
    private readonly log: (entry: object) => void = () => {},
  ) {
    this.unsubscribe = queues.onSend((queue) => {
      if (queue === mapping.source) {
        this.wake?.();
      }
    });
  }

  /** Starts polling. */
  public start(): void {
    // an invocation rejected only when the functions stopped: its batch stays in the queue, reported at stop
    this.running ??= this.loop().catch(() => undefined);
  }

  /** Whether no batch is being processed and no visible message waits. */
  public get idle(): boolean {
    const next = this.queues.nextVisibleAt(this.mapping.source);
    return this.inFlight === 0 && (next === undefined || next > Date.now());
  }

  /** Stops after the batch in progress; messages not received stay in the queue. */
  public async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wake?.();
    // a batch whose invocation was abandoned (the functions stopped) stays in the queue: it is reported there
    await this.running;
  }

  /**
   * Takes no new batch from now on, without waiting for the one in progress: what `stop()` then waits for once
   * the functions are stopped.
   */
  public halt(): void {
    this.stopped = true;
    this.unsubscribe();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const batch = await this.gather();
      if (this.stopped) {
        break;
      }
      if (batch.length === 0) {
        await this.sleep(this.untilNextVisible());
        continue;
      }
      await this.process(batch);
    }
  }

  /** A batch: what is visible now, plus what arrives within the batching window, up to the batch size. */
  private async gather(): Promise<LocalMessage[]> {
    const { source, batchSize, maxBatchingWindowSeconds } = this.mapping;
    const batch = this.queues.receive(source, batchSize);
    if (batch.length === 0 || batch.length >= batchSize || maxBatchingWindowSeconds === 0) {
      return batch;
    }
    await this.sleep(maxBatchingWindowSeconds * 1000);
    return [...batch, ...this.queues.receive(source, batchSize - batch.length)];
  }

  private async process(received: LocalMessage[]): Promise<void> {
    const { source } = this.mapping;
    const queue = this.queues.queue(source);
    // Lambda's filter criteria: a message that matches none is deleted without invoking the function
    const batch = received.filter((message) => this.matches(message, queue.arn));
    for (const message of received.filter((m) => !batch.includes(m))) {
      this.queues.delete(source, message.messageId);
    }
    if (batch.length === 0) {
      return;
    }
    this.inFlight += 1;
    try {
      const event: SQSEvent = { Records: batch.map((message) => sqsRecord(message, queue.arn)) };
      const outcome = await this.invoke(this.mapping.function, event);
      const failed = failedIds(outcome, batch, this.mapping.reportBatchItemFailures);
      for (const message of batch.filter((m) => !failed.has(m.messageId))) {
        this.queues.delete(source, message.messageId);
      }
      this.log({
        component: 'sqs',
        event: failed.size === 0 ? 'batch processed' : 'batch failed in part',
        queue: queue.name,
        messages: batch.length,
        failed: failed.size,
        ...(outcome.ok ? {} : { error: `${outcome.errorType}: ${outcome.errorMessage}` }),
      });
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Whether the message passes the mapping's filters: its record, `body` parsed when it is JSON, matches one of them. */
  private matches(message: LocalMessage, queueArn: string): boolean {
    const filters = this.mapping.filters;
    if (filters.length === 0) {
      return true;
    }
    let body: unknown = message.body;
    try {
      body = JSON.parse(message.body);
    } catch {
      // a body that is not JSON is matched as a string
    }
    const record = { ...sqsRecord(message, queueArn), body };
    return filters.some((pattern) => matchesEventPattern(pattern, record));
  }

  private untilNextVisible(): number {
    const next = this.queues.nextVisibleAt(this.mapping.source);
    return next === undefined ? 60_000 : Math.max(0, next - Date.now()) + 5;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/** The messages of the batch that stay in the queue after the invocation. */
function failedIds(outcome: InvocationOutcome, batch: LocalMessage[], reportBatchItemFailures: boolean): Set<string> {
  const all = new Set(batch.map((message) => message.messageId));
  if (!outcome.ok) {
    return all;
  }
  if (!reportBatchItemFailures) {
    return new Set();
  }
  const response = outcome.result as Partial<SQSBatchResponse> | null;
  const failures = response?.batchItemFailures ?? [];
  const ids = failures.map((failure) => failure.itemIdentifier);
  // an id that is not in the batch (or empty) makes Lambda fail the whole batch
  return ids.some((id) => !id || !all.has(id)) ? all : new Set(ids);
}

function sqsRecord(message: LocalMessage, queueArn: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: 'AROALOCAL:local',
      ApproximateFirstReceiveTimestamp: String(message.sentTimestamp),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}
