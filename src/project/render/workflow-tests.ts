import { CDK_CONTEXT_IMPORT } from './cdk-context';
import { keyMatcher } from '../../constructs/s3-event-bucket-filters';
import { WorkflowChoiceRule, WorkflowStep, WorkflowStepType } from '../../constructs/workflow-steps';
import { nextOf } from '../../constructs/workflow-validation';
import { AppModel, WorkflowModel } from '../model';
import { describeKeys } from './service';
import { CONSTRUCTS_MODULE, lines, literal, str, TESTING_MODULE } from './typescript';

/** Stands for the bucket's name in a pattern: a reference in the template, matched by `expect.anything()`. */
const BUCKET_NAME = '<the bucket name>';

/** A value at a JSONPath of the execution input, or its absence. */
type Constraint = { readonly path: string[]; readonly rule: WorkflowChoiceRule; readonly matches: boolean };

/** One offline run the generated test makes, and what it expects. */
interface RunCase {
  readonly title: string;
  readonly input: unknown;
  readonly stubs?: Record<string, unknown>;
  readonly expectations: string[];
}

/**
 * `test/generated/workflows.test.ts`: each workflow's definition validated as ASL, then run
 * offline with its task functions stubbed, once per route through it that the options declare:
 * each choice rule and default, each parallel join, each map over items, each retry, each
 * catch. Inputs are derived from the choice rules on the way to the step under test; a step
 * that can only be reached through a step that reshapes the state (a PARALLEL or MAP without a
 * `resultPath`) gets no run (docs/patterns/workflows.md says which runs are derived).
 * Top-level steps only: the steps of branches and item processors are run, not targeted.
 */
