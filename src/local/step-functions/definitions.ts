/**
 * The state machines' definitions, checked and made ready for aws-local-stepfunctions: each Task
 * bound to a local function, what the emulator would silently ignore refused, task timeouts
 * stretched to Step Functions' "none".
 *
 * @module
 */
import { Machine, MAX_TIMER_SECONDS, StepFunctionsApp, TaskBinding } from './model';
import { Emulator, emulatable, loadValidator, unsupportedFeatures, walkStates } from '../../testing/local-emulator';
import { LocalStateMachine } from '../local-app';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(?::[^:]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;
const LAMBDA_CALLBACK = /^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/;

/** asl-validator's findings by definition: each call costs about 0.3 s. */
const aslFindings = new Map<string, string>();

/** The app's functions by ARN and by name, as the tasks name them. */
export class TaskFunctions {
  private readonly byArn = new Map<string, string>();
  private readonly byName = new Map<string, string>();

  constructor(functions: StepFunctionsApp['functions']) {
    for (const fn of functions) {
      this.byArn.set(fn.arn, fn.logicalId);
      this.byName.set(fn.name, fn.logicalId);
    }
  }

  /** The function (logical id) of a name, an ARN (qualified or not) or a partial ARN. */
  public of(reference: string): string | undefined {
    if (reference.startsWith('arn:')) {
      return this.byArn.get(reference.replace(/^(arn:[^:]*:lambda:[^:]*:[^:]*:function:[^:]+):[^:]+$/, '$1'));
    }
    const match = /(?:^|:)function:([^:]+)/.exec(reference);
    return this.byName.get(match ? match[1] : reference.split(':')[0]);
  }
}

/**
 * A state machine checked, and made ready for the emulator: refused when the emulator is missing,
 * or when the definition uses what it cannot run faithfully.
 */
export function prepareMachine(
  source: LocalStateMachine,
  functions: TaskFunctions,
  emulator: Emulator | undefined,
  missing: string | undefined,
): Machine {
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
      const binding = bindTask(name, state, functions, problems);
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
function bindTask(name: string, state: { [key: string]: any }, functions: TaskFunctions, problems: string[]): TaskBinding | undefined {
  const resource = state.Resource;
  if (typeof resource === 'string' && LAMBDA_ARN.test(resource)) {
    const fn = functions.of(resource);
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
    const fn = typeof parameters.FunctionName === 'string' ? functions.of(parameters.FunctionName) : undefined;
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
