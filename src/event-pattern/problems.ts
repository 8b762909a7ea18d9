/**
 * The reasons EventBridge would refuse an event pattern (`InvalidEventPatternException`), and Lambda a
 * filter of an event source mapping: the same grammar, with fewer operators.
 *
 * @module
 */
import {
  ANYTHING_BUT_OPERATORS, isObject, JsonObject, MAX_OR_COMBINATIONS, NUMERIC_OPERATORS, OPERATORS, OR, ignoreCaseOperand, parseCidr, parseWildcard,
} from './syntax';

/**
 * Who reads a pattern: an EventBridge rule, or Lambda filtering the records of an event source mapping
 * (a stream or a queue). Lambda's filter rules are EventBridge's grammar without `wildcard`, `cidr`
 * and the object forms of `anything-but` (Lambda developer guide, "Filter rule syntax"; the
 * "Pipe support" column of EventBridge's "Comparison operators", pipes filtering as Lambda does).
 */
export type PatternReader = 'eventbridge' | 'lambda';

/** The operators EventBridge has and Lambda's event filtering has not. */
const EVENTBRIDGE_ONLY_OPERATORS = ['cidr', 'wildcard'];

/**
 * The reasons EventBridge would refuse `pattern` (`InvalidEventPatternException`), one sentence each,
 * starting with the JSON path of the offending part, e.g.
 * `detail.amount: numeric needs pairs of an operator (<, <=, =, >, >=) and a number`.
 *
 * Checked: the pattern and every nested pattern are non-empty JSON objects; every field holds a
 * non-empty array or a nested pattern; the array entries are strings, numbers, booleans, `null` or
 * objects with exactly one known operator whose operand has the right shape; `$or` holds at least two
 * patterns and the pattern expands to at most 1000 rule combinations.
 *
 * With `reader` 'lambda', the reasons Lambda would refuse it as a filter of an event source mapping:
 * the same, and the operators Lambda does not know.
 *
 * @param pattern a candidate event pattern, typically straight from `JSON.parse`
 * @param reader who reads it: an EventBridge rule (the default), or Lambda's event filtering
 * @returns the problems found, empty when EventBridge (or Lambda) would accept the pattern
 */
export function eventPatternProblems(pattern: unknown, reader: PatternReader = 'eventbridge'): string[] {
  const problems: string[] = [];
  if (!isObject(pattern)) {
    problems.push(`${label('')}: an event pattern must be a JSON object, not ${describe(pattern)}`);
    return problems;
  }
  objectProblems(pattern, '', problems, reader);
  const combinations = orCombinations(pattern);
  if (combinations > MAX_OR_COMBINATIONS) {
    const limit = `more than the ${MAX_OR_COMBINATIONS} EventBridge allows`;
    problems.push(`${label('')}: $or expands the pattern to ${combinations} rule combinations, ${limit}`);
  }
  return problems;
}

/** Problems of a (nested) pattern object at `path`. */
function objectProblems(pattern: JsonObject, path: string, problems: string[], reader: PatternReader): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    problems.push(`${label(path)}: an empty object is not allowed; give at least one field to match`);
  }
  for (const [key, value] of entries) {
    const at = join(path, key);
    if (key === OR) {
      orProblems(value, at, problems, reader);
    } else if (Array.isArray(value)) {
      fieldProblems(value, at, problems, reader);
    } else if (isObject(value)) {
      objectProblems(value, at, problems, reader);
    } else {
      problems.push(`${at}: must be an array of values to match (e.g. ["x"]) or an object of nested fields, not ${describe(value)}`);
    }
  }
}

/** Problems of a `$or` at `path`: an array of at least two patterns, each valid. */
function orProblems(value: unknown, path: string, problems: string[], reader: PatternReader): void {
  if (!Array.isArray(value)) {
    problems.push(`${path}: $or needs an array of at least two patterns, not ${describe(value)}`);
    return;
  }
  if (value.length < 2) problems.push(`${path}: $or needs an array of at least two patterns, not ${value.length}`);
  value.forEach((alternative, index) => {
    const at = `${path}[${index}]`;
    if (isObject(alternative)) {
      objectProblems(alternative, at, problems, reader);
    } else {
      problems.push(`${at}: each $or alternative must be a pattern object, not ${describe(alternative)}`);
    }
  });
}

