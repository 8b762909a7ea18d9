/**
 * The data of local Step Functions: its public types (what the orchestrator and the API see), its
 * errors, its limits, and the internal records of state machines, executions and tasks.
 *
 * @module
 */
import { Emulator } from '../../testing/local-emulator';
import { AwsJsonApi, AwsJsonError } from '../aws-json';
import { LocalStateMachine } from '../local-app';

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

/** Options of `LocalStepFunctions`. */
export interface LocalStepFunctionsOptions {
  /** Receives a structured entry for each execution started and ended, state entered, retried or caught, task token awaited. */
  readonly log?: (entry: object) => void;
  /**
   * How many ended executions are kept for `DescribeExecution` and `ListExecutions`; the oldest are forgotten first.
   *
   * @default 1000
   */
  readonly endedExecutionsKept?: number;
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
export const MAX_TIMER_SECONDS = 2_147_483;
/** Step Functions' limit on an execution's input and a task's output. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** How a Task state is run: its function by logical id, or, when `Parameters` name it with a path, found at run time. */
export type TaskBinding =
  | { readonly kind: 'function'; readonly fn: string }
  | { readonly kind: 'invoke' | 'callback'; readonly fn?: string; readonly timeoutSeconds?: number; readonly heartbeatSeconds?: number };

/** A state machine, ready to run or refused. */
export interface Machine {
  readonly source: LocalStateMachine;
  readonly tasks: ReadonlyMap<string, TaskBinding>;
  readonly emulated?: InstanceType<Emulator['StateMachine']>;
  /** Why it is not run. */
  readonly refused?: string;
}

/** An execution, as the engine keeps it. */
export interface Execution {
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

/** An error of a task: `name` is what `Retry` and `Catch` match, the message the cause. */
export function taskError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** A function's error as the state's: named as Lambda names it, the cause Lambda's error document. */
export function lambdaError(outcome: TaskInvocationOutcome & { ok: false }): Error {
  const document = { errorType: outcome.errorType, errorMessage: outcome.errorMessage, trace: outcome.trace ?? [] };
  return taskError(outcome.errorType, JSON.stringify(document));
}

/** What log entries about an execution start with. */
export function aboutExecution(execution: Execution): object {
  return { component: 'stepfunctions', stateMachine: execution.machine.source.name, execution: execution.name };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}
