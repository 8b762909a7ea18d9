import { WorkflowCatch, WorkflowChoiceRule, WorkflowRetry, WorkflowStep, WorkflowStepType, WorkflowType } from './workflow-steps';

/** A list of steps that transitions stay within: the top level, a branch, or a map's item steps. */
interface StepList {
  /** How messages name it: `the top level`, `branch 1 of 'fulfil'`, `the itemSteps of 'ship-items'`. */
  readonly label: string;
  readonly steps: WorkflowStep[];
}

interface Located {
  readonly step: WorkflowStep;
  readonly list: StepList;
}

/** A transition of a step, named as the step's field that holds it. */
interface Transition {
  readonly field: string;
  readonly target: string;
}

/** The longest state name Step Functions accepts. */
const MAX_NAME_LENGTH = 80;
/** The largest number of seconds Step Functions accepts in `Seconds`, `TimeoutSeconds` and the like. */
const MAX_SECONDS = 99_999_999;
/** An EXPRESS workflow runs at most five minutes. */
export const EXPRESS_MAX_SECONDS = 300;
const ALL_ERRORS = 'States.ALL';
const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Step types that go on to a `next` step (or end); CHOICE, SUCCEED and FAIL do not. */
const NEXTABLE = new Set<WorkflowStepType>([
  WorkflowStepType.TASK,
  WorkflowStepType.CALLBACK,
  WorkflowStepType.PARALLEL,
  WorkflowStepType.MAP,
  WorkflowStepType.WAIT,
]);

/** Step types that invoke a function of `tasks`. */
export const FUNCTION_STEPS = new Set<WorkflowStepType>([WorkflowStepType.TASK, WorkflowStepType.CALLBACK]);

/** The fields each type of step takes, besides `name` and `type`. */
const FIELDS: Record<WorkflowStepType, string[]> = {
  [WorkflowStepType.TASK]: ['next', 'end', 'retry', 'catch', 'resultPath', 'timeoutSeconds'],
  [WorkflowStepType.CALLBACK]: ['next', 'end', 'retry', 'catch', 'resultPath', 'timeoutSeconds', 'heartbeatSeconds'],
  [WorkflowStepType.PARALLEL]: ['next', 'end', 'catch', 'resultPath', 'branches'],
  [WorkflowStepType.MAP]: ['next', 'end', 'catch', 'resultPath', 'itemsPath', 'maxConcurrency', 'itemSteps'],
  [WorkflowStepType.CHOICE]: ['choices', 'defaultNext'],
  [WorkflowStepType.WAIT]: ['next', 'end', 'waitSeconds', 'timestampPath'],
  [WorkflowStepType.SUCCEED]: [],
  [WorkflowStepType.FAIL]: ['error', 'cause'],
};

/** The comparisons of a choice rule; a rule has exactly one. */
export const COMPARISONS = [
  'stringEquals',
  'numericEquals',
  'numericGreaterThan',
  'numericGreaterThanEquals',
  'numericLessThan',
  'numericLessThanEquals',
  'booleanEquals',
  'isPresent',
] as const;

/**
 * The step a step goes on to: its `next`, else the step after it in its list; none for a step
 * with `end`, the last of its list, or a CHOICE, SUCCEED or FAIL.
 */
export function nextOf(step: WorkflowStep, steps: WorkflowStep[], index: number): string | undefined {
  if (!NEXTABLE.has(step.type) || step.end) {
    return undefined;
  }
  return step.next ?? steps[index + 1]?.name;
}

/** Every step of a list, then the steps of its branches and item processors, depth first. */
export function allSteps(steps: readonly WorkflowStep[]): WorkflowStep[] {
  return steps.flatMap((step) => [
    step,
    ...allSteps((step.branches ?? []).flatMap((branch) => branch.steps ?? [])),
    ...allSteps(step.itemSteps ?? []),
  ]);
}

/** The steps that run a function of `tasks` (TASK and CALLBACK), nested ones included. */
export function functionStepsOf(steps: readonly WorkflowStep[]): WorkflowStep[] {
  return allSteps(steps).filter((step) => FUNCTION_STEPS.has(step.type));
}

/**
 * Checks a workflow's steps and the functions of its TASK and CALLBACK steps; throws one error
 * listing every problem found, each naming `where`, the step and what is allowed.
 */
export function checkSteps(where: string, steps: WorkflowStep[], functionSteps: string[], type: WorkflowType): void {
  const problems = stepProblems(where, steps, functionSteps, type);
  if (problems.length > 0) {
    throw new Error(problems.join('\n'));
  }
}

