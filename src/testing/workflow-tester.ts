/**
 * Offline tests of a `ServerlessWorkflow`: its definition checked with asl-validator and run with
 * aws-local-stepfunctions, each function a stub.
 */
import { emulatable, loadEmulator, loadValidator, unsupportedFeatures, walkStates } from './local-emulator';

/** What a workflow gives the tester: its Amazon States Language definition. `ServerlessWorkflow` is one. */
export interface IWorkflowDefinition {
  /** The definition as a JSON object, task ARNs resolved. */
  definition(): { [key: string]: any };
}

/** An error a stub fails with, as a function's error reaches Step Functions. */
export interface WorkflowStubError {
  /** The error name that `retry` and `catch` match, e.g. `PaymentDeclined`. */
  readonly error: string;

  /**
   * The human-readable cause.
   *
   * @default - an empty cause
   */
  readonly cause?: string;
}

/**
 * What a TASK or CALLBACK step does in an offline run, instead of invoking its function. For a
 * CALLBACK step, returning stands for `SendTaskSuccess` and failing for `SendTaskFailure`.
 */
export interface WorkflowStub {
  /**
   * The step's result.
   *
   * @default - the step's input, unchanged
   */
  readonly returns?: any;

  /**
   * The error the step fails with: on every call, or on the first `failTimes` calls.
   *
   * @default - the step does not fail
   */
  readonly throws?: WorkflowStubError;

  /**
   * How many calls fail with `throws` before the step returns, e.g. 1 to see a retry succeed.
   *
   * @default - every call fails, if `throws` is set
   */
  readonly failTimes?: number;
}

/** Options of one offline run. */
export interface WorkflowRunOptions {
  /**
   * The stub of each TASK and CALLBACK step, by step name.
   *
   * @default - every step returns its input
   */
  readonly stubs?: { [stepName: string]: WorkflowStub };

  /**
   * Steps entered after which the run is stopped and reported FAILED with the error
   * `WorkflowTester.TooManySteps`: a loop that never ends (a poll whose stub never changes its
   * answer) ends the test instead of hanging it.
   *
   * @default 1000
   */
  readonly maxSteps?: number;
}

/** The error of a run stopped after `maxSteps` steps. */
export const TOO_MANY_STEPS = 'WorkflowTester.TooManySteps';

/** How an execution ended. */
export enum WorkflowRunStatus {
  /** The execution succeeded. */
  SUCCEEDED = 'SUCCEEDED',
  /** The execution failed: an uncaught error or a FAIL step. */
  FAILED = 'FAILED',
}

/** The result of an offline run. */
export interface WorkflowRunResult {
  /** How the execution ended. */
  readonly status: WorkflowRunStatus;

  /**
   * The execution's output.
   *
   * @default - none: the execution failed
   */
  readonly output?: any;

  /**
   * The error name the execution failed with, e.g. a FAIL step's `error` or `States.NoChoiceMatched`.
   *
   * @default - none: the execution succeeded
   */
  readonly error?: string;

  /**
   * The cause the execution failed with.
   *
   * @default - none: the execution succeeded
   */
  readonly cause?: string;

  /** The steps entered, in order, those of branches and item steps included (a retried step once per entry). */
  readonly visited: string[];

  /** How many times each TASK and CALLBACK step was called, retries included. */
  readonly calls: { [stepName: string]: number };
}

/** The resource of a Lambda task that waits for its token. */
const CALLBACK_RESOURCE = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;
/** The token a CALLBACK step's function receives offline. */
const LOCAL_TASK_TOKEN = 'local-task-token';

/**
 * Validates and runs a workflow's definition offline, in-process, in a few milliseconds: each
 * TASK and CALLBACK step is replaced by a stub, WAIT steps and retry intervals take no time, a
 * CALLBACK's token is "sent back" by its stub.
 *
 * Only definitions that the emulator runs faithfully are accepted: those with JSONata or a Map
 * `ItemReader` (which aws-local-stepfunctions silently ignores) are refused.
 *
 * Needs the dev dependencies `aws-local-stepfunctions@^3` and `asl-validator@^4`.
 */
export class WorkflowTester {
  /** A tester of a definition given as JSON, e.g. one read from a file. */
  public static fromDefinition(definition: { [key: string]: any }): WorkflowTester {
    return new WorkflowTester({ definition: () => definition });
  }

  private readonly workflow: IWorkflowDefinition;
  private validated?: { [key: string]: any };

  constructor(workflow: IWorkflowDefinition) {
    this.workflow = workflow;
  }

  /**
   * Checks the definition with asl-validator, and that the emulator can run it; throws with
   * every error found.
   */
  public validate(): void {
    this.checkedDefinition();
  }

