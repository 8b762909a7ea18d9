/** What every check uses: where a problem is, and the checks of numbers, names and project paths. */
import { KEBAB_CASE } from '../names';

/** What a check reports a problem against: where in the options, and whose. */
export interface Place {
  readonly where: string;
  readonly label: string;
}

/** A relative path inside the project, without `..`. */
export const PROJECT_FILE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_./-]+$/;

/** Whether `value` is a whole number from `min` to `max`. */
export function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** The values that occur more than once, each once. */
export function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/** Names of a list of a service's resources: kebab-case and unique. */
export function checkNames(items: Array<{ readonly name: string }> | undefined, where: string, what: string, example: string): string[] {
  const names = (items ?? []).map((item) => item.name);
  const problems = names.filter((name) => !KEBAB_CASE.test(name ?? '')).map((name) => `\`${where}\` must name each ${what} in kebab-case (like ${example}); got '${name}'.`);
  duplicates(names).forEach((name) => {
    problems.push(`\`${where}\` names '${name}' more than once; ${what} names must be unique in a service.`);
  });
  return problems;
}

export function wholeNumber(where: string, value: number | undefined, min: number, max: number, why?: string): string[] {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return [`\`${where}\` must be a whole number ${range}${why ? ` (${why})` : ''}; got ${value}.`];
}

/** A cycle of the graph, as its nodes in order, if it has one. */
export function cycleOf(next: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    const seen = path.indexOf(node);
    if (seen >= 0) {
      return path.slice(seen);
    }
    if (done.has(node)) {
      return undefined;
    }
    for (const target of next.get(node) ?? []) {
      const cycle = visit(target, [...path, node]);
      if (cycle) {
        return cycle;
      }
    }
    done.add(node);
    return undefined;
  };
  for (const node of next.keys()) {
    const cycle = visit(node, []);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}