/**
 * The problems of a workflow's steps, given the names of the steps that have a function, each
 * starting with `where`: `ServerlessWorkflow` throws them, `npx projen` reports them with the
 * other option errors. Checked in three rounds, each only if the one before found nothing:
 * each step on its own, then the names it refers to, then each list as a graph.
 */
export function stepProblems(where: string, steps: WorkflowStep[], functionSteps: string[], type: WorkflowType): string[] {
  const located = new Map<string, Located>();
  const lists: StepList[] = [];
  // 1. each step on its own: name, type, fields, values
  const problems = collect(where, { label: 'the top level', steps }, located, lists, type);
  if (problems.length > 0) {
    return problems;
  }
  // 2. functions and transitions: every name refers to a step of the same list
  for (const { step } of located.values()) {
    if (FUNCTION_STEPS.has(step.type) && !functionSteps.includes(step.name)) {
      problems.push(`${where}: step '${step.name}' is a ${step.type} step without a function: add \`tasks['${step.name}']\`.`);
    }
  }
  for (const name of functionSteps) {
    const found = located.get(name);
    if (!found) {
      const named = [...located.values()].map((l) => l.step).filter((s) => FUNCTION_STEPS.has(s.type));
      problems.push(`${where}: \`tasks['${name}']\` names no step; the TASK and CALLBACK steps are ${namesOf(named)}.`);
    } else if (!FUNCTION_STEPS.has(found.step.type)) {
      problems.push(`${where}: \`tasks['${name}']\` is for a ${found.step.type} step; only TASK and CALLBACK steps take a function.`);
    }
  }
  for (const { step, list } of located.values()) {
    for (const { field, target } of transitionsOf(step)) {
      problems.push(...checkTarget(where, step, list, field, target, located));
    }
  }
  if (problems.length > 0) {
    return problems;
  }
  // 3. each list as a graph: every step reached, no loop that never ends
  return lists.flatMap((list) => [...checkReachable(where, list), ...checkLoops(where, list)]);
}

function collect(where: string, list: StepList, located: Map<string, Located>, lists: StepList[], type: WorkflowType): string[] {
  lists.push(list);
  if (!list.steps || list.steps.length === 0) {
    return [`${where}: ${list.label} has no steps.`];
  }
  const errors: string[] = [];
  for (const step of list.steps) {
    const at = `${where}: step '${step.name}'`;
    if (typeof step.name !== 'string' || !KEBAB_CASE.test(step.name) || step.name.length > MAX_NAME_LENGTH) {
      errors.push(`${at}: \`name\` must be kebab-case (lower-case letters, digits and single dashes), at most ${MAX_NAME_LENGTH} characters.`);
    }
    if (located.has(step.name)) {
      errors.push(`${at}: the name is already used in ${located.get(step.name)!.list.label}; step names are unique in a workflow, branches and item steps included.`);
    } else {
      located.set(step.name, { step, list });
    }
    if (!Object.keys(FIELDS).includes(step.type)) {
      errors.push(`${at}: \`type\` must be one of ${Object.keys(FIELDS).join(', ')}; got ${step.type}.`);
      continue;
    }
    errors.push(...checkFields(at, step), ...checkValues(at, step, type));
    (step.branches ?? []).forEach((branch, index) => {
      errors.push(...collect(where, { label: `branch ${index + 1} of '${step.name}'`, steps: branch.steps }, located, lists, type));
    });
    if (step.itemSteps) {
      errors.push(...collect(where, { label: `the itemSteps of '${step.name}'`, steps: step.itemSteps }, located, lists, type));
    }
  }
  return errors;
}