export function renderWorkflowTests(app: AppModel): string {
  const stackModule = `../../src/generated/${app.stackName}-stack.generated`;
  const workflows = app.services.flatMap((service) => service.workflows.map((workflow) => ({ service, workflow })));
  return lines(
    "import { App, CfnElement } from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    `import { ServerlessWorkflow } from ${str(CONSTRUCTS_MODULE)};`,
    `import { WorkflowTester } from ${str(TESTING_MODULE)};`,
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from ${str(stackModule)};`,
    '',
    `const stack = new ${app.stackClassName}(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Test');`,
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a CloudFormation template is untyped JSON',
    'const resources: Record<string, { Type: string; Properties: Record<string, any> }> = Template.fromStack(stack).toJSON().Resources;',
    '',
    'function logicalId(workflow: ServerlessWorkflow): string {',
    '  return stack.getLogicalId(workflow.stateMachine.node.defaultChild as CfnElement);',
    '}',
    ...workflows.map(({ service, workflow }) => renderWorkflowDescribe(`stack.${service.propertyName}.${workflow.propertyName}`, workflow, app.tracing)),
    '',
  );
}

function renderWorkflowDescribe(ref: string, workflow: WorkflowModel, tracing: boolean): string {
  const cases = runCases(workflow.steps);
  return lines(
    '',
    `describe(${str(`the ${workflow.service} service's ${workflow.name} workflow`)}, () => {`,
    `  const workflow = ${ref};`,
    '  const tester = new WorkflowTester(workflow);',
    '',
    "  test('its definition is valid Amazon States Language', () => {",
    '    expect(() => tester.validate()).not.toThrow();',
    '  });',
    '',
    `  test('${workflow.type === 'EXPRESS' ? 'an' : 'a'} ${workflow.type} state machine that logs ALL events to its log group, without execution data, X-Ray ${tracing ? 'on' : 'off'}', () => {`,
    '    const props = resources[logicalId(workflow)].Properties;',
    `    expect(props.StateMachineType).toBe(${str(workflow.type)});`,
    "    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });",
    `    expect(props.TracingConfiguration?.Enabled ?? false).toBe(${tracing});`,
    '  });',
    workflow.trigger && lines(
      '',
      `  test('started by ${describeTrigger(workflow)}', () => {`,
      "    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule'",
      '      && JSON.stringify(r.Properties.Targets).includes(logicalId(workflow)));',
      '    expect(rules).toHaveLength(1);',
      `    expect(rules[0].Properties.EventPattern).toEqual(${literal(triggerPattern(workflow)).split(str(BUCKET_NAME)).join('expect.anything()')});`,
      '    expect(rules[0].Properties.Targets[0]).toMatchObject({ DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything() });',
      '  });',
    ),
    ...cases.map((run) => lines(
      '',
      `  test(${str(run.title)}, async () => {`,
      `    const run = await tester.run(${literal(run.input)}${run.stubs ? `, { stubs: ${literal(run.stubs)} }` : ''});`,
      ...run.expectations.map((expectation) => `    ${expectation}`),
      '  });',
    )),
    '});',
  );
}

function describeTrigger(workflow: WorkflowModel): string {
  const trigger = workflow.trigger!;
  const created = trigger.objectCreated;
  if (created) {
    const keys = describeKeys({ prefix: created.prefix ?? '', suffix: created.suffix ?? '' });
    return `objects created in bucket ${created.bucket}${keys}${created.minSizeBytes !== undefined ? `, ${created.minSizeBytes} bytes or more` : ''}`;
  }
  return `${(trigger.sources ?? []).join('|') || '(any source)'}/${(trigger.detailTypes ?? []).join('|') || '(any detail type)'}${trigger.detail ? ' with a detail filter' : ''}`;
}

function triggerPattern(workflow: WorkflowModel): object {
  const trigger = workflow.trigger!;
  const created = trigger.objectCreated;
  if (created) {
    // the bucket's name is a reference to the bucket: matched as whatever the template holds
    const key = keyMatcher(created.prefix ?? '', created.suffix ?? '');
    const object = {
      ...(key ? { key: [key] } : {}),
      ...(created.minSizeBytes !== undefined ? { size: [{ numeric: ['>=', created.minSizeBytes] }] } : {}),
    };
    return {
      'source': ['aws.s3'],
      'detail-type': ['Object Created'],
      'detail': { bucket: { name: [BUCKET_NAME] }, ...(Object.keys(object).length > 0 ? { object } : {}) },
    };
  }
  return {
    ...(trigger.sources?.length ? { source: trigger.sources } : {}),
    ...(trigger.detailTypes?.length ? { 'detail-type': trigger.detailTypes } : {}),
    ...(trigger.detail ? { detail: trigger.detail } : {}),
  };
}

/** The runs that exercise each route the top-level steps declare, the plain path first. */
function runCases(steps: WorkflowStep[]): RunCase[] {
  const cases: RunCase[] = [];
  const plain = plainPath(steps);
  if (plain) {
    cases.push(withResultStubs(plain.run, plain.tasks));
  }
  for (const step of steps) {
    const found = routeTo(steps, step.name);
    if (!found) {
      continue;
    }
    const route = found.constraints;
    const firstCase = cases.length;
    const next = nextIn(steps, step);
    switch (step.type) {
      case WorkflowStepType.CHOICE: {
        const rules = step.choices ?? [];
        rules.forEach((rule, index) => {
          const input = solve([...route, ...mismatches(rules.slice(0, index)), { path: pathOf(rule.variable), rule, matches: true }]);
          if (input !== undefined) {
            cases.push({
              title: `${step.name}: ${describeRule(rule)} goes to ${rule.next}`,
              input,
              expectations: [`expect(run.visited).toContain(${str(rule.next)});`],
            });
          }
        });
        const input = solve([...route, ...mismatches(rules)]);
        if (input !== undefined) {
          cases.push(step.defaultNext
            ? { title: `${step.name}: when no rule matches, goes to ${step.defaultNext}`, input, expectations: [`expect(run.visited).toContain(${str(step.defaultNext)});`] }
            : { title: `${step.name}: when no rule matches, the execution fails`, input, expectations: ["expect(run).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });"] });
        }
        break;
      }
      case WorkflowStepType.PARALLEL: {
        const input = solve(route);
        cases.push(...nestedCatchCases(step, input, (step.branches ?? [])[0]?.steps[0]));
        const firsts = (step.branches ?? []).map((branch) => branch.steps[0]?.name).filter((name): name is string => name !== undefined);
        if (input !== undefined) {
          cases.push({
            title: `${step.name}: runs its ${firsts.length} branches${next ? `, then ${next} receives their results` : ''}`,
            input,
            expectations: [
              `expect(run.visited).toEqual(expect.arrayContaining(${literal(firsts)}));`,
              ...(next ? [`expect(run.visited.indexOf(${str(next)})).toBeGreaterThan(Math.max(...${literal(firsts)}.map((name) => run.visited.indexOf(name))));`] : []),
            ],
          });
        }
        break;
      }
      case WorkflowStepType.MAP: {
        const itemsPath = pathOf(step.itemsPath ?? '$');
        const items = [{ item: 1 }, { item: 2 }, { item: 3 }];
        const input = itemsPath.length === 0 ? (route.length === 0 ? items : undefined) : solve(route, [[itemsPath, items]]);
        const first = step.itemSteps?.[0];
        cases.push(...nestedCatchCases(step, input, first));
        if (input !== undefined && first) {
          const counted = first.type === WorkflowStepType.TASK || first.type === WorkflowStepType.CALLBACK;
          cases.push({
            title: `${step.name}: runs ${first.name} for each of 3 items`,
            input,
            expectations: [counted
              ? `expect(run.calls[${str(first.name)}]).toBe(3);`
              : `expect(run.visited.filter((name) => name === ${str(first.name)})).toHaveLength(3);`],
          });
        }
        break;
      }
      case WorkflowStepType.TASK:
      case WorkflowStepType.CALLBACK: {
        const input = solve(route);
        if (input === undefined) {
          break;
        }
        const retry = (step.retry ?? []).find((candidate) => (candidate.maxAttempts ?? 3) > 0);
        const retried = retry && concreteError(retry.errors, 'TransientError');
        if (retry && retried) {
          const error = retried;
          cases.push({
            title: `${step.name}: retried after ${error}, then goes on`,
            input,
            stubs: { [step.name]: { throws: { error }, failTimes: 1 } },
            expectations: [
              `expect(run.calls[${str(step.name)}]).toBe(2);`,
              ...(next ? [`expect(run.visited).toContain(${str(next)});`] : []),
            ],
          });
        }
        (step.catch ?? []).forEach((handler, index) => {
          const error = concreteError(handler.errors, 'CaughtError');
          const takenEarlier = error !== undefined && (step.catch ?? []).slice(0, index).some((earlier) => matchesError(earlier.errors, error));
          if (error !== undefined && !takenEarlier) {
            cases.push({
              title: `${step.name}: a ${error} goes to ${handler.next}`,
              input,
              stubs: { [step.name]: { throws: { error } } },
              expectations: [`expect(run.visited).toContain(${str(handler.next)});`],
            });
          }
        });
        break;
      }
      default:
        break;
    }
    cases.splice(firstCase, cases.length - firstCase, ...cases.slice(firstCase).map((run) => withResultStubs(run, found.tasks)));
  }
  return cases;
}

/**
 * Values the choices read under a task's `resultPath` come from that task, not the input: the
 * stub returns them (a stub that returns its input would put the whole input there).
 */
function withResultStubs(run: RunCase, tasks: WorkflowStep[]): RunCase {
  if (typeof run.input !== 'object' || run.input === null || Array.isArray(run.input)) {
    return run;
  }
  const input = JSON.parse(JSON.stringify(run.input)) as Record<string, unknown>;
  const stubs: Record<string, unknown> = { ...run.stubs };
  for (const task of tasks) {
    const resultPath = pathOf(task.resultPath ?? '$');
    const value = take(input, resultPath);
    if (resultPath.length > 0 && value !== undefined && !stubs[task.name]) {
      stubs[task.name] = { returns: value };
    }
  }
  return { ...run, input, stubs: Object.keys(stubs).length > 0 ? stubs : undefined };
}

/** Removes and returns the value at `path`. */
function take(target: Record<string, unknown>, path: string[]): unknown {
  if (path.length === 0) {
    return undefined;
  }
  const parent = path.slice(0, -1).reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), target);
  if (typeof parent !== 'object' || parent === null) {
    return undefined;
  }
  const value = (parent as Record<string, unknown>)[path[path.length - 1]];
  delete (parent as Record<string, unknown>)[path[path.length - 1]];
  return value;
}

