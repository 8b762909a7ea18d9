/**
 * The execution engine: runs executions on aws-local-stepfunctions in the background, binds their
 * Task states to the local functions (and callback tasks to their tokens), and keeps what
 * `DescribeExecution`, `ListExecutions` and the stop report read.
 *
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { TaskFunctions } from './definitions';
import {
  aboutExecution, Execution, ExecutionDescription, ExecutionStatus, lambdaError, Machine, messageOf, RunningExecution, StepFunctionsTargets,
  TaskBinding, taskError, TaskInvocationOutcome,
} from './model';
import { TaskTokens } from './task-tokens';
import { Emulator } from '../../testing/local-emulator';

/** An event of aws-local-stepfunctions' `eventLogs`. */
interface EmulatorEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string };
  readonly parentState?: { readonly name: string };
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly retry?: { readonly attempt: number };
}

/** The executions, running and ended. */
export class Executions {
  /** By ARN, in the order they started. */
  private readonly executions = new Map<string, Execution>();
  private readonly tokens: TaskTokens;
  private listeners: Array<() => void> = [];

  constructor(
    private readonly targets: StepFunctionsTargets,
    private readonly functions: TaskFunctions,
    private readonly log: (entry: object) => void,
    private readonly endedKept: number,
  ) {
    this.tokens = new TaskTokens(log, () => this.notify());
  }

  /** The task tokens the executions wait for. */
  public get taskTokens(): TaskTokens {
    return this.tokens;
  }

  /** The execution of this ARN, if it is known. */
  public get(arn: string): Execution | undefined {
    return this.executions.get(arn);
  }

  /** Starts an execution of a machine that runs, which then runs in the background. */
  public start(machine: Machine & { emulated: NonNullable<Machine['emulated']> }, arn: string, name: string, input: unknown): Execution {
    const execution: Execution = {
      arn, name, machine, input, startDate: new Date(), status: 'RUNNING', visited: [], history: [], invocations: 0,
    };
    this.executions.set(arn, execution);
    this.log({ ...aboutExecution(execution), event: 'execution-started' });
    this.run(execution, machine.emulated);
    return execution;
  }

  /** The executions, newest first: all, or those of one state machine (logical id or ARN) and of one status. */
  public list(stateMachine?: string, status?: ExecutionStatus): ExecutionDescription[] {
    return [...this.executions.values()]
      .filter((e) => stateMachine === undefined || e.machine.source.logicalId === stateMachine || e.machine.source.arn === stateMachine)
      .filter((e) => status === undefined || e.status === status)
      .reverse()
      .map(describe);
  }

  /** The executions still running. */
  public running(): RunningExecution[] {
    return [...this.executions.values()].filter((e) => e.status === 'RUNNING').map((e) => ({
      executionArn: e.arn,
      name: e.name,
      stateMachine: e.machine.source.logicalId,
      stateMachineName: e.machine.source.name,
      waitingForTaskToken: this.waitingOnly(e),
    }));
  }

  /** Whether an execution is running something: a state, a wait, an invocation; not only waiting for task tokens. */
  public busy(): boolean {
    return [...this.executions.values()].some((e) => e.status === 'RUNNING' && !this.waitingOnly(e));
  }

  /** Resolves once no execution runs anything but waits for task tokens. */
  public async idle(): Promise<void> {
    while (this.busy()) {
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
  }

  /** Ends the execution once: its status, output or error, its tokens closed, the end logged. */
  public end(execution: Execution, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: unknown; error?: string; cause?: string }): void {
    if (execution.status !== 'RUNNING') {
      return;
    }
    execution.status = status;
    execution.stopDate = new Date();
    if (status === 'SUCCEEDED') {
      execution.output = result.output === undefined ? null : result.output;
    } else {
      execution.error = result.error;
      execution.cause = result.cause;
    }
    this.tokens.endExecution(execution, status);
    if (status === 'ABORTED') {
      execution.abort?.();
    }
    const ending = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timed-out', ABORTED: 'aborted' }[status];
    this.log({
      ...aboutExecution(execution),
      event: `execution-${ending}`,
      status,
      durationMs: execution.stopDate.getTime() - execution.startDate.getTime(),
      ...(status !== 'SUCCEEDED' && { error: execution.error, cause: execution.cause }),
    });
    this.forgetOldest();
    this.notify();
  }

  /** Keeps at most `endedKept` ended executions: the oldest are forgotten first. */
  private forgetOldest(): void {
    let ended = 0;
    for (const execution of this.executions.values()) {
      if (execution.status !== 'RUNNING') ended++;
    }
    for (const [arn, execution] of this.executions) {
      if (ended <= this.endedKept) break;
      if (execution.status !== 'RUNNING') {
        this.executions.delete(arn);
        ended--;
      }
    }
  }