/** Problems of a field's array of matchers at `path`. */
function fieldProblems(matchers: unknown[], path: string, problems: string[], reader: PatternReader): void {
  if (matchers.length === 0) {
    problems.push(`${path}: an empty array matches nothing; give at least one value or matcher`);
  }
  for (const matcher of matchers) {
    if (Array.isArray(matcher)) {
      problems.push(`${path}: arrays cannot be nested in a field's array; list the values side by side`);
    } else if (isObject(matcher)) {
      const problem = matcherProblem(matcher) ?? (reader === 'lambda' ? lambdaProblem(matcher) : undefined);
      if (problem !== undefined) problems.push(`${path}: ${problem}`);
    } else if (!isScalar(matcher)) {
      problems.push(`${path}: a value to match must be a string, a number, true, false or null, not ${describe(matcher)}`);
    }
  }
}

/** What is wrong with one operator object of a field's array, if anything. */
function matcherProblem(matcher: JsonObject): string | undefined {
  const keys = Object.keys(matcher);
  if (keys.length !== 1) {
    return `a matcher object must hold exactly one operator, not ${keys.length}${keys.length ? ` (${keys.join(', ')})` : ''}`;
  }
  const operator = keys[0];
  const operand = matcher[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return typeof operand === 'string' || ignoreCaseOperand(operand) !== undefined
        ? undefined
        : `${operator} needs a string or { "equals-ignore-case": "<string>" }, not ${describe(operand)}`;
    case 'equals-ignore-case':
      return typeof operand === 'string' ? undefined : `equals-ignore-case needs a string, not ${describe(operand)}`;
    case 'wildcard':
      return typeof operand === 'string' ? wildcardProblem(operand) : `wildcard needs a string, not ${describe(operand)}`;
    case 'anything-but':
      return anythingButProblem(operand);
    case 'numeric':
      return numericProblem(operand);
    case 'exists':
      return typeof operand === 'boolean' ? undefined : `exists needs true or false, not ${describe(operand)}`;
    case 'cidr':
      if (typeof operand !== 'string') return `cidr needs a string such as "10.0.0.0/24" or "2001:db8::/32", not ${describe(operand)}`;
      if (isSingleAddress(operand)) {
        return `cidr "${operand}" is a single address, which EventBridge refuses as a block; match it as an exact value ("${operand.replace(/\/\d+$/, '')}")`;
      }
      return parseCidr(operand) ? undefined : `cidr "${operand}" is not an IPv4 or IPv6 CIDR block such as "10.0.0.0/24" or "2001:db8::/32"`;
    default:
      return `unknown operator "${operator}"; use one of ${OPERATORS.join(', ')}`;
  }
}

/** What Lambda's event filtering refuses of an operator object EventBridge would take, if anything. */
function lambdaProblem(matcher: JsonObject): string | undefined {
  const [operator] = Object.keys(matcher);
  const unsupported = 'Lambda\'s event filtering does not have it (an EventBridge rule does)';
  if (EVENTBRIDGE_ONLY_OPERATORS.includes(operator)) {
    return `${operator}: ${unsupported}; use one of ${OPERATORS.filter((known) => !EVENTBRIDGE_ONLY_OPERATORS.includes(known)).join(', ')}`;
  }
  if (operator === 'anything-but' && isObject(matcher[operator])) {
    return `anything-but with ${Object.keys(matcher[operator] as JsonObject).join(', ')}: ${unsupported}; give anything-but a string, a number or a list`;
  }
  return undefined;
}

/** Whether a CIDR block has a full-length mask: `10.0.0.1/32`, `2001:db8::1/128`. */
function isSingleAddress(cidr: string): boolean {
  const block = parseCidr(cidr.replace(/\/\d+$/, '/0'));
  return block !== undefined && cidr.endsWith(block.family === 'ipv4' ? '/32' : '/128');
}