function checkFields(at: string, step: WorkflowStep): string[] {
  const allowed = FIELDS[step.type];
  const extra = Object.entries(step)
    .filter(([key, value]) => value !== undefined && key !== 'name' && key !== 'type' && !allowed.includes(key))
    .map(([key]) => `\`${key}\``);
  if (extra.length === 0) {
    return [];
  }
  const takes = allowed.length > 0 ? `takes ${allowed.map((key) => `\`${key}\``).join(', ')}` : 'takes nothing but `name` and `type`';
  return [`${at}: ${extra.join(', ')} ${extra.length > 1 ? 'do' : 'does'} not apply to a ${step.type} step; a ${step.type} step ${takes}.`];
}

function checkValues(at: string, step: WorkflowStep, type: WorkflowType): string[] {
  const errors: string[] = [];
  if (step.next !== undefined && step.end) {
    errors.push(`${at}: set \`next\` or \`end\`, not both.`);
  }
  errors.push(...checkPath(at, 'resultPath', step.resultPath));
  (step.retry ?? []).forEach((retry, index) => errors.push(...checkRetry(`${at}: \`retry[${index}]\``, retry, index === step.retry!.length - 1)));
  (step.catch ?? []).forEach((c, index) => errors.push(...checkCatch(`${at}: \`catch[${index}]\``, c, index === step.catch!.length - 1)));
  errors.push(...checkWhole(at, 'timeoutSeconds', step.timeoutSeconds, 1, MAX_SECONDS));
  switch (step.type) {
    case WorkflowStepType.CALLBACK:
      if (step.timeoutSeconds === undefined) {
        errors.push(`${at}: a CALLBACK step needs \`timeoutSeconds\`: without it, a token never sent back keeps the execution waiting for a year.`);
      }
      errors.push(...checkWhole(at, 'heartbeatSeconds', step.heartbeatSeconds, 1, MAX_SECONDS));
      if (step.heartbeatSeconds !== undefined && step.timeoutSeconds !== undefined && step.heartbeatSeconds >= step.timeoutSeconds) {
        errors.push(`${at}: \`heartbeatSeconds\` must be less than \`timeoutSeconds\`; got ${step.heartbeatSeconds} and ${step.timeoutSeconds}.`);
      }
      if (type === WorkflowType.EXPRESS) {
        errors.push(`${at}: CALLBACK steps need a STANDARD workflow: EXPRESS workflows do not support the task token callback (.waitForTaskToken).`);
      }
      break;
    case WorkflowStepType.PARALLEL:
      if (!step.branches || step.branches.length === 0) {
        errors.push(`${at}: a PARALLEL step needs \`branches\`, each with its \`steps\`.`);
      }
      break;
    case WorkflowStepType.MAP:
      if (!step.itemSteps || step.itemSteps.length === 0) {
        errors.push(`${at}: a MAP step needs \`itemSteps\`, the steps run for each item.`);
      }
      errors.push(...checkPath(at, 'itemsPath', step.itemsPath));
      errors.push(...checkWhole(at, 'maxConcurrency', step.maxConcurrency, 0, 10_000));
      break;
    case WorkflowStepType.CHOICE:
      if (!step.choices || step.choices.length === 0) {
        errors.push(`${at}: a CHOICE step needs \`choices\`, at least one rule.`);
      }
      (step.choices ?? []).forEach((rule, index) => errors.push(...checkRule(`${at}: \`choices[${index}]\``, rule)));
      break;
    case WorkflowStepType.WAIT:
      if ((step.waitSeconds === undefined) === (step.timestampPath === undefined)) {
        errors.push(`${at}: a WAIT step needs \`waitSeconds\` or \`timestampPath\`, exactly one of them.`);
      }
      errors.push(...checkWhole(at, 'waitSeconds', step.waitSeconds, 0, type === WorkflowType.EXPRESS ? EXPRESS_MAX_SECONDS : MAX_SECONDS));
      errors.push(...checkPath(at, 'timestampPath', step.timestampPath));
      break;
  }
  return errors;
}

function checkRetry(at: string, retry: WorkflowRetry, last: boolean): string[] {
  return [
    ...checkErrors(at, retry.errors, last, 'retrier'),
    ...checkWhole(at, 'intervalSeconds', retry.intervalSeconds, 1, MAX_SECONDS),
    ...checkWhole(at, 'maxAttempts', retry.maxAttempts, 0, 99),
    ...(retry.backoffRate !== undefined && !(retry.backoffRate >= 1) ? [`${at}.backoffRate must be 1 or more; got ${retry.backoffRate}.`] : []),
  ];
}

function checkCatch(at: string, c: WorkflowCatch, last: boolean): string[] {
  return [...checkErrors(at, c.errors, last, 'catcher'), ...checkPath(at, 'resultPath', c.resultPath)];
}

function checkErrors(at: string, errors: string[] | undefined, last: boolean, what: string): string[] {
  if (errors === undefined) {
    return last ? [] : [`${at}: with no \`errors\` it handles ${ALL_ERRORS}, so it must be the last ${what}.`];
  }
  if (errors.length === 0) {
    return [`${at}.errors is empty; leave it out to handle every error (${ALL_ERRORS}).`];
  }
  if (errors.includes(ALL_ERRORS) && (errors.length > 1 || !last)) {
    return [`${at}.errors: ${ALL_ERRORS} must be the only error of the last ${what}.`];
  }
  return [];
}

