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
 * Wait states and retry intervals take their real time. The parts: `definitions` (checking and
 * binding), `executions` (the engine), `task-tokens` (callbacks and their timers), `api` (the
 * HTTP operations), `model` (types and errors).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stepFunctionsApi } from './api';
import { prepareMachine, TaskFunctions } from './definitions';
import { describe, Executions } from './executions';
import {
  ExecutionDescription, ExecutionStatus, LocalStepFunctionsOptions, Machine, MAX_PAYLOAD_BYTES, RunningExecution, SFN_API, StepFunctionsApp,
  StepFunctionsError, StepFunctionsTargets,
} from './model';
import { Emulator, loadEmulator } from '../../testing/local-emulator';
import { serveAwsJson } from '../aws-json';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalStateMachine } from '../local-app';

export { SFN_API, StepFunctionsError } from './model';
export type {
  ExecutionDescription, ExecutionEvent, ExecutionStatus, LocalStepFunctionsOptions, RunningExecution, StepFunctionsApp, StepFunctionsTargets,
  TaskInvocationOutcome,
} from './model';

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
  private readonly executions: Executions;
  private closed = false;

  /**
   * @param app the state machines and the functions (a `LocalApp` will do)
   * @param targets what invokes the functions
   * @param options logging, how many ended executions are kept
   */
  constructor(app: StepFunctionsApp, targets: StepFunctionsTargets, options: LocalStepFunctionsOptions = {}) {
    const log = options.log;
    // a failing logger must not fail an execution
    const safeLog = (entry: object) => {
      try {
        log?.(entry);
      } catch {
        // ignored
      }
    };
    const functions = new TaskFunctions(app.functions);
    let emulator: Emulator | undefined;
    let missing: string | undefined;
    if (app.stateMachines.length > 0) {
      try {
        emulator = loadEmulator();
      } catch (error) {
        missing = (error as Error).message.replace(/^WorkflowTester/, 'local mode');
      }
    }
    this.machines = app.stateMachines.map((source) => prepareMachine(source, functions, emulator, missing));
    this.limitations = this.machines.filter((machine) => machine.refused)
      .map((machine) => `state machine ${machine.source.name} (${machine.source.logicalId}): not run, ${machine.refused}`);
    this.executions = new Executions(targets, functions, safeLog, options.endedExecutionsKept ?? 1000);
    this.handler = serveAwsJson(SFN_API, stepFunctionsApi(this), 'InternalFailure');
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
    const execution = this.executions.start({ ...machine, emulated: machine.emulated }, arn, executionName, JSON.parse(inputText));
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
    return describe(this.execution(executionArn));
  }

  /** The executions, newest first: all, or those of one state machine (logical id or ARN) and of one status. */
  listExecutions(stateMachine?: string, status?: ExecutionStatus): ExecutionDescription[] {
    return this.executions.list(stateMachine, status);
  }

  /**
   * Stops an execution: it ends `ABORTED`, with this error and cause.
   *
   * @throws StepFunctionsError `ExecutionDoesNotExist`
   */
  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    const execution = this.execution(executionArn);
    this.executions.end(execution, 'ABORTED', { error, cause });
    return { stopDate: execution.stopDate! };
  }

  /**
   * `SendTaskSuccess`: the task waiting for this token succeeds with `output`.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut` (the task no longer waits), `InvalidToken`, `InvalidOutput`
   */
  sendTaskSuccess(taskToken: string, output: unknown): void {
    this.executions.taskTokens.succeed(taskToken, output);
  }

  /**
   * `SendTaskFailure`: the task waiting for this token fails with this error (what `Retry` and `Catch` match) and cause.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut`, `InvalidToken`
   */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.executions.taskTokens.fail(taskToken, error, cause);
  }

  /**
   * `SendTaskHeartbeat`: the task's `HeartbeatSeconds` start again.
   *
   * @throws StepFunctionsError `TaskDoesNotExist`, `TaskTimedOut`, `InvalidToken`
   */
  sendTaskHeartbeat(taskToken: string): void {
    this.executions.taskTokens.heartbeat(taskToken);
  }

  /** The executions still running. */
  running(): RunningExecution[] {
    return this.executions.running();
  }

  /** Whether an execution is running something: a state, a wait, an invocation; not only waiting for task tokens. */
  busy(): boolean {
    return this.executions.busy();
  }

  /**
   * Resolves once no execution runs anything but waits for task tokens (a Wait state is running: it is waited for,
   * a task token is not, since only someone else can send it).
   */
  async idle(): Promise<void> {
    await this.executions.idle();
  }

  /** Stops every execution still running (`ABORTED`); later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const running of this.executions.running()) {
      this.executions.end(this.executions.get(running.executionArn)!, 'ABORTED', {
        error: 'local mode stopped', cause: 'Local mode stopped while the execution was running.',
      });
    }
  }

  /** The state machine of an ARN, for the API. @throws StepFunctionsError `StateMachineDoesNotExist` */
  machineByArn(arn: string): LocalStateMachine {
    const machine = this.machines.find((m) => m.source.arn === arn);
    if (!machine) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    return machine.source;
  }

  /** The app's state machines, run or not. */
  stateMachines(): readonly LocalStateMachine[] {
    return this.machines.map((machine) => machine.source);
  }

  private execution(executionArn: string) {
    const execution = this.executions.get(executionArn);
    if (!execution) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return execution;
  }
}

/** Execution names: 1 to 80 characters, no whitespace, brackets, wildcards, special or control characters. */
function checkName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
  }
}