/** A PARALLEL's or MAP's catches, taken when the first task inside fails. */
function nestedCatchCases(step: WorkflowStep, input: unknown, inner: WorkflowStep | undefined): RunCase[] {
  if (input === undefined || !inner || (inner.type !== WorkflowStepType.TASK && inner.type !== WorkflowStepType.CALLBACK)) {
    return [];
  }
  return (step.catch ?? []).flatMap((handler, index) => {
    const error = concreteError(handler.errors, 'CaughtError');
    const takenEarlier = error !== undefined && (step.catch ?? []).slice(0, index).some((earlier) => matchesError(earlier.errors, error));
    // the inner task's own catches would take the error first
    const caughtInside = error !== undefined && (inner.catch ?? []).some((own) => matchesError(own.errors, error));
    return error === undefined || takenEarlier || caughtInside ? [] : [{
      title: `${step.name}: a ${error} in ${inner.name} goes to ${handler.next}`,
      input,
      stubs: { [inner.name]: { throws: { error } } },
      expectations: [`expect(run.visited).toContain(${str(handler.next)});`],
    }];
  });
}

/**
 * The run along the plain path: every task succeeds (returning its input), every choice takes
 * its default (or its first rule, without a default), every map gets 3 items; it ends as the
 * path's last step says.
 */
