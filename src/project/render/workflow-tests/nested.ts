/**
 * The runs of a workflow's test: those of its top-level steps, and the same runs for the steps of
 * its parallel branches and map item processors (retries, catches, choices), each lifted into a
 * run of the whole workflow that reaches the PARALLEL or MAP and hands it the branch's input.
 */
import { pathOf, solve } from './inputs';
import { plainConstraints, Route, routeTo } from './routes';
import { matchesError, routeCases, RunCase, withResultStubs } from './runs';
import { WorkflowStep, WorkflowStepType } from '../../../constructs/workflow-steps';
import { str } from '../typescript';

/** Every run of a list of steps: its own routes, then those inside its PARALLEL and MAP steps, at any depth. */
export function runCases(steps: WorkflowStep[], plain = true): RunCase[] {
  const cases = routeCases(steps, plain);
  for (const step of steps) {
    const found = step.type === WorkflowStepType.PARALLEL || step.type === WorkflowStepType.MAP ? routeTo(steps, step.name) : undefined;
    if (!found) {
      continue;
    }
    const lists = step.type === WorkflowStepType.PARALLEL ? (step.branches ?? []).map((branch) => branch.steps) : [step.itemSteps ?? []];
    lists.forEach((list, index) => {
      // the other branches run alongside, along their plain paths; a branch's own plain path is the container's run
      const siblings = lists.filter((_, other) => other !== index).flatMap(plainConstraints);
      const lifted = runCases(list, false).map((run) => lift(step, { ...found, constraints: [...found.constraints, ...siblings] }, run));
      cases.push(...lifted.filter((run): run is RunCase => run !== undefined));
    });
  }
  return cases;
}

/**
 * A run of a branch's (or an item processor's) steps as a run of the list holding `container`:
 * an input that reaches the container by `route` and gives the branch the run's input (a map
 * gets one item, the run's input, so that each inner step runs once); the branch's stubs; its
 * expectations, except that a failure the container catches goes to the catcher's `next`.
 */
function lift(container: WorkflowStep, route: Route, run: RunCase): RunCase | undefined {
  if (typeof run.input !== 'object' || run.input === null || Array.isArray(run.input)) {
    return undefined;
  }
  const isMap = container.type === WorkflowStepType.MAP;
  const itemsPath = pathOf(container.itemsPath ?? '$');
  const input = !isMap ? solve(route.constraints, leaves(run.input as Record<string, unknown>))
    : itemsPath.length > 0 ? solve(route.constraints, [[itemsPath, [run.input]]])
      : route.constraints.length === 0 ? [run.input] : undefined;
  if (input === undefined) {
    return undefined;
  }
  const catcher = run.failsWith === undefined ? undefined : (container.catch ?? []).find((handler) => matchesError(handler.errors, run.failsWith!));
  return withResultStubs({
    title: `${container.name}${isMap ? ' (one item)' : ''} › ${run.title.replace(/the execution fails with (\S+)$/, catcher ? `it fails with $1, which ${container.name} catches: goes to ${catcher.next}` : '$&')}`,
    input,
    stubs: run.stubs,
    expectations: catcher ? [`expect(run.visited).toContain(${str(catcher.next)});`] : run.expectations,
    failsWith: catcher ? undefined : run.failsWith,
  }, route.tasks);
}

/** The values of an object at their paths: `{ order: { total: 5 } }` → `[[['order', 'total'], 5]]`. */
function leaves(value: Record<string, unknown>, path: string[] = []): Array<[string[], unknown]> {
  return Object.entries(value).flatMap(([key, child]) => (typeof child === 'object' && child !== null && !Array.isArray(child) && Object.keys(child).length > 0
    ? leaves(child as Record<string, unknown>, [...path, key])
    : [[[...path, key], child] as [string[], unknown]]));
}