  /**
   * Runs the workflow offline with `input` and resolves with how it ended, the steps it went
   * through and how often each function step was called.
   */
  public async run(input: any, options: WorkflowRunOptions = {}): Promise<WorkflowRunResult> {
    const definition = this.checkedDefinition();
    const stubs = options.stubs ?? {};
    const { callbacks, tasks, waits, retrying } = statesOf(definition);
    const functionSteps = [...tasks, ...callbacks];
    for (const [name, stub] of Object.entries(stubs)) {
      if (!functionSteps.includes(name)) {
        throw new Error(`WorkflowTester: \`stubs['${name}']\` names no TASK or CALLBACK step; they are ${functionSteps.map((s) => `'${s}'`).join(', ') || 'none'}.`);
      }
      if (stub.failTimes !== undefined && (!stub.throws || !Number.isInteger(stub.failTimes) || stub.failTimes < 0)) {
        throw new Error(`WorkflowTester: \`stubs['${name}'].failTimes\` needs \`throws\` and a whole number, 0 or more; got ${stub.failTimes}.`);
      }
    }
    const calls: { [stepName: string]: number } = Object.fromEntries(functionSteps.map((name) => [name, 0]));
    const maxSteps = options.maxSteps ?? 1000;
    const visited: string[] = [];
    let stopped = false;
    // a loop without a timer in it never yields to the event loop: count in the handlers too
    const stop = () => {
      if (!stopped) {
        stopped = true;
        execution.abort();
      }
    };
    const handlers = Object.fromEntries(functionSteps.map((name) => [name, (stepInput: any) => {
      calls[name] += 1;
      if (Object.values(calls).reduce((sum, count) => sum + count, 0) > maxSteps) {
        stop();
        throw Object.assign(new Error(`stopped after ${maxSteps} steps`), { name: TOO_MANY_STEPS });
      }
      return stubResult(stubs[name] ?? {}, calls[name], callbacks.includes(name) ? stepInput?.Payload?.input ?? stepInput : stepInput);
    }]));

    const { StateMachine } = loadEmulator();
    // validated above; the emulator's own asl-validator call costs about 0.3 s a run
    const machine = new StateMachine(emulatable(definition), { validationOptions: { noValidate: true } });
    const execution = machine.run(clone(input), {
      overrides: {
        taskResourceLocalHandlers: handlers,
        waitTimeOverrides: Object.fromEntries(waits.map((name) => [name, 0])),
        retryIntervalOverrides: Object.fromEntries(retrying.map((name) => [name, 0])),
      },
      context: { Task: { Token: LOCAL_TASK_TOKEN } },
    });
    const logging = (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered') {
          visited.push(event.state.name);
          if (visited.length > maxSteps) {
            stop();
          }
        }
      }
    })();
    try {
      const output = await execution.result;
      await logging;
      return { status: WorkflowRunStatus.SUCCEEDED, output, visited, calls };
    } catch (thrown) {
      await logging;
      if (stopped) {
        return { status: WorkflowRunStatus.FAILED, error: TOO_MANY_STEPS, cause: `the run did not end within ${maxSteps} steps: a loop that never ends?`, visited, calls };
      }
      const failure = (thrown as { cause?: { name?: string; message?: string } }).cause ?? (thrown as Error);
      return { status: WorkflowRunStatus.FAILED, error: failure.name, cause: failure.message, visited, calls };
    }
  }

  private checkedDefinition(): { [key: string]: any } {
    if (!this.validated) {
      const definition = clone(this.workflow.definition());
      const unsupported = unsupportedFeatures(definition);
      if (unsupported.length > 0) {
        throw new Error(`WorkflowTester: the definition uses ${unsupported.join(', ')}, which aws-local-stepfunctions ignores: it cannot be run offline.`);
      }
      const errors = aslErrors(definition);
      if (errors) {
        throw new Error(`WorkflowTester: the definition is not valid Amazon States Language:\n${errors}`);
      }
      this.validated = definition;
    }
    return this.validated;
  }
}

/** asl-validator's findings by definition: each call builds its JSON schemas anew, about 0.3 s. */
const aslFindings = new Map<string, string>();

/** The errors asl-validator finds in a definition, one a line, or nothing. */
function aslErrors(definition: { [key: string]: any }): string {
  const text = JSON.stringify(definition);
  if (!aslFindings.has(text)) {
    // asl-validator adds fields to what it checks: give it a copy
    const { isValid, errorsText } = loadValidator()(JSON.parse(text));
    aslFindings.set(text, isValid ? '' : errorsText('\n'));
  }
  return aslFindings.get(text)!;
}

/** A stub's answer to its `call`-th call (from 1), or its error. */
function stubResult(stub: WorkflowStub, call: number, stepInput: any): any {
  if (stub.throws && (stub.failTimes === undefined || call <= stub.failTimes)) {
    const error = new Error(stub.throws.cause ?? '');
    error.name = stub.throws.error;
    throw error;
  }
  return stub.returns !== undefined ? clone(stub.returns) : stepInput;
}

/** The names of the states the run overrides, at every depth. */
function statesOf(definition: { [key: string]: any }): { tasks: string[]; callbacks: string[]; waits: string[]; retrying: string[] } {
  const found = { tasks: [] as string[], callbacks: [] as string[], waits: [] as string[], retrying: [] as string[] };
  walkStates(definition, (name, state) => {
    if (state.Type === 'Task') {
      (CALLBACK_RESOURCE.test(state.Resource) ? found.callbacks : found.tasks).push(name);
    }
    if (state.Type === 'Wait') {
      found.waits.push(name);
    }
    if (state.Retry) {
      found.retrying.push(name);
    }
  });
  return found;
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
