/** The routes through one list of steps (a workflow's, a branch's): the step after a step, and the choices (its PARALLEL branches' included) on the way to one. */
import { Constraint, mismatches, pathOf, solve } from './inputs';
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
    // a PARALLEL passed on the way runs its branches along their plain paths
    const branches = step.type === WorkflowStepType.PARALLEL ? (step.branches ?? []).flatMap((branch) => plainConstraints(branch.steps)) : [];
    return reshapes ? undefined : visit(nextIn(steps, step), [...constraints, ...branches], passing);
  };
  const constraints = visit(steps[0]?.name, [], new Set());
  return constraints && { constraints, tasks };
}

/**
 * The choices' constraints along a list's plain path (a choice takes its default, else its first
 * rule), its PARALLEL steps' branches included: what the state must hold for a branch to run
 * through as the plain path does.
 */
export function plainConstraints(steps: WorkflowStep[]): Constraint[] {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const constraints: Constraint[] = [];
  const seen = new Set<string>();
  for (let step = steps[0]; step && !seen.has(step.name);) {
    seen.add(step.name);
    let next: string | undefined;
    if (step.type === WorkflowStepType.CHOICE) {
      const rules = step.choices ?? [];
      const taken = rules.slice(0, 1).map((rule) => ({ path: pathOf(rule.variable), rule, matches: true }));
      constraints.push(...(step.defaultNext ? mismatches(rules) : taken));
      next = step.defaultNext ?? rules[0]?.next;
    } else {
      if (step.type === WorkflowStepType.PARALLEL) {
        constraints.push(...(step.branches ?? []).flatMap((branch) => plainConstraints(branch.steps)));
      }
      next = nextIn(steps, step);
    }
    step = next === undefined ? undefined! : byName.get(next)!;
  }
  return constraints;
}

/** A route to a step: the choices' constraints on the input, and the tasks on the way. */
export interface Route {
  readonly constraints: Constraint[];
  readonly tasks: WorkflowStep[];
}