function plainPath(steps: WorkflowStep[]): { run: RunCase; tasks: WorkflowStep[] } | undefined {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const constraints: Constraint[] = [];
  const fixed: Array<[string[], unknown]> = [];
  const visited: string[] = [];
  let ending = "expect(run.status).toBe('SUCCEEDED');";
  let step = steps[0];
  while (step && !visited.includes(step.name)) {
    visited.push(step.name);
    if (step.type === WorkflowStepType.CHOICE) {
      const rules = step.choices ?? [];
      if (step.defaultNext) {
        constraints.push(...rules.map((rule) => ({ path: pathOf(rule.variable), rule, matches: false })));
        step = byName.get(step.defaultNext)!;
      } else if (rules[0]) {
        constraints.push({ path: pathOf(rules[0].variable), rule: rules[0], matches: true });
        step = byName.get(rules[0].next)!;
      }
      continue;
    }
    if (step.type === WorkflowStepType.FAIL) {
      ending = `expect(run).toMatchObject({ status: 'FAILED'${step.error ? `, error: ${str(step.error)}` : ''} });`;
      break;
    }
    if ((step.type === WorkflowStepType.PARALLEL || step.type === WorkflowStepType.MAP) && (step.resultPath ?? '$') === '$' && nextIn(steps, step)) {
      // the state becomes an array: later steps would need inputs this generator cannot derive
      return undefined;
    }
    if (step.type === WorkflowStepType.MAP) {
      const itemsPath = pathOf(step.itemsPath ?? '$');
      if (itemsPath.length === 0) {
        return undefined;
      }
      fixed.push([itemsPath, [{ item: 1 }, { item: 2 }, { item: 3 }]]);
    }
    const next = nextIn(steps, step);
    step = next === undefined ? undefined! : byName.get(next)!;
  }
  if (step && visited.includes(step.name)) {
    // a loop: with stubs that always answer alike it would never end
    return undefined;
  }
  const input = solve(constraints, fixed);
  if (input === undefined) {
    return undefined;
  }
  const tasks = visited.map((name) => byName.get(name)!).filter((s) => s.type === WorkflowStepType.TASK || s.type === WorkflowStepType.CALLBACK);
  return {
    tasks,
    run: {
      title: `the plain path: ${visited.join(' → ')}`,
      input,
      expectations: [
        ending,
        `expect(run.visited.filter((name) => ${literal(visited)}.includes(name))).toEqual(${literal(visited)});`,
      ],
    },
  };
}

