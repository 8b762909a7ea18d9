/**
 * Step Functions in local mode: the app's state machines run by aws-local-stepfunctions (the
 * emulator `WorkflowTester` uses), their Lambda tasks bound to the local functions, and the part
 * of the Step Functions API that functions call (`StartExecution`, `SendTaskSuccess`...) over HTTP.
 *
 * What is bound: a Task state whose `Resource` is a function's ARN (its input is the function's
 * event, the function's result is the state's), `arn:aws:states:::lambda:invoke` (`FunctionName`
 * and `Payload` of its `Parameters`; its result is the SDK integration's `{ Payload, StatusCode,
 * ... }`) and `arn:aws:states:::lambda:invoke.waitForTaskToken` (the function is invoked with the
 * token its `Parameters` take from `$$.Task.Token`, then the state waits for `SendTaskSuccess` or
 * `SendTaskFailure`, within its `TimeoutSeconds` and `HeartbeatSeconds`). A function's error is
 * the state's, named as Lambda names it (`errorType`), so that `Retry` and `Catch` on a custom
 * error, `States.TaskFailed` or `States.ALL` behave as in AWS.
 *
 * What is refused, at start, by listing the state machine in `limitations`: other task resources
 * (SDK integrations, activities), JSONata and Map states that read or write elsewhere (which the
 * emulator would silently ignore), definitions that are not valid Amazon States Language.
 *
 * Wait states and retry intervals take their real time.
 *
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsJsonApi, AwsJsonError, AwsJsonOperation, serveAwsJson } from './aws-json';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalStateMachine } from './local-app';
import { Emulator, emulatable, loadEmulator, loadValidator, unsupportedFeatures, walkStates } from '../testing/local-emulator';

/** How an invocation of a task's function ended: its result, or its error as Lambda reports it. */
export type TaskInvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly trace?: readonly string[] };

/** What the tasks call. The orchestrator provides it. */
export interface StepFunctionsTargets {
  /**
   * Invokes a function synchronously (`RequestResponse`), as Step Functions invokes a task's function.
   *
   * @param functionLogicalId the function's logical id
   * @param payload its event
   */
  invokeFunction(functionLogicalId: string, payload: unknown): Promise<TaskInvocationOutcome>;
}

/** The part of the app Step Functions reads: the state machines, and the functions their tasks name. */
export interface StepFunctionsApp {
  readonly stateMachines: readonly LocalStateMachine[];
  readonly functions: ReadonlyArray<{ readonly logicalId: string; readonly name: string; readonly arn: string }>;
}

/** Options of {@link LocalStepFunctions}. */
export interface LocalStepFunctionsOptions {
  /** Receives a structured entry for each execution started and ended, state entered, retried or caught, task token awaited. */
  readonly log?: (entry: object) => void;
}

/** The status of an execution, as `DescribeExecution` reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** An event of an execution's history, as the emulator reports it (`StateEntered`, `StateFailed`, `MapIterationStarted`...). */
export interface ExecutionEvent {
  readonly type: string;
  readonly timestamp: Date;
  /** The state it concerns: the Map or Parallel state for iteration and branch events. */
  readonly state?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** An execution, as `DescribeExecution` reports it, with the states it went through. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  /** The state machine's logical id. */
  readonly stateMachine: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: unknown;
  /** Its output, once it succeeded. */
  readonly output?: unknown;
  /** Why it failed, timed out or was stopped. */
  readonly error?: string;
  readonly cause?: string;
  /** The states entered, in order, those of branches and iterations included (a retried state once per attempt). */
  readonly visited: string[];
  readonly history: ExecutionEvent[];
}

/** An execution still running: what the stop report lists. */
export interface RunningExecution {
  readonly executionArn: string;
  readonly name: string;
  /** The state machine's logical id and name. */
  readonly stateMachine: string;
  readonly stateMachineName: string;
  /** Whether all it does is wait for task tokens to be sent back. */
  readonly waitingForTaskToken: boolean;
}

/**
 * An error of the Step Functions API: answered over HTTP with status 400 and `{ "__type": code, "message": ... }`,
 * which the SDK throws as an error of that name (`TaskDoesNotExist`, `ExecutionDoesNotExist`...).
 */
