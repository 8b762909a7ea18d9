/**
 * The task tokens of callback tasks (`lambda:invoke.waitForTaskToken`): who waits for which token,
 * the answers sent back (`SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`), and the
 * timers of the tasks' `TimeoutSeconds` and `HeartbeatSeconds`.
 *
 * @module
 */
import {
  aboutExecution, Execution, ExecutionStatus, lambdaError, MAX_PAYLOAD_BYTES, MAX_TIMER_SECONDS, StepFunctionsError, TaskBinding, taskError,
  TaskInvocationOutcome,
} from './model';

/** After a task's own `TimeoutSeconds` (which the emulator enforces), how long before its token is closed too. */
const TOKEN_CLOSE_DELAY_MS = 50;
/** How many answered or expired tokens are remembered, to answer a late `SendTask*` with `TaskTimedOut`. */
const CLOSED_TOKENS_KEPT = 10_000;

/** A task waiting for its token. */
interface Waiter {
  readonly token: string;
  readonly execution: Execution;
  readonly state: string;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly heartbeatSeconds?: number;
  heartbeat?: NodeJS.Timeout;
  timeout?: NodeJS.Timeout;
}

/** The tokens being waited for, and those no longer awaited. */
export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();
  /** Tokens no longer awaited, with why: answering them is `TaskTimedOut`. Oldest first. */
  private readonly closed = new Map<string, string>();

  /**
   * @param log receives the task-token steps
   * @param changed called whenever what waits changes (for `idle`)
   */
  constructor(private readonly log: (entry: object) => void, private readonly changed: () => void) {}

  /** Registers the token a callback task waits for; the promise settles with what is sent back. */
  public await(execution: Execution, state: string, token: string, binding: TaskBinding & { kind: 'invoke' | 'callback' }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { token, execution, state, resolve, reject, heartbeatSeconds: binding.heartbeatSeconds };
      this.waiters.set(token, waiter);
      this.armHeartbeat(waiter);
      if (binding.timeoutSeconds !== undefined && binding.timeoutSeconds <= MAX_TIMER_SECONDS) {
        // the emulator fails the state with States.Timeout; the token is closed just after
        waiter.timeout = setTimeout(() => {
          this.settle(waiter, `timed out after ${binding.timeoutSeconds} s`);
          reject(taskError('States.Timeout', 'The task timed out.'));
        }, binding.timeoutSeconds * 1000 + TOKEN_CLOSE_DELAY_MS);
        waiter.timeout.unref();
      }
      this.changed();
    });
  }

  /** After the task's function ran: a failure fails the task at once; otherwise the token is awaited, and said so. */
  public functionDone(token: string, outcome: TaskInvocationOutcome): void {
    const waiter = this.waiters.get(token);
    if (waiter && !outcome.ok) {
      this.settle(waiter, 'its function failed');
      waiter.reject(lambdaError(outcome));
    } else if (waiter) {
      this.log({ ...aboutExecution(waiter.execution), event: 'task-token-waiting', state: waiter.state });
    }
  }

  /** `SendTaskSuccess`: the task succeeds with `output`. */
  public succeed(token: string, output: unknown): void {
    const waiter = this.waiterOf(token);
    const text = JSON.stringify(output);
    if (text === undefined) {
      throw new StepFunctionsError('InvalidOutput', 'The output must be a JSON value.');
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new StepFunctionsError('InvalidOutput', `The output is larger than ${MAX_PAYLOAD_BYTES} bytes.`);
    }
    this.settle(waiter, 'succeeded with SendTaskSuccess');
    this.log({ ...aboutExecution(waiter.execution), event: 'task-succeeded', state: waiter.state });
    waiter.resolve(JSON.parse(text));
  }

  /** `SendTaskFailure`: the task fails with this error (what `Retry` and `Catch` match) and cause. */
  public fail(token: string, error?: string, cause?: string): void {
    const waiter = this.waiterOf(token);
    this.settle(waiter, 'failed with SendTaskFailure');
    this.log({ ...aboutExecution(waiter.execution), event: 'task-failed', state: waiter.state, error });
    waiter.reject(taskError(error ?? '', cause ?? ''));
  }

  /** `SendTaskHeartbeat`: the task's `HeartbeatSeconds` start again. */
  public heartbeat(token: string): void {
    this.armHeartbeat(this.waiterOf(token));
  }

  /** Closes the tokens of an execution that ended: their tasks fail with `States.Runtime`. */
  public endExecution(execution: Execution, status: ExecutionStatus): void {
    for (const waiter of [...this.waiters.values()].filter((w) => w.execution === execution)) {
      this.settle(waiter, `the execution ended ${status}`);
      waiter.reject(taskError('States.Runtime', `The execution ended ${status}.`));
    }
  }

  /** Whether a task of the execution waits for a token. */
  public waits(execution: Execution): boolean {
    return [...this.waiters.values()].some((waiter) => waiter.execution === execution);
  }

  /** Starts (again) the task's heartbeat timer, if it has `HeartbeatSeconds`. */
  private armHeartbeat(waiter: Waiter): void {
    if (waiter.heartbeatSeconds === undefined || waiter.heartbeatSeconds > MAX_TIMER_SECONDS) {
      return;
    }
    clearTimeout(waiter.heartbeat);
    waiter.heartbeat = setTimeout(() => {
      this.settle(waiter, `no heartbeat within ${waiter.heartbeatSeconds} s`);
      this.log({ ...aboutExecution(waiter.execution), event: 'task-heartbeat-timed-out', state: waiter.state });
      waiter.reject(taskError('States.HeartbeatTimeout', `No heartbeat within ${waiter.heartbeatSeconds} s.`));
    }, waiter.heartbeatSeconds * 1000);
    waiter.heartbeat.unref();
  }

  /** The waiter of a token sent back, or the API's error. */
  private waiterOf(token: unknown): Waiter {
    if (typeof token !== 'string' || token.length < 1 || token.length > 2048) {
      throw new StepFunctionsError('InvalidToken', 'Invalid Task Token: it must be a string of 1 to 2048 characters.');
    }
    const waiter = this.waiters.get(token);
    if (!waiter) {
      const closed = this.closed.get(token);
      if (closed) {
        throw new StepFunctionsError('TaskTimedOut', `Task Timed Out: the task of this token no longer waits (${closed}).`);
      }
      throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist: no task waits for this token.');
    }
    return waiter;
  }

  /** The token is no longer awaited. */
  private settle(waiter: Waiter, why: string): void {
    clearTimeout(waiter.heartbeat);
    clearTimeout(waiter.timeout);
    this.waiters.delete(waiter.token);
    this.closed.set(waiter.token, why);
    if (this.closed.size > CLOSED_TOKENS_KEPT) {
      this.closed.delete(this.closed.keys().next().value!);
    }
    this.changed();
  }
}
