/** Execution inputs derived from choice rules: what a run must hold to take the route under test. */
import { WorkflowChoiceRule } from '../../../constructs/workflow-steps';

/** A value at a JSONPath of the execution input, or its absence. */
export type Constraint = { readonly path: string[]; readonly rule: WorkflowChoiceRule; readonly matches: boolean };

/** Constraints that none of `rules` matches. */
export function mismatches(rules: WorkflowChoiceRule[]): Constraint[] {
  return rules.map((rule) => ({ path: pathOf(rule.variable), rule, matches: false }));
}

/** `$.order.total` → ['order', 'total']. */
export function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\$\.?/, '').split('.').filter((part) => part !== '');
}

export function describeRule(rule: WorkflowChoiceRule): string {
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
export function solve(constraints: Constraint[], fixed: Array<[string[], unknown]> = []): unknown {
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