function checkRule(at: string, rule: WorkflowChoiceRule): string[] {
  const errors = checkPath(at, 'variable', rule.variable);
  if (rule.variable === undefined) {
    errors.push(`${at} needs \`variable\`, the JSONPath of the value compared.`);
  }
  const comparisons = COMPARISONS.filter((comparison) => rule[comparison] !== undefined);
  if (comparisons.length !== 1) {
    const got = comparisons.length === 0 ? 'none' : comparisons.map((c) => `\`${c}\``).join(', ');
    errors.push(`${at} must have exactly one comparison (${COMPARISONS.join(', ')}); got ${got}. Use one rule per comparison, in order.`);
  }
  return errors;
}

function checkPath(at: string, field: string, value: string | undefined): string[] {
  if (value === undefined || (typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$'))) {
    return [];
  }
  return [`${at}: \`${field}\` must be a JSONPath on the state, starting with \`$\`; got ${JSON.stringify(value)}.`];
}

function checkWhole(at: string, field: string, value: number | undefined, min: number, max: number): string[] {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  return [`${at}: \`${field}\` must be a whole number from ${min} to ${max}; got ${value}.`];
}

/** Every step name a step refers to, with the field that holds it. */
function transitionsOf(step: WorkflowStep): Transition[] {
  return [
    ...(step.next !== undefined ? [{ field: 'next', target: step.next }] : []),
    ...(step.catch ?? []).map((c, index) => ({ field: `catch[${index}].next`, target: c.next })),
    ...(step.choices ?? []).map((rule, index) => ({ field: `choices[${index}].next`, target: rule.next })),
    ...(step.defaultNext !== undefined ? [{ field: 'defaultNext', target: step.defaultNext }] : []),
  ];
}

function checkTarget(where: string, step: WorkflowStep, list: StepList, field: string, target: string, located: Map<string, Located>): string[] {
  const at = `${where}: step '${step.name}'`;
  const found = located.get(target);
  if (!found) {
    return [`${at}: \`${field}\` names '${target}', which is no step of the workflow; the steps of ${list.label} are ${namesOf(list.steps)}.`];
  }
  if (found.list !== list) {
    return [
      `${at}: \`${field}\` names '${target}', which is in ${found.list.label} while '${step.name}' is in ${list.label}: ` +
      `a transition cannot cross a branch or map boundary; name a step of ${list.label} (${namesOf(list.steps)}).`,
    ];
  }
  return [];
}

function namesOf(steps: WorkflowStep[]): string {
  return steps.length > 0 ? steps.map((s) => `'${s.name}'`).join(', ') : 'none';
}

function checkReachable(where: string, list: StepList): string[] {
  const byName = new Map(list.steps.map((step, index) => [step.name, index]));
  const reached = new Set<string>();
  const pending = [list.steps[0].name];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reached.has(name)) {
      continue;
    }
    reached.add(name);
    const index = byName.get(name)!;
    const step = list.steps[index];
    const next = nextOf(step, list.steps, index);
    pending.push(...(next ? [next] : []), ...transitionsOf(step).map((t) => t.target));
  }
  return list.steps
    .filter((step) => !reached.has(step.name))
    .map((step) => `${where}: step '${step.name}' is never reached in ${list.label}: no \`next\`, \`catch\`, choice or \`defaultNext\` names it, and the step before it does not go on to it.`);
}

/** A loop of `next` transitions with no WAIT or CHOICE in it never ends. */
function checkLoops(where: string, list: StepList): string[] {
  const nextByName = new Map<string, string | undefined>();
  list.steps.forEach((step, index) => {
    // a WAIT paces a loop and a CHOICE can leave it: the loops through them are not endless
    const breaks = step.type === WorkflowStepType.WAIT || step.type === WorkflowStepType.CHOICE;
    nextByName.set(step.name, breaks ? undefined : nextOf(step, list.steps, index));
  });
  const errors: string[] = [];
  const done = new Set<string>();
  for (const start of nextByName.keys()) {
    const path: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !done.has(current) && !path.includes(current)) {
      path.push(current);
      current = nextByName.get(current);
    }
    if (current !== undefined && path.includes(current)) {
      const loop = [...path.slice(path.indexOf(current)), current];
      errors.push(`${where}: steps ${loop.map((name) => `'${name}'`).join(' -> ')} loop without a WAIT or CHOICE, so the execution never ends: put a CHOICE in the loop to leave it (and a WAIT to pace it).`);
    }
    path.forEach((name) => done.add(name));
  }
  return errors;
}