/**
 * An error a stub can throw that the list matches: its first name of the function's own, else
 * `fallback` when the list takes any task error (States.ALL, States.TaskFailed); undefined when
 * it only names Step Functions' own errors (States.Timeout...), which a stub cannot raise.
 */
function concreteError(errors: string[] | undefined, fallback: string): string | undefined {
  const names = errors ?? ['States.ALL'];
  return names.find((error) => !error.startsWith('States.'))
    ?? (names.includes('States.ALL') || names.includes('States.TaskFailed') ? fallback : undefined);
}

function matchesError(errors: string[] | undefined, error: string): boolean {
  const names = errors ?? ['States.ALL'];
  return names.includes('States.ALL') || names.includes('States.TaskFailed') || names.includes(error);
}

/** The step after `step` in its list, unless it ends there. */
function nextIn(steps: WorkflowStep[], step: WorkflowStep): string | undefined {
  return nextOf(step, steps, steps.indexOf(step));
}

/**
 * The choice constraints of a route from the first step to `target` through steps that keep
 * the state as it is, or undefined when there is none.
 */
function routeTo(steps: WorkflowStep[], target: string): Route | undefined {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const tasks: WorkflowStep[] = [];
  const visit = (name: string | undefined, constraints: Constraint[], seen: Set<string>): Constraint[] | undefined => {
    const step = name === undefined ? undefined : byName.get(name);
    if (!step || seen.has(step.name)) {
      return undefined;
    }
    if (step.name === target) {
      return constraints;
    }
    const passing = new Set([...seen, step.name]);
    if (step.type === WorkflowStepType.TASK || step.type === WorkflowStepType.CALLBACK) {
      const found = visit(nextIn(steps, step), constraints, passing);
      if (found) {
        tasks.push(step);
      }
      return found;
    }
    if (step.type === WorkflowStepType.CHOICE) {
      const rules = step.choices ?? [];
      for (const [index, rule] of rules.entries()) {
        const found = visit(rule.next, [...constraints,
          ...rules.slice(0, index).map((earlier) => ({ path: pathOf(earlier.variable), rule: earlier, matches: false })),
          { path: pathOf(rule.variable), rule, matches: true }], passing);
        if (found && solve(found) !== undefined) {
          return found;
        }
      }
      return visit(step.defaultNext, [...constraints, ...rules.map((rule) => ({ path: pathOf(rule.variable), rule, matches: false }))], passing);
    }
    // a PARALLEL or MAP replaces the state with an array, unless its result goes to a path of its own
    const reshapes = (step.type === WorkflowStepType.PARALLEL || step.type === WorkflowStepType.MAP) && (step.resultPath ?? '$') === '$';
    return reshapes ? undefined : visit(nextIn(steps, step), constraints, passing);
  };
  const constraints = visit(steps[0]?.name, [], new Set());
  return constraints && { constraints, tasks };
}

/** A route to a step: the choices' constraints on the input, and the tasks on the way. */
interface Route {
  readonly constraints: Constraint[];
  readonly tasks: WorkflowStep[];
}

