/**
 * A workflow written as data: the steps of a Step Functions state machine, as jsii structs, so
 * that `.projenrc.ts` options and `ServerlessWorkflow` share one shape.
 */

/** What a step does. */
export enum WorkflowStepType {
  /** Invokes the step's Lambda function; its result becomes the step's output. */
  TASK = 'TASK',
  /** Invokes the step's Lambda function with a task token and waits until the token is sent back. */
  CALLBACK = 'CALLBACK',
  /** Runs `branches` at the same time; the next step receives the array of their outputs. */
  PARALLEL = 'PARALLEL',
  /** Runs `itemSteps` for each item of the array at `itemsPath`, `maxConcurrency` at a time. */
  MAP = 'MAP',
  /** Goes to the `next` of the first matching rule of `choices`, else to `defaultNext`. */
  CHOICE = 'CHOICE',
  /** Waits `waitSeconds`, or until the timestamp at `timestampPath`. */
  WAIT = 'WAIT',
  /** Ends the execution successfully. */
  SUCCEED = 'SUCCEED',
  /** Ends the execution with `error` and `cause`. */
  FAIL = 'FAIL',
}

/** Kind of a workflow, chosen for its duration and price. */
export enum WorkflowType {
  /** Up to a year, exactly-once steps, execution history: business processes. */
  STANDARD = 'STANDARD',
  /** Up to 5 minutes, at-least-once, priced per request and duration: high-volume event processing. */
  EXPRESS = 'EXPRESS',
}

/** A retry of a task when it fails with one of `errors`. */
export interface WorkflowRetry {
  /**
   * Error names it applies to, e.g. `States.Timeout` or an error your function throws.
   *
   * @default ["States.ALL"]
   */
  readonly errors?: string[];

  /**
   * Seconds before the first retry.
   *
   * @default 2
   */
  readonly intervalSeconds?: number;

  /**
   * Retries, 0-99.
   *
   * @default 3
   */
  readonly maxAttempts?: number;

  /**
   * Multiplier of the interval at each retry, 1 or more.
   *
   * @default 2
   */
  readonly backoffRate?: number;
}

/** Where a task goes when it fails with one of `errors` (after its retries). */
export interface WorkflowCatch {
  /**
   * Error names it applies to.
   *
   * @default ["States.ALL"]
   */
  readonly errors?: string[];

  /** The step to go to. */
  readonly next: string;

  /**
   * Where the error is put in the state, a JSONPath.
   *
   * @default "$.error"
   */
  readonly resultPath?: string;
}

/** A rule of a CHOICE step: exactly one comparison on `variable`. */
export interface WorkflowChoiceRule {
  /** JSONPath of the value compared, e.g. `$.total`. */
  readonly variable: string;

  /** The step to go to when the rule matches. */
  readonly next: string;

  /** @default - not compared */
  readonly stringEquals?: string;
  /** @default - not compared */
  readonly numericEquals?: number;
  /** @default - not compared */
  readonly numericGreaterThan?: number;
  /** @default - not compared */
  readonly numericGreaterThanEquals?: number;
  /** @default - not compared */
  readonly numericLessThan?: number;
  /** @default - not compared */
  readonly numericLessThanEquals?: number;
  /** @default - not compared */
  readonly booleanEquals?: boolean;
  /** Whether the variable must be present (true) or absent (false). @default - not compared */
  readonly isPresent?: boolean;
}

/** A branch of a PARALLEL step. */
export interface WorkflowBranch {
  /** The branch's steps; it starts at the first. */
  readonly steps: WorkflowStep[];
}

/** A step of a workflow. Fields that do not apply to its `type` are rejected. */
export interface WorkflowStep {
  /** Name, kebab-case, unique in the workflow (branches and item steps included). */
  readonly name: string;

  /** What the step does. */
  readonly type: WorkflowStepType;

  /**
   * The step that follows (not for CHOICE, SUCCEED, FAIL).
   *
   * @default - the step after it in its list; the last one ends the execution (or its branch)
   */
  readonly next?: string;

  /**
   * Whether the step ends the execution (or its branch, or its item), even if steps follow it
   * in the list.
   *
   * @default false
   */
  readonly end?: boolean;

  /**
   * TASK and CALLBACK: retries, after the transient Lambda errors that are always retried.
   *
   * @default - only the transient Lambda errors are retried
   */
  readonly retry?: WorkflowRetry[];

  /**
   * TASK, CALLBACK, PARALLEL and MAP: where failures go.
   *
   * @default - a failure fails the execution
   */
  readonly catch?: WorkflowCatch[];

  /**
   * TASK, CALLBACK, PARALLEL and MAP: where the step's result goes in the state, a JSONPath.
   *
   * @default "$": the result replaces the state
   */
  readonly resultPath?: string;

  /** PARALLEL: the branches. @default - none */
  readonly branches?: WorkflowBranch[];

  /** MAP: JSONPath of the array whose items are processed. @default "$" */
  readonly itemsPath?: string;

  /** MAP: items processed at a time, 0 for no limit. @default 10 */
  readonly maxConcurrency?: number;

  /** MAP: the steps run for each item. @default - none */
  readonly itemSteps?: WorkflowStep[];

  /** CHOICE: the rules, tried in order. @default - none */
  readonly choices?: WorkflowChoiceRule[];

  /** CHOICE: the step when no rule matches. @default - no default: the execution fails with States.NoChoiceMatched */
  readonly defaultNext?: string;

  /** WAIT: seconds to wait. @default - `timestampPath` */
  readonly waitSeconds?: number;

  /** WAIT: JSONPath of an ISO 8601 timestamp to wait until. @default - `waitSeconds` */
  readonly timestampPath?: string;

  /** CALLBACK: seconds without a heartbeat after which the step fails. @default - no heartbeat */
  readonly heartbeatSeconds?: number;

  /** TASK and CALLBACK: seconds after which the step fails with States.Timeout. Required for CALLBACK. @default - the function's timeout (TASK) */
  readonly timeoutSeconds?: number;

  /** FAIL: the error name. @default - none */
  readonly error?: string;

  /** FAIL: the human-readable cause. @default - none */
  readonly cause?: string;
}
