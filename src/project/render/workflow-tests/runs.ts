/** The offline runs of one list of steps: one along the plain path, then one per route its steps declare. */
import { Constraint, describeRule, mismatches, pathOf, solve } from './inputs';
import { nextIn, plainConstraints, routeTo } from './routes';
import { WorkflowStep, WorkflowStepType } from '../../../constructs/workflow-steps';
import { literal, member, str } from '../typescript';

/** One offline run the generated test makes, and what it expects. */
export interface RunCase {
  readonly title: string;
  readonly input: unknown;
  readonly stubs?: Record<string, unknown>;
  readonly expectations: string[];
  /** The error the execution fails with, when that is what the run expects. */
  readonly failsWith?: string;
}

/**
 * The runs that exercise each route the steps of one list declare (a workflow's top-level steps,
 * a branch's, an item processor's), the plain path first unless `plain` is false.
 */
export function routeCases(steps: WorkflowStep[], plain = true): RunCase[] {
  const cases: RunCase[] = [];
  const plainRun = plain ? plainPath(steps) : undefined;
  if (plainRun) {
    cases.push(withResultStubs(plainRun.run, plainRun.tasks));
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
            : {
              title: `${step.name}: when no rule matches, the execution fails with States.NoChoiceMatched`,
              input,
              expectations: ["expect(run).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });"],
              failsWith: 'States.NoChoiceMatched',
            });
        }
        break;
      }
      case WorkflowStepType.PARALLEL: {
        // each branch takes its plain path, its choices' defaults (or first rules) included
        const input = solve([...route, ...(step.branches ?? []).flatMap((branch) => plainConstraints(branch.steps))]);
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
              ? `expect(run.calls${member(first.name)}).toBe(3);`
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
              `expect(run.calls${member(step.name)}).toBe(2);`,
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
export function withResultStubs(run: RunCase, tasks: WorkflowStep[]): RunCase {
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
    if (step.type === WorkflowStepType.PARALLEL) {
      constraints.push(...(step.branches ?? []).flatMap((branch) => plainConstraints(branch.steps)));
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

export function matchesError(errors: string[] | undefined, error: string): boolean {
  const names = errors ?? ['States.ALL'];
  return names.includes('States.ALL') || names.includes('States.TaskFailed') || names.includes(error);
}