export class StepFunctionsError extends AwsJsonError {}

/** The Step Functions API: AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.StartExecution`. */
export const SFN_API: AwsJsonApi = { name: 'Step Functions', targetPrefix: 'AWSStepFunctions', version: '1.0' };

/** The longest timer Node.js keeps (about 24.8 days): what stands for Step Functions' "no timeout" of about three years. */
const MAX_TIMER_SECONDS = 2_147_483;
/** Step Functions' limit on an execution's input and a task's output. */
const MAX_PAYLOAD_BYTES = 256 * 1024;
/** After a task's own `TimeoutSeconds` (which the emulator enforces), how long before its token is closed too. */
const TOKEN_CLOSE_DELAY_MS = 50;

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(?::[^:]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_CALLBACK = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;

/** How a Task state is run: its function by logical id, or, when `Parameters` name it with a path, found at run time. */
type TaskBinding =
  | { readonly kind: 'function'; readonly fn: string }
  | { readonly kind: 'invoke' | 'callback'; readonly fn?: string; readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number };

/** A state machine, ready to run or refused. */
interface Machine {
  readonly source: LocalStateMachine;
  readonly tasks: ReadonlyMap<string, TaskBinding>;
  readonly emulated?: InstanceType<Emulator['StateMachine']>;
  /** Why it is not run. */
  readonly refused?: string;
}

interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly machine: Machine;
  readonly input: unknown;
  readonly startDate: Date;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: unknown;
  error?: string;
  cause?: string;
  readonly visited: string[];
  readonly history: ExecutionEvent[];
  /** Invocations under way. */
  invocations: number;
  abort?: () => void;
}

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

/** asl-validator's findings by definition: each call costs about 0.3 s. */
const aslFindings = new Map<string, string>();

/**
 * The app's state machines, run locally: `startExecution` starts an execution in the background,
 * `describeExecution` and `listExecutions` report on them, `sendTaskSuccess`, `sendTaskFailure` and
 * `sendTaskHeartbeat` answer the tasks that wait for a token, and {@link LocalStepFunctions.handler}
 * serves all of it as the Step Functions API.
 *
 * Call `close()` when done: it stops the executions still running.
 */
export class LocalStepFunctions {
  /**
   * A `node:http` request listener implementing the Step Functions API in its AWS JSON 1.0 protocol (`POST`,
   * `X-Amz-Target: AWSStepFunctions.<Operation>`): `StartExecution`, `DescribeExecution`, `StopExecution`,
   * `ListExecutions`, `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`, `DescribeStateMachine` and
   * `ListStateMachines`. Errors are answered 400 with `{ "__type", "message" }`. Signatures are not checked.
   */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The state machines that are not run, and why, one line each: said at start. */
  readonly limitations: string[];

  private readonly machines: Machine[];
  private readonly functionsByArn = new Map<string, string>();
  private readonly functionsByName = new Map<string, string>();
  private readonly executions = new Map<string, Execution>();
  private readonly waiters = new Map<string, Waiter>();
  /** Tokens no longer awaited, with why: answering them is `TaskTimedOut`. */
  private readonly closedTokens = new Map<string, string>();
  private readonly log: (entry: object) => void;
  private listeners: Array<() => void> = [];
  private closed = false;

  /**
   * @param app the state machines and the functions (a `LocalApp` will do)
   * @param targets what invokes the functions
   * @param options logging
   */
  constructor(app: StepFunctionsApp, private readonly targets: StepFunctionsTargets, options: LocalStepFunctionsOptions = {}) {
    const log = options.log;
    // a failing logger must not fail an execution
    this.log = (entry) => {
      try {
        log?.(entry);
      } catch {
        // ignored
      }
    };
    for (const fn of app.functions) {
      this.functionsByArn.set(fn.arn, fn.logicalId);
      this.functionsByName.set(fn.name, fn.logicalId);
    }
    let emulator: Emulator | undefined;
    let missing: string | undefined;
    if (app.stateMachines.length > 0) {
      try {
        emulator = loadEmulator();
      } catch (error) {
        missing = (error as Error).message.replace(/^WorkflowTester/, 'local mode');
      }
    }
    this.machines = app.stateMachines.map((source) => this.prepare(source, emulator, missing));
    this.limitations = this.machines.filter((machine) => machine.refused)
      .map((machine) => `state machine ${machine.source.name} (${machine.source.logicalId}): not run, ${machine.refused}`);
    this.handler = serveAwsJson(SFN_API, this.api(), 'InternalFailure');
  }