/** What is wrong with a wildcard string, if anything. */
function wildcardProblem(wildcard: string): string | undefined {
  const parsed = parseWildcard(wildcard);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** What is wrong with the operand of `anything-but`, if anything. */
function anythingButProblem(operand: unknown): string | undefined {
  const shape = 'anything-but needs a string, a number, a non-empty list of only strings or only numbers, '
    + `or an object with one of ${ANYTHING_BUT_OPERATORS.join(', ')}`;
  if (typeof operand === 'string' || typeof operand === 'number') return undefined;
  if (Array.isArray(operand)) {
    if (operand.length === 0) return `${shape}, not an empty array`;
    const allStrings = operand.every((value) => typeof value === 'string');
    const allNumbers = operand.every((value) => typeof value === 'number');
    return allStrings || allNumbers ? undefined : `${shape}; its list holds ${[...new Set(operand.map(describeType))].join(' and ')}`;
  }
  if (!isObject(operand)) return `${shape}, not ${describe(operand)}`;
  const keys = Object.keys(operand);
  if (keys.length !== 1 || !ANYTHING_BUT_OPERATORS.includes(keys[0])) return `${shape}; got an object with ${keys.join(', ') || 'no keys'}`;
  const inner = operand[keys[0]];
  const values = Array.isArray(inner) ? inner : [inner];
  if (values.length === 0 || !values.every((value) => typeof value === 'string')) {
    return `anything-but { "${keys[0]}" } needs a string or a non-empty list of strings, not ${describe(inner)}`;
  }
  if ((keys[0] === 'prefix' || keys[0] === 'suffix') && values.includes('')) {
    return `anything-but { "${keys[0]}" } needs a non-empty string: EventBridge refuses an empty ${keys[0]}`;
  }
  return keys[0] === 'wildcard' ? values.map((value) => wildcardProblem(value as string)).find((problem) => problem !== undefined) : undefined;
}

/**
 * What is wrong with the operand of `numeric`, if anything: it must be `[op, n]`, or a range
 * `[> or >=, low, < or <=, high]` with low below high.
 */
function numericProblem(operand: unknown): string | undefined {
  const shape = `numeric needs pairs of an operator (${NUMERIC_OPERATORS.join(', ')}) and a number`;
  if (!Array.isArray(operand)) return `${shape}, not ${describe(operand)}`;
  if (operand.length === 0 || operand.length % 2 !== 0) return `${shape}; got ${operand.length} element${operand.length === 1 ? '' : 's'}`;
  for (let i = 0; i < operand.length; i += 2) {
    const [operator, bound] = [operand[i], operand[i + 1]];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.includes(operator)) return `${shape}; ${JSON.stringify(operator)} is not an operator`;
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return `${shape}; ${operator} is followed by ${describe(bound)}`;
  }
  if (operand.length > 4) return `${shape}, at most two of them (a lower and an upper bound)`;
  if (operand.length === 4) {
    const [low, lowBound, high, highBound] = operand as [string, number, string, number];
    if (!(low === '>' || low === '>=') || !(high === '<' || high === '<=')) {
      return `numeric with two comparisons needs a lower bound (> or >=) first and an upper bound (< or <=) second, not ${low} then ${high}`;
    }
    if (lowBound >= highBound) return `numeric range ${low} ${lowBound}, ${high} ${highBound} is empty: the lower bound must be below the upper one`;
  }
  return undefined;
}

/**
 * How many rule combinations `$or` expands a pattern to: the alternatives of one `$or` add up, and
 * the fields and nested objects beside each other multiply.
 */
function orCombinations(pattern: JsonObject): number {
  let combinations = 1;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === OR && Array.isArray(value)) {
      combinations *= value.reduce<number>((sum, alternative) => sum + (isObject(alternative) ? orCombinations(alternative) : 1), 0) || 1;
    } else if (isObject(value)) {
      combinations *= orCombinations(value);
    }
  }
  return combinations;
}

/** A JSON string, number, boolean or null. */
function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The JSON path of `key` inside `path`. */
function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A path as shown in problems, the pattern itself being "(root)". */
function label(path: string): string {
  return path || '(root)';
}

/** The JSON type of a value, in the plural: `strings`, `numbers`, `objects`... */
function describeType(value: unknown): string {
  if (value === null) return 'nulls';
  if (Array.isArray(value)) return 'arrays';
  return typeof value === 'object' ? 'objects' : `${typeof value}s`;
}

/** A short description of a JSON value for problem messages: `a string ("x")`, `an array`, `null`... */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length ? 'an array' : 'an empty array';
  switch (typeof value) {
    case 'string': return `a string (${JSON.stringify(value)})`;
    case 'number': return `a number (${value})`;
    case 'boolean': return `a boolean (${value})`;
    case 'object': return 'an object';
    default: return `a ${typeof value}`;
  }
}