  /** Runs the execution in the background. */
  private run(execution: Execution, emulated: InstanceType<Emulator['StateMachine']>): void {
    // `$$.Task.Token`: a new token each time a task's Parameters read it, taken by the task's handler, which
    // the emulator calls right after evaluating them (nothing runs in between)
    let pending: string | undefined;
    const task = {};
    Object.defineProperty(task, 'Token', { enumerable: true, get: () => (pending ??= randomBytes(32).toString('base64url')) });
    const takeToken = () => {
      const token = pending ?? randomBytes(32).toString('base64url');
      pending = undefined;
      return token;
    };
    const handlers = Object.fromEntries([...execution.machine.tasks].map(([state, binding]) => [state, (input: unknown) => {
      const token = takeToken();
      return this.runTask(execution, state, binding, input, token);
    }]));
    const source = execution.machine.source;
    const run = emulated.run(execution.input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: execution.arn, Name: execution.name },
        StateMachine: { Id: source.arn, Name: source.name },
        Task: task,
      },
    });
    execution.abort = () => run.abort();
    const logging = (async () => {
      for await (const event of run.eventLogs as AsyncIterable<EmulatorEvent>) {
        this.record(execution, event);
      }
    })();
    void run.result.then(
      async (output) => {
        await logging;
        this.end(execution, 'SUCCEEDED', { output });
      },
      async (thrown: Error & { cause?: unknown }) => {
        await logging;
        if (thrown?.name === 'ExecutionTimeoutError') {
          this.end(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: `The execution ran longer than its TimeoutSeconds (${source.definition.TimeoutSeconds} s).` });
        } else if (thrown?.name === 'ExecutionAbortedError') {
          this.end(execution, 'ABORTED', {});
        } else {
          const failure = (thrown?.cause ?? thrown) as { name?: string; message?: string };
          this.end(execution, 'FAILED', { error: failure?.name ?? 'States.Runtime', cause: failure?.message ?? String(thrown) });
        }
      },
    ).catch((error: unknown) => {
      this.end(execution, 'FAILED', { error: 'States.Runtime', cause: messageOf(error) });
    });
  }

  /** A Task state's run: its function invoked, and for a callback its token awaited. */
  private async runTask(execution: Execution, state: string, binding: TaskBinding, input: any, token: string): Promise<unknown> {
    if (execution.status !== 'RUNNING') {
      throw taskError('States.Runtime', 'The execution has ended.');
    }
    if (binding.kind === 'function') {
      return resultOf(await this.invoke(execution, binding.fn, input));
    }
    const fn = binding.fn ?? this.dynamicFunction(input?.FunctionName);
    const payload = input?.Payload === undefined ? {} : input.Payload;
    if (binding.kind === 'invoke') {
      if (input?.InvocationType === 'Event') {
        void this.invoke(execution, fn, payload);
        return sdkResult(202, '');
      }
      return sdkResult(200, resultOf(await this.invoke(execution, fn, payload)));
    }
    const waiting = this.tokens.await(execution, state, token, binding);
    // settled while the function runs (sent back, or the execution stopped): handled when returned below
    waiting.catch(() => undefined);
    // the execution counts as busy until the outcome is handled, not only while the function runs
    execution.invocations += 1;
    try {
      this.tokens.functionDone(token, await this.invoke(execution, fn, payload));
    } finally {
      execution.invocations -= 1;
      this.notify();
    }
    return waiting;
  }

  /** The function a dynamic `FunctionName.$` selected, or the error Lambda answers for an unknown one. */
  private dynamicFunction(name: unknown): string {
    const fn = typeof name === 'string' ? this.functions.of(name) : undefined;
    if (!fn) {
      throw taskError('Lambda.ResourceNotFoundException', `Function not found: ${String(name)} (not a function local mode runs)`);
    }
    return fn;
  }

  private async invoke(execution: Execution, fn: string, payload: unknown): Promise<TaskInvocationOutcome> {
    execution.invocations += 1;
    this.notify();
    try {
      return await this.targets.invokeFunction(fn, payload);
    } catch (error) {
      return { ok: false, errorType: 'Lambda.ServiceException', errorMessage: messageOf(error) };
    } finally {
      execution.invocations -= 1;
      this.notify();
    }
  }

  /** An event of the emulator, in the execution's history; states entered, retried and caught logged. */
  private record(execution: Execution, event: EmulatorEvent): void {
    const state = event.state?.name ?? event.parentState?.name;
    const cause = event.Cause === undefined ? undefined : typeof event.Cause === 'string' ? event.Cause : messageOf(event.Cause);
    execution.history.push({
      type: event.type,
      timestamp: new Date(event.timestamp),
      ...(state !== undefined && { state }),
      ...(event.Error !== undefined && { error: event.Error }),
      ...(cause !== undefined && { cause }),
    });
    if (event.type === 'StateEntered' && state !== undefined) {
      execution.visited.push(state);
      this.log({ ...aboutExecution(execution), event: 'state-entered', state });
    } else if (event.type === 'StateRetried') {
      this.log({ ...aboutExecution(execution), event: 'state-retried', state, attempt: event.retry?.attempt });
    } else if (event.type === 'StateCaught') {
      this.log({ ...aboutExecution(execution), event: 'state-caught', state });
    }
  }

  /** Whether all the execution does is wait for tokens. */
  private waitingOnly(execution: Execution): boolean {
    return execution.invocations === 0 && this.tokens.waits(execution);
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    listeners.forEach((listener) => listener());
  }
}

/** An execution as `DescribeExecution` reports it. */
export function describe(execution: Execution): ExecutionDescription {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.machine.source.arn,
    stateMachine: execution.machine.source.logicalId,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate && { stopDate: execution.stopDate }),
    input: execution.input,
    ...(execution.status === 'SUCCEEDED' && { output: execution.output }),
    ...(execution.error !== undefined && { error: execution.error }),
    ...(execution.cause !== undefined && { cause: execution.cause }),
    visited: [...execution.visited],
    history: [...execution.history],
  };
}

function resultOf(outcome: TaskInvocationOutcome): unknown {
  if (!outcome.ok) {
    throw lambdaError(outcome);
  }
  return outcome.result === undefined ? null : outcome.result;
}

/** The result of `arn:aws:states:::lambda:invoke`, as the SDK integration returns Lambda's `Invoke` response. */
function sdkResult(statusCode: number, payload: unknown): object {
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'x-amzn-RequestId': [requestId], 'Content-Type': ['application/json'] },
      HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId, 'Content-Type': 'application/json' },
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: statusCode,
  };
}