  /**
   * Starts an execution, which then runs in the background.
   *
   * @param stateMachine the state machine's logical id or ARN
   * @param input the execution's input (a JSON value)
   * @param name the execution's name, unique for the state machine; a UUID by default
   * @throws StepFunctionsError `StateMachineDoesNotExist`, `ExecutionAlreadyExists`, `InvalidName`, `InvalidExecutionInput`...
   */
  startExecution(stateMachine: string, input: unknown = {}, name?: string): { executionArn: string; startDate: Date } {
    if (this.closed) {
      throw new StepFunctionsError('ServiceUnavailable', 'local Step Functions is stopped.');
    }
    const machine = this.machines.find((m) => m.source.logicalId === stateMachine || m.source.arn === stateMachine);
    if (!machine) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachine}'`);
    }
    if (machine.refused || !machine.emulated) {
      throw new StepFunctionsError('StateMachineNotRunLocally', `State machine ${machine.source.name} is not run by local mode: ${machine.refused}`);
    }
    const executionName = name ?? randomUUID();
    checkName(executionName);
    const inputText = JSON.stringify(input === undefined ? {} : input);
    if (Buffer.byteLength(inputText, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new StepFunctionsError('InvalidExecutionInput', `The input is larger than ${MAX_PAYLOAD_BYTES} bytes.`);
    }
    const source = machine.source;
    const arn = source.type === 'EXPRESS'
      ? `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:express:${source.name}:${executionName}:${randomUUID()}`
      : `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${source.name}:${executionName}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // StartExecution is idempotent for a running execution of the same name and input
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === inputText) {
        return { executionArn: existing.arn, startDate: existing.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: Execution = {
      arn,
      name: executionName,
      machine,
      input: JSON.parse(inputText),
      startDate: new Date(),
      status: 'RUNNING',
      visited: [],
      history: [],
      invocations: 0,
    };
    this.executions.set(arn, execution);
    this.log({ ...this.about(execution), event: 'execution-started' });
    this.run(execution, machine.emulated);
    return { executionArn: arn, startDate: execution.startDate };
  }

  /** Whether the state machine (logical id or ARN) is one this runs: of the app, and not refused. */
  runs(stateMachine: string): boolean {
    return this.machines.some((m) => (m.source.logicalId === stateMachine || m.source.arn === stateMachine) && m.emulated !== undefined);
  }

  /**
   * An execution: its status, input and output or error, the states it went through.
   *
   * @throws StepFunctionsError `ExecutionDoesNotExist`
   */
  describeExecution(executionArn: string): ExecutionDescription {
    const execution = this.executions.get(executionArn);
    if (!execution) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return describe(execution);
  }

  /** The executions, newest first: all, or those of one state machine (logical id or ARN) and of one status. */
  listExecutions(stateMachine?: string, status?: ExecutionStatus): ExecutionDescription[] {
    return [...this.executions.values()]
      .filter((e) => stateMachine === undefined || e.machine.source.logicalId === stateMachine || e.machine.source.arn === stateMachine)
      .filter((e) => status === undefined || e.status === status)
      .reverse()
      .map(describe);
  }

  /**
   * Stops an execution: it ends `ABORTED`, with this error and cause.
   *
   * @throws StepFunctionsError `ExecutionDoesNotExist`
   */
  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    const execution = this.executions.get(executionArn);
    if (!execution) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    this.end(execution, 'ABORTED', { error, cause });
    return { stopDate: execution.stopDate! };
  }

  /**
   * `SendTaskSuccess`: the task waiting for this token succeeds with `output`.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut` (the task no longer waits), `InvalidToken`, `InvalidOutput`
   */
  sendTaskSuccess(taskToken: string, output: unknown): void {
    const waiter = this.waiterOf(taskToken);
    const text = JSON.stringify(output);
    if (text === undefined) {
      throw new StepFunctionsError('InvalidOutput', 'The output must be a JSON value.');
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new StepFunctionsError('InvalidOutput', `The output is larger than ${MAX_PAYLOAD_BYTES} bytes.`);
    }
    this.settle(waiter, 'succeeded with SendTaskSuccess');
    this.log({ ...this.about(waiter.execution), event: 'task-succeeded', state: waiter.state });
    waiter.resolve(JSON.parse(text));
  }

  /**
   * `SendTaskFailure`: the task waiting for this token fails with this error (what `Retry` and `Catch` match) and cause.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut`, `InvalidToken`
   */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    const waiter = this.waiterOf(taskToken);
    this.settle(waiter, 'failed with SendTaskFailure');
    this.log({ ...this.about(waiter.execution), event: 'task-failed', state: waiter.state, error });
    waiter.reject(taskError(error ?? '', cause ?? ''));
  }

  /**
   * `SendTaskHeartbeat`: the task's `HeartbeatSeconds` start again.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut`, `InvalidToken`
   */
  sendTaskHeartbeat(taskToken: string): void {
    const waiter = this.waiterOf(taskToken);
    this.armHeartbeat(waiter);
  }

  /** The executions still running. */
  running(): RunningExecution[] {
    return [...this.executions.values()].filter((e) => e.status === 'RUNNING').map((e) => ({
      executionArn: e.arn,
      name: e.name,
      stateMachine: e.machine.source.logicalId,
      stateMachineName: e.machine.source.name,
      waitingForTaskToken: this.waitingOnly(e),
    }));
  }

  /** Whether an execution is running something: a state, a wait, an invocation; not only waiting for task tokens. */
  busy(): boolean {
    return [...this.executions.values()].some((e) => e.status === 'RUNNING' && !this.waitingOnly(e));
  }

  /**
   * Resolves once no execution runs anything but waits for task tokens (a Wait state is running: it is waited for,
   * a task token is not, since only someone else can send it).
   */
  async idle(): Promise<void> {
    while (this.busy()) {
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
  }

  /** Stops every execution still running (`ABORTED`); later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const execution of this.executions.values()) {
      this.end(execution, 'ABORTED', { error: 'local mode stopped', cause: 'Local mode stopped while the execution was running.' });
    }
  }

  /** A state machine checked, and made ready for the emulator: refused when it uses what the emulator cannot run faithfully. */
  private prepare(source: LocalStateMachine, emulator: Emulator | undefined, missing: string | undefined): Machine {
    const refuse = (refused: string): Machine => ({ source, tasks: new Map(), refused });
    if (!emulator) {
      return refuse(missing ?? 'aws-local-stepfunctions is missing');
    }
    const unsupported = unsupportedFeatures(source.definition);
    if (unsupported.length > 0) {
      return refuse(`it uses ${unsupported.join(', ')}, which aws-local-stepfunctions ignores.`);
    }
    let invalid: string;
    try {
      invalid = aslErrors(source.definition);
    } catch (error) {
      return refuse((error as Error).message.replace(/^WorkflowTester/, 'local mode'));
    }
    if (invalid) {
      return refuse(`its definition is not valid Amazon States Language: ${invalid.split('\n').join('; ')}.`);
    }
    const tasks = new Map<string, TaskBinding>();
    const problems: string[] = [];
    const names = new Set<string>();
    walkStates(source.definition, (name, state) => {
      if (names.has(name)) {
        problems.push(`the state name '${name}' is used twice`);
      }
      names.add(name);
      if (state.Type === 'Task') {
        const binding = this.bind(name, state, problems);
        if (binding) {
          tasks.set(name, binding);
        }
      }
    });
    if (problems.length > 0) {
      return refuse(`${problems.join('; ')}.`);
    }
    const definition = emulatable(source.definition);
    // the emulator's default task timeout is 60 s; Step Functions' is none (99999999 s)
    if (typeof definition.TimeoutSeconds === 'number' && definition.TimeoutSeconds > MAX_TIMER_SECONDS) {
      delete definition.TimeoutSeconds;
    }
    walkStates(definition, (_name, state) => {
      if (state.Type === 'Task' && state.TimeoutSecondsPath === undefined && !(state.TimeoutSeconds <= MAX_TIMER_SECONDS)) {
        state.TimeoutSeconds = MAX_TIMER_SECONDS;
      }
    });
    // checked above; the emulator's own asl-validator call would cost another 0.3 s
    return { source, tasks, emulated: new emulator.StateMachine(definition, { validationOptions: { noValidate: true } }) };
  }

  /** How a Task state is run; undefined, with the problem noted, when local mode cannot run it. */
  private bind(name: string, state: { [key: string]: any }, problems: string[]): TaskBinding | undefined {
    const resource = state.Resource;
    if (typeof resource === 'string' && LAMBDA_ARN.test(resource)) {
      const fn = this.functionOf(resource);
      if (!fn) {
        problems.push(`the task '${name}' invokes ${resource}, which is not a function local mode runs`);
        return undefined;
      }
      return { kind: 'function', fn };
    }
    if (typeof resource === 'string' && (LAMBDA_INVOKE.test(resource) || LAMBDA_CALLBACK.test(resource))) {
      const kind = LAMBDA_CALLBACK.test(resource) ? 'callback' : 'invoke';
      const parameters = state.Parameters ?? {};
      const timing = {
        ...(typeof state.TimeoutSeconds === 'number' && { timeoutSeconds: state.TimeoutSeconds }),
        ...(typeof state.HeartbeatSeconds === 'number' && { heartbeatSeconds: state.HeartbeatSeconds }),
      };
      if (typeof parameters['FunctionName.$'] === 'string') {
        return { kind, ...timing };
      }
      const fn = typeof parameters.FunctionName === 'string' ? this.functionOf(parameters.FunctionName) : undefined;
      if (!fn) {
        problems.push(`the task '${name}' invokes ${JSON.stringify(parameters.FunctionName)}, which is not a function local mode runs`);
        return undefined;
      }
      return { kind, fn, ...timing };
    }
    problems.push(`the task '${name}' calls ${JSON.stringify(resource)}: only Lambda tasks (a function ARN, lambda:invoke and `
      + 'lambda:invoke.waitForTaskToken) are run');
    return undefined;
  }

  /** The function (logical id) of a name, an ARN (qualified or not) or a partial ARN. */
  private functionOf(reference: string): string | undefined {
    if (reference.startsWith('arn:')) {
      return this.functionsByArn.get(reference.replace(/^(arn:[^:]*:lambda:[^:]*:[^:]*:function:[^:]+):[^:]+$/, '$1'));
    }
    const match = /(?:^|:)function:([^:]+)/.exec(reference);
    return this.functionsByName.get(match ? match[1] : reference.split(':')[0]);
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
      return this.resultOf(await this.invoke(execution, binding.fn, input));
    }
    const fn = binding.fn ?? this.dynamicFunction(input?.FunctionName);
    const payload = input?.Payload === undefined ? {} : input.Payload;
    if (binding.kind === 'invoke') {
      if (input?.InvocationType === 'Event') {
        void this.invoke(execution, fn, payload);
        return sdkResult(202, '');
      }
      return sdkResult(200, this.resultOf(await this.invoke(execution, fn, payload)));
    }
    const waiting = this.await(execution, state, token, binding);
    // settled while the function runs (sent back, or the execution stopped): handled when returned below
    waiting.catch(() => undefined);
    // the execution counts as busy until the outcome is handled, not only while the function runs
    execution.invocations += 1;
    try {
      const outcome = await this.invoke(execution, fn, payload);
      const waiter = this.waiters.get(token);
      if (waiter && !outcome.ok) {
        this.settle(waiter, 'its function failed');
        waiter.reject(lambdaError(outcome));
      } else if (waiter) {
        this.log({ ...this.about(execution), event: 'task-token-waiting', state });
      }
    } finally {
      execution.invocations -= 1;
      this.notify();
    }
    return waiting;
  }

  /** The function a dynamic `FunctionName.$` selected, or the error Lambda answers for an unknown one. */
  private dynamicFunction(name: unknown): string {
    const fn = typeof name === 'string' ? this.functionOf(name) : undefined;
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

  private resultOf(outcome: TaskInvocationOutcome): unknown {
    if (!outcome.ok) {
      throw lambdaError(outcome);
    }
    return outcome.result === undefined ? null : outcome.result;
  }

  /** Registers the token a callback task waits for; the promise settles with what is sent back. */
  private await(execution: Execution, state: string, token: string, binding: TaskBinding & { kind: 'invoke' | 'callback' }): Promise<unknown> {
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
      this.notify();
    });
  }

  /** Starts (again) the task's heartbeat timer, if it has `HeartbeatSeconds`. */
  private armHeartbeat(waiter: Waiter): void {
    if (waiter.heartbeatSeconds === undefined || waiter.heartbeatSeconds > MAX_TIMER_SECONDS) {
      return;
    }
    clearTimeout(waiter.heartbeat);
    waiter.heartbeat = setTimeout(() => {
      this.settle(waiter, `no heartbeat within ${waiter.heartbeatSeconds} s`);
      this.log({ ...this.about(waiter.execution), event: 'task-heartbeat-timed-out', state: waiter.state });
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
      const closed = this.closedTokens.get(token);
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
    this.closedTokens.set(waiter.token, why);
    this.notify();
  }

  /** Ends the execution once: its status, output or error, its tokens closed, the end logged. */
  private end(execution: Execution, status: Exclude<ExecutionStatus, 'RUNNING'>, result: { output?: unknown; error?: string; cause?: string }): void {
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
    for (const waiter of [...this.waiters.values()].filter((w) => w.execution === execution)) {
      this.settle(waiter, `the execution ended ${status}`);
      waiter.reject(taskError('States.Runtime', `The execution ended ${status}.`));
    }
    if (status === 'ABORTED') {
      execution.abort?.();
    }
    const ending = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timed-out', ABORTED: 'aborted' }[status];
    this.log({
      ...this.about(execution),
      event: `execution-${ending}`,
      status,
      durationMs: execution.stopDate.getTime() - execution.startDate.getTime(),
      ...(status !== 'SUCCEEDED' && { error: execution.error, cause: execution.cause }),
    });
    this.notify();
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
      this.log({ ...this.about(execution), event: 'state-entered', state });
    } else if (event.type === 'StateRetried') {
      this.log({ ...this.about(execution), event: 'state-retried', state, attempt: event.retry?.attempt });
    } else if (event.type === 'StateCaught') {
      this.log({ ...this.about(execution), event: 'state-caught', state });
    }
  }

  /** Whether all the execution does is wait for tokens. */
  private waitingOnly(execution: Execution): boolean {
    return execution.invocations === 0 && [...this.waiters.values()].some((waiter) => waiter.execution === execution);
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    listeners.forEach((listener) => listener());
  }

  private about(execution: Execution): object {
    return { component: 'stepfunctions', stateMachine: execution.machine.source.name, execution: execution.name };
  }

  /** The operations of the API, by name: each takes the request and returns the response, or throws a `StepFunctionsError`. */
  private api(): Record<string, AwsJsonOperation> {
    return {
      StartExecution: (request) => {
        const machine = this.machineByArn(required(request, 'stateMachineArn'));
        const input = optional(request, 'input') ?? '{}';
        let value: unknown;
        try {
          value = JSON.parse(input);
        } catch {
          throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not JSON.');
        }
        const started = this.startExecution(machine.source.logicalId, value, optional(request, 'name'));
        return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
      },
      DescribeExecution: (request) => {
        const execution = this.describeExecution(required(request, 'executionArn'));
        return {
          executionArn: execution.executionArn,
          stateMachineArn: execution.stateMachineArn,
          name: execution.name,
          status: execution.status,
          startDate: epochSeconds(execution.startDate),
          ...(execution.stopDate && { stopDate: epochSeconds(execution.stopDate) }),
          input: JSON.stringify(execution.input),
          inputDetails: { included: true },
          ...(execution.status === 'SUCCEEDED' && { output: JSON.stringify(execution.output), outputDetails: { included: true } }),
          ...(execution.error !== undefined && { error: execution.error }),
          ...(execution.cause !== undefined && { cause: execution.cause }),
        };
      },
      StopExecution: (request) => {
        const stopped = this.stopExecution(required(request, 'executionArn'), optional(request, 'error'), optional(request, 'cause'));
        return { stopDate: epochSeconds(stopped.stopDate) };
      },
      ListExecutions: (request) => {
        const machine = this.machineByArn(required(request, 'stateMachineArn'));
        const status = optional(request, 'statusFilter') as ExecutionStatus | undefined;
        const maxResults = typeof request.maxResults === 'number' && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
        const from = Number(optional(request, 'nextToken') ?? 0) || 0;
        const all = this.listExecutions(machine.source.logicalId, status);
        const page = all.slice(from, from + maxResults);
        return {
          executions: page.map((execution) => ({
            executionArn: execution.executionArn,
            stateMachineArn: execution.stateMachineArn,
            name: execution.name,
            status: execution.status,
            startDate: epochSeconds(execution.startDate),
            ...(execution.stopDate && { stopDate: epochSeconds(execution.stopDate) }),
          })),
          ...(from + maxResults < all.length && { nextToken: String(from + maxResults) }),
        };
      },
      SendTaskSuccess: (request) => {
        const token = required(request, 'taskToken');
        const output = required(request, 'output');
        let value: unknown;
        try {
          value = JSON.parse(output);
        } catch {
          throw new StepFunctionsError('InvalidOutput', 'Invalid Output: the output is not JSON.');
        }
        this.sendTaskSuccess(token, value);
        return {};
      },
      SendTaskFailure: (request) => {
        this.sendTaskFailure(required(request, 'taskToken'), optional(request, 'error'), optional(request, 'cause'));
        return {};
      },
      SendTaskHeartbeat: (request) => {
        this.sendTaskHeartbeat(required(request, 'taskToken'));
        return {};
      },
      DescribeStateMachine: (request) => {
        const { source } = this.machineByArn(required(request, 'stateMachineArn'));
        return {
          stateMachineArn: source.arn,
          name: source.name,
          status: 'ACTIVE',
          definition: JSON.stringify(source.definition),
          roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${source.name}`,
          type: source.type,
          creationDate: 0,
        };
      },
      ListStateMachines: () => ({
        stateMachines: this.machines.map(({ source }) => ({ stateMachineArn: source.arn, name: source.name, type: source.type, creationDate: 0 })),
      }),
    };
  }

  private machineByArn(arn: string): Machine {
    const machine = this.machines.find((m) => m.source.arn === arn);
    if (!machine) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    return machine;
  }
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

/** A function's error as the state's: named as Lambda names it, the cause Lambda's error document. */
function lambdaError(outcome: TaskInvocationOutcome & { ok: false }): Error {
  const document = { errorType: outcome.errorType, errorMessage: outcome.errorMessage, trace: outcome.trace ?? [] };
  return taskError(outcome.errorType, JSON.stringify(document));
}

/** An error of a task: `name` is what `Retry` and `Catch` match, the message the cause. */
function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

function describe(execution: Execution): ExecutionDescription {
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

/** Execution names: 1 to 80 characters, no whitespace, brackets, wildcards, special or control characters. */
function checkName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
  }
}

/** The asl-validator findings of a definition, one a line, or nothing. */
function aslErrors(definition: object): string {
  const text = JSON.stringify(definition);
  if (!aslFindings.has(text)) {
    // asl-validator adds fields to what it checks: give it a copy
    const { isValid, errorsText } = loadValidator()(JSON.parse(text));
    aslFindings.set(text, isValid ? '' : errorsText('\n'));
  }
  return aslFindings.get(text)!;
}

function required(request: Record<string, unknown>, field: string): string {
  const value = optional(request, field);
  if (value === undefined) {
    throw new StepFunctionsError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optional(request: Record<string, unknown>, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new StepFunctionsError('SerializationException', `${field} must be a string.`);
  }
  return value;
}

/** A date as the JSON protocol sends timestamps: seconds since the epoch. */
function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}

