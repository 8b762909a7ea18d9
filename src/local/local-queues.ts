import { randomUUID } from 'node:crypto';
import { LocalQueue } from './local-app';

/** A message of a local queue. */
export interface LocalMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly sentTimestamp: number;
  /** How many times it was received. */
  receiveCount: number;
  /** When it becomes visible again, after a receive. */
  visibleAt: number;
  readonly receiptHandle?: string;
}

/**
 * The app's queues, in memory, with SQS's delivery rules: a received message stays invisible
 * for the queue's visibility timeout and comes back unless deleted; after `maxReceiveCount`
 * receives it moves to the dead-letter queue; messages older than the retention are dropped.
 * What the queues hold when local mode stops is reported, not lost silently.
 */
export class LocalQueues {
  private readonly messages = new Map<string, LocalMessage[]>();
  private readonly byLogicalId: Map<string, LocalQueue>;
  private readonly listeners = new Set<(queue: string) => void>();

  constructor(queues: LocalQueue[], private readonly now: () => number = Date.now) {
    this.byLogicalId = new Map(queues.map((queue) => [queue.logicalId, queue]));
    for (const queue of queues) {
      this.messages.set(queue.logicalId, []);
    }
  }

  /** The queue of a logical id, or a clear error. */
  public queue(logicalId: string): LocalQueue {
    const queue = this.byLogicalId.get(logicalId);
    if (!queue) {
      throw new Error(`local SQS: no queue ${logicalId} in the template`);
    }
    return queue;
  }

  /** Sends a message; resolves to its id. */
  public send(logicalId: string, body: string, attributes: Record<string, string> = {}): string {
    this.queue(logicalId);
    const message: LocalMessage = { messageId: randomUUID(), body, attributes, sentTimestamp: this.now(), receiveCount: 0, visibleAt: 0 };
    this.messages.get(logicalId)!.push(message);
    this.listeners.forEach((listener) => listener(logicalId));
    return message.messageId;
  }

  /** Calls `listener` with the queue's logical id whenever a message is sent. */
  public onSend(listener: (queue: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Receives up to `max` visible messages, oldest first: each becomes invisible for the queue's
   * visibility timeout and counts a receive; one received more than `maxReceiveCount` times
   * moves to the dead-letter queue instead.
   */
  public receive(logicalId: string, max: number): LocalMessage[] {
    const queue = this.queue(logicalId);
    const now = this.now();
    const all = this.messages.get(logicalId)!;
    this.expire(queue, all, now);
    const received: LocalMessage[] = [];
    for (const message of [...all]) {
      if (received.length >= max) {
        break;
      }
      if (message.visibleAt > now) {
        continue;
      }
      if (queue.redrive && message.receiveCount >= queue.redrive.maxReceiveCount) {
        all.splice(all.indexOf(message), 1);
        this.messages.get(queue.redrive.deadLetterQueue)?.push({ ...message, visibleAt: 0 });
        continue;
      }
      message.receiveCount += 1;
      message.visibleAt = now + queue.visibilityTimeoutSeconds * 1000;
      received.push(message);
    }
    return received;
  }

  /** Deletes a received message. */
  public delete(logicalId: string, messageId: string): void {
    const all = this.messages.get(logicalId) ?? [];
    const index = all.findIndex((message) => message.messageId === messageId);
    if (index >= 0) {
      all.splice(index, 1);
    }
  }

  /** The messages a queue holds, visible or not. */
  public peek(logicalId: string): readonly LocalMessage[] {
    return [...(this.messages.get(logicalId) ?? [])];
  }

  /** When the next message of the queue becomes visible, if one is waiting. */
  public nextVisibleAt(logicalId: string): number | undefined {
    const times = (this.messages.get(logicalId) ?? []).map((message) => message.visibleAt);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** How many messages each queue holds, for the report at stop; empty queues left out. */
  public counts(): Record<string, number> {
    return Object.fromEntries([...this.messages.entries()]
      .filter(([, messages]) => messages.length > 0)
      .map(([logicalId, messages]) => [this.byLogicalId.get(logicalId)?.name ?? logicalId, messages.length]));
  }

  private expire(queue: LocalQueue, all: LocalMessage[], now: number): void {
    for (const message of [...all]) {
      if (now - message.sentTimestamp > queue.retentionSeconds * 1000) {
        all.splice(all.indexOf(message), 1);
      }
    }
  }
}
