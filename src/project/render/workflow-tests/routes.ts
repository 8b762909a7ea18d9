/** The routes through a workflow's top-level steps: the step after a step, and the choices on the way to one. */
import { Constraint, pathOf, solve } from './inputs';
import { WorkflowStep, WorkflowStepType } from '../../../constructs/workflow-steps';
import { nextOf } from '../../../constructs/workflow-validation';

/** The step after `step` in its list, unless it ends there. */
export function nextIn(steps: WorkflowStep[], step: WorkflowStep): string | undefined {
  return nextOf(step, steps, steps.indexOf(step));
}

/**
 * The choice constraints of a route from the first step to `target` through steps that keep
 * the state as it is, or undefined when there is none.
 */
export function routeTo(steps: WorkflowStep[], target: string): Route | undefined {
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
export interface Route {
  readonly constraints: Constraint[];
  readonly tasks: WorkflowStep[];
}