/** Constraints that none of `rules` matches. */
function mismatches(rules: WorkflowChoiceRule[]): Constraint[] {
  return rules.map((rule) => ({ path: pathOf(rule.variable), rule, matches: false }));
}

/** `$.order.total` → ['order', 'total']. */
function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\$\.?/, '').split('.').filter((part) => part !== '');
}

function describeRule(rule: WorkflowChoiceRule): string {
  const [comparison, value] = Object.entries(rule).find(([key]) => key !== 'variable' && key !== 'next')!;
  return `${rule.variable} ${comparison} ${JSON.stringify(value)}`;
}

/** Whether `value` (undefined: absent) meets the rule's comparison. */
function meets(rule: WorkflowChoiceRule, value: unknown): boolean {
  if (rule.isPresent !== undefined) {
    return (value !== undefined) === rule.isPresent;
  }
  if (rule.stringEquals !== undefined) {
    return value === rule.stringEquals;
  }
  if (rule.booleanEquals !== undefined) {
    return value === rule.booleanEquals;
  }
  if (typeof value !== 'number') {
    return false;
  }
  if (rule.numericEquals !== undefined) return value === rule.numericEquals;
  if (rule.numericGreaterThan !== undefined) return value > rule.numericGreaterThan;
  if (rule.numericGreaterThanEquals !== undefined) return value >= rule.numericGreaterThanEquals;
  if (rule.numericLessThan !== undefined) return value < rule.numericLessThan;
  if (rule.numericLessThanEquals !== undefined) return value <= rule.numericLessThanEquals;
  return false;
}

/** Values worth trying for a variable: each threshold and its neighbours, the strings, the booleans, absence. */
function candidates(rules: WorkflowChoiceRule[]): unknown[] {
  const numbers = rules
    .flatMap((rule) => [rule.numericEquals, rule.numericGreaterThan, rule.numericGreaterThanEquals, rule.numericLessThan, rule.numericLessThanEquals])
    .filter((n): n is number => n !== undefined)
    .flatMap((n) => [n, n + 1, n - 1, n + 0.5, n - 0.5]);
  const strings = rules.map((rule) => rule.stringEquals).filter((s): s is string => s !== undefined);
  return [...numbers, ...strings, `not-${strings.join('-') || 'matched'}`, true, false, 0, 'value', undefined];
}

/** An input meeting every constraint (and holding the given fixed values), or undefined. */
function solve(constraints: Constraint[], fixed: Array<[string[], unknown]> = []): unknown {
  const byPath = new Map<string, Constraint[]>();
  for (const constraint of constraints) {
    const key = constraint.path.join('.');
    byPath.set(key, [...(byPath.get(key) ?? []), constraint]);
  }
  const input: Record<string, unknown> = {};
  for (const [path, value] of fixed) {
    set(input, path, value);
  }
  for (const [key, group] of byPath) {
    const fixedValue = fixed.find(([path]) => path.join('.') === key);
    const options = fixedValue ? [fixedValue[1]] : candidates(group.map((constraint) => constraint.rule));
    const value = options.find((option) => group.every((constraint) => meets(constraint.rule, option) === constraint.matches));
    if (value === undefined && !group.every((constraint) => meets(constraint.rule, undefined) === constraint.matches)) {
      return undefined;
    }
    if (value !== undefined) {
      if (!set(input, group[0].path, value)) {
        return undefined;
      }
    }
  }
  return input;
}

/** Sets `value` at `path`, creating objects; false when a value already stands in the way. */
function set(target: Record<string, unknown>, path: string[], value: unknown): boolean {
  if (path.length === 0) {
    return false;
  }
  let node = target;
  for (const part of path.slice(0, -1)) {
    const child = node[part];
    if (child === undefined) {
      node[part] = {};
    } else if (typeof child !== 'object' || child === null || Array.isArray(child)) {
      return false;
    }
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return true;
}
