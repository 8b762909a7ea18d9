/**
 * How local mode stops, and what it says it left. The first stop refuses new requests (the
 * stage is going away), drains what was accepted for at most a bound, then abandons what is
 * still running: its functions' workers are stopped, the queue and stream pollers take nothing
 * more. What was left is counted once everything has settled, so that what was accepted is
 * what was processed plus what the report lists.
 *
 * @module
 */
import type { UndeliveredEvent } from './event-bridge';
import type { RunningExecution } from './step-functions';

/** How long `stop()` drains what was accepted before it abandons the rest, by default. */
export const DEFAULT_DRAIN_MS = 5_000;

/** Options of `stop()`. */
export interface StopOptions {
  /**
   * How long to let what was accepted finish (requests, deliveries, batches, executions) before abandoning it.
   * @default 5000
   */
  readonly drainMs?: number;
}

/** What was left when local mode stopped, or is left now. */
export interface LeftBehind {
  /** API requests that had no answer yet. */
  readonly requests: number;
  /** Asynchronous invocations (rule targets, S3 notifications) not finished, with their retries. */
  readonly asyncInvocations: number;
  readonly undeliveredEvents: readonly UndeliveredEvent[];
  /** Messages left in each queue, by queue name, dead-letter queues included. */
  readonly queueMessages: Readonly<Record<string, number>>;
  /** `<n> record(s) of <stream> (<shard>) not processed by <function>`. */
  readonly streamRecords: readonly string[];
  readonly s3Notifications: number;
  readonly executions: readonly RunningExecution[];
}

/** The report's lines, one per thing left: empty when nothing was. */
export function leftBehindLines(left: LeftBehind): string[] {
  return [
    ...(left.requests > 0 ? [`${left.requests} API request(s) in flight, not answered`] : []),
    ...left.undeliveredEvents.map((entry) => `event ${entry.eventId} for ${entry.target} (rule ${entry.rule}), ${entry.attempts} attempts`),
    ...Object.entries(left.queueMessages).map(([queue, count]) => `${count} message(s) left in queue ${queue}`),
    ...(left.asyncInvocations > 0 ? [`${left.asyncInvocations} asynchronous invocation(s) in progress, abandoned`] : []),
    ...left.streamRecords,
    ...(left.s3Notifications > 0 ? [`${left.s3Notifications} S3 notification(s) being sent`] : []),
    ...left.executions.map((execution) => `execution ${execution.name} of ${execution.stateMachineName} still running`
      + `${execution.waitingForTaskToken ? ' (waiting for a task token)' : ''}`),
  ];
}
