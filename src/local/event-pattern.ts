/**
 * An offline EventBridge event-pattern matcher for local mode: decides whether an event would be
 * routed by a rule, and lists the reasons EventBridge would refuse a pattern, without calling AWS.
 *
 * It follows the EventBridge user guide ("Event patterns", "Arrays in event patterns", "Content
 * filtering in event patterns", "Comparison operators"):
 *
 * - the fields of a pattern are ANDed; the values of a field's array are ORed;
 * - a nested pattern object matches the nested event object (or, when the event holds an array of
 *   objects, any one of them, all the pattern's fields on the same element);
 * - a field's array matches when the event value, or when that value is an array any element of
 *   it, matches one of its entries;
 * - the entries are exact values (strings, numbers compared by value, `true`, `false`, `null`) or
 *   one-operator objects: `prefix`, `suffix` (both also with `{ "equals-ignore-case": ... }`),
 *   `equals-ignore-case`, `wildcard`, `anything-but`, `numeric`, `exists` and `cidr`;
 * - `"$or": [ {pattern}, {pattern}, ... ]`, at any object level, matches when one of the
 *   alternatives matches the object it sits in.
 *
 * Everything here is a pure function of plain JSON values; `net.BlockList` does the CIDR arithmetic.
 */
import * as net from 'node:net';

/** An EventBridge event pattern, as JSON: field names mapped to arrays of matchers or to nested patterns. */
export type EventPattern = { [key: string]: unknown };

type JsonObject = { [key: string]: unknown };

/** The key that makes the patterns in its array alternatives instead of a field to match. */
const OR = '$or';
/** The operators a matcher object in a field's array may use (`exists` included). */
const OPERATORS = ['anything-but', 'cidr', 'equals-ignore-case', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard'];
/** The operators `anything-but` accepts in its object form. */
const ANYTHING_BUT_OPERATORS = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'];
/** The comparisons `numeric` knows, in the wording used by the problem messages. */
const NUMERIC_OPERATORS = ['<', '<=', '=', '>', '>='];
/** EventBridge refuses a pattern whose `$or` arrays expand to more rule combinations than this. */
const MAX_OR_COMBINATIONS = 1000;

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/**
 * Whether `event` matches `pattern`, as an EventBridge rule with that pattern would decide.
 *
 * The pattern is assumed valid (see {@link eventPatternProblems}); a part of it EventBridge would
 * refuse (an unknown operator, a malformed `numeric`...) never matches. An event that is not a JSON
 * object matches nothing.
 *
 * Numbers are compared by value, so `300` matches `300.0` and `3.0e2`: once parsed, JavaScript
 * cannot tell them apart, and EventBridge compares numbers in exact matches numerically too.
 *
 * @param pattern the rule's event pattern, e.g. `{ source: ['my.app'], detail: { amount: [{ numeric: ['>', 0] }] } }`
 * @param event the event, e.g. as published with `PutEvents` and wrapped in its envelope
 * @returns true when every field of the pattern matches the event
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return isObject(pattern) && isObject(event) && matchesObject(pattern, event);
}

/** Every field of `pattern` matches `event` (`$or` alternatives included). */
function matchesObject(pattern: JsonObject, event: JsonObject): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === OR) {
      return Array.isArray(expected) && expected.some((alternative) => isObject(alternative) && matchesObject(alternative, event));
    }
    const actual = Object.hasOwn(event, key) ? event[key] : undefined;
    if (Array.isArray(expected)) return matchesField(expected, leafValues(actual));
    if (isObject(expected)) return matchesNested(expected, actual);
    return false;
  });
}

/**
 * A nested pattern against the event's value for its field: that object, or any object of an array
 * (so that all the pattern's fields hold on the same element). With no object there, the pattern's
 * fields are all missing, which `exists: false` accepts.
 */
function matchesNested(pattern: JsonObject, actual: unknown): boolean {
  const objects = flatten(actual).filter(isObject);
  return objects.length === 0 ? matchesObject(pattern, {}) : objects.some((object) => matchesObject(pattern, object));
}

/**
 * The leaf values of an event field: the value itself, or the scalar elements of an array (nested
 * arrays flattened). Objects are not leaves; a missing field has none.
 */
function leafValues(actual: unknown): unknown[] {
  return flatten(actual).filter((value) => value !== undefined && !isObject(value));
}

/** A value as a list: arrays flattened at every depth, `undefined` as an empty list. */
function flatten(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

/** One of a field's matchers accepts its leaf values. */
function matchesField(matchers: unknown[], leaves: unknown[]): boolean {
  return matchers.some((matcher) => {
    if (isObject(matcher) && Object.hasOwn(matcher, 'exists')) {
      // exists only looks at leaves: a field holding an object "does not exist"
      return typeof matcher.exists === 'boolean' && matcher.exists === leaves.length > 0;
    }
    return leaves.some((leaf) => matchesValue(matcher, leaf));
  });
}

/** One matcher (an exact value or an operator object) against one leaf value of the event. */
function matchesValue(matcher: unknown, leaf: unknown): boolean {
  if (!isObject(matcher)) return equalsExactly(matcher, leaf);
  const entries = Object.entries(matcher);
  if (entries.length !== 1) return false;
  const [operator, operand] = entries[0];
  switch (operator) {
    case 'prefix': return matchesAffix(operand, leaf, (value, affix) => value.startsWith(affix));
    case 'suffix': return matchesAffix(operand, leaf, (value, affix) => value.endsWith(affix));
    case 'equals-ignore-case': return typeof operand === 'string' && typeof leaf === 'string' && foldCase(leaf) === foldCase(operand);
    case 'wildcard': return typeof operand === 'string' && typeof leaf === 'string' && matchesWildcard(operand, leaf);
    case 'anything-but': return matchesAnythingBut(operand, leaf);
    case 'numeric': return typeof leaf === 'number' && matchesNumeric(operand, leaf);
    case 'cidr': return typeof operand === 'string' && typeof leaf === 'string' && inCidr(operand, leaf);
    default: return false;
  }
}

/** Exact match: strings character by character, numbers by value, `true`, `false` and `null` as themselves. */
function equalsExactly(expected: unknown, leaf: unknown): boolean {
  return expected === leaf;
}

/** `prefix` / `suffix`, given a string or `{ "equals-ignore-case": string }`; only string values match. */
function matchesAffix(operand: unknown, leaf: unknown, test: (value: string, affix: string) => boolean): boolean {
  if (typeof leaf !== 'string') return false;
  if (typeof operand === 'string') return test(leaf, operand);
  const ignoringCase = ignoreCaseOperand(operand);
  return ignoringCase !== undefined && test(foldCase(leaf), foldCase(ignoringCase));
}

/** The string of `{ "equals-ignore-case": string }`, or undefined for anything else. */
function ignoreCaseOperand(operand: unknown): string | undefined {
  if (!isObject(operand) || Object.keys(operand).length !== 1) return undefined;
  const value = operand['equals-ignore-case'];
  return typeof value === 'string' ? value : undefined;
}

/** The form two strings are compared in when case is ignored. */
function foldCase(value: string): string {
  return value.toLowerCase();
}

/**
 * `anything-but`: a present leaf value that the inner condition rejects. The condition is a value or a
 * list of values (exact match), or `{ prefix | suffix | equals-ignore-case | wildcard: string | string[] }`.
 * A value of another type than the condition's (a number against a string prefix...) is "anything but".
 */
function matchesAnythingBut(operand: unknown, leaf: unknown): boolean {
  if (!isObject(operand)) {
    const excluded = Array.isArray(operand) ? operand : [operand];
    return !excluded.some((value) => equalsExactly(value, leaf));
  }
  const entries = Object.entries(operand);
  if (entries.length !== 1) return false;
  const [operator, inner] = entries[0];
  if (!ANYTHING_BUT_OPERATORS.includes(operator)) return false;
  const excluded = Array.isArray(inner) ? inner : [inner];
  return !excluded.some((value) => matchesValue({ [operator]: value }, leaf));
}

/**
 * `numeric`: `[op, n]` or `[op, n, op, m]` with op one of `<`, `<=`, `=`, `>`, `>=`; every comparison must
 * hold. Only JSON numbers match.
 */
function matchesNumeric(operand: unknown, value: number): boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) return false;
  for (let i = 0; i < operand.length; i += 2) {
    const [operator, bound] = [operand[i], operand[i + 1]];
    if (typeof bound !== 'number' || !compares(operator, value, bound)) return false;
  }
  return true;
}

/** `value operator bound`, false for an unknown operator. */
function compares(operator: unknown, value: number, bound: number): boolean {
  switch (operator) {
    case '<': return value < bound;
    case '<=': return value <= bound;
    case '=': return value === bound;
    case '>': return value > bound;
    case '>=': return value >= bound;
    default: return false;
  }
}

/**
 * `wildcard`: `*` stands for any run of characters (none included), `\*` for a literal star and `\\`
 * for a literal backslash. Matched piece by piece: the first piece must start the value, the last
 * end it, and the ones between appear in order.
 */
function matchesWildcard(wildcard: string, value: string): boolean {
  const parsed = parseWildcard(wildcard);
  if ('problem' in parsed) return false;
  const pieces = parsed.pieces;
  if (pieces.length === 1) return value === pieces[0];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let from = first.length;
  const end = value.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const at = value.indexOf(piece, from);
    if (at < 0 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}

/** A wildcard split into the literal pieces between its unescaped stars, or the reason it is malformed. */
type ParsedWildcard = { readonly pieces: string[] } | { readonly problem: string };

/**
 * Splits a wildcard at its unescaped stars. Malformed: two stars in a row, a backslash before
 * anything but `*` or `\`, a trailing backslash.
 */
function parseWildcard(wildcard: string): ParsedWildcard {
  const pieces = [''];
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i];
    if (char === '\\') {
      const escaped = wildcard[++i];
      if (escaped !== '*' && escaped !== '\\') {
        const problem = `wildcard ${JSON.stringify(wildcard)} has a backslash that escapes neither * nor \\`;
        return { problem: `${problem} (write \\* for a star, \\\\ for a backslash)` };
      }
      pieces[pieces.length - 1] += escaped;
    } else if (char === '*') {
      if (wildcard[i + 1] === '*') return { problem: `wildcard ${JSON.stringify(wildcard)} has two * in a row, which is not allowed` };
      pieces.push('');
    } else {
      pieces[pieces.length - 1] += char;
    }
  }
  return { pieces };
}

/** A parsed CIDR block: its address, prefix length and address family. */
interface CidrBlock {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/24` or `2001:db8::/32` parsed, or undefined when it is not a CIDR block. */
function parseCidr(cidr: string): CidrBlock | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return undefined;
  const [, address, bits] = match;
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  const prefix = Number(bits);
  if (family === undefined || prefix > (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

/** `cidr`: an IP address string of the block's family inside the block. */
function inCidr(cidr: string, value: string): boolean {
  const block = parseCidr(cidr);
  if (block === undefined || net.isIP(value) !== (block.family === 'ipv4' ? 4 : 6)) return false;
  const list = new net.BlockList();
  list.addSubnet(block.address, block.prefix, block.family);
  return list.check(value, block.family);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

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
 * @param pattern a candidate event pattern, typically straight from `JSON.parse`
 * @returns the problems found, empty when EventBridge would accept the pattern
 */
export function eventPatternProblems(pattern: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(pattern)) {
    problems.push(`${label('')}: an event pattern must be a JSON object, not ${describe(pattern)}`);
    return problems;
  }
  objectProblems(pattern, '', problems);
  const combinations = orCombinations(pattern);
  if (combinations > MAX_OR_COMBINATIONS) {
    const limit = `more than the ${MAX_OR_COMBINATIONS} EventBridge allows`;
    problems.push(`${label('')}: $or expands the pattern to ${combinations} rule combinations, ${limit}`);
  }
  return problems;
}

/** Problems of a (nested) pattern object at `path`. */
function objectProblems(pattern: JsonObject, path: string, problems: string[]): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    problems.push(`${label(path)}: an empty object is not allowed; give at least one field to match`);
  }
  for (const [key, value] of entries) {
    const at = join(path, key);
    if (key === OR) {
      orProblems(value, at, problems);
    } else if (Array.isArray(value)) {
      fieldProblems(value, at, problems);
    } else if (isObject(value)) {
      objectProblems(value, at, problems);
    } else {
      problems.push(`${at}: must be an array of values to match (e.g. ["x"]) or an object of nested fields, not ${describe(value)}`);
    }
  }
}

/** Problems of a `$or` at `path`: an array of at least two patterns, each valid. */
function orProblems(value: unknown, path: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${path}: $or needs an array of at least two patterns, not ${describe(value)}`);
    return;
  }
  if (value.length < 2) problems.push(`${path}: $or needs an array of at least two patterns, not ${value.length}`);
  value.forEach((alternative, index) => {
    const at = `${path}[${index}]`;
    if (isObject(alternative)) {
      objectProblems(alternative, at, problems);
    } else {
      problems.push(`${at}: each $or alternative must be a pattern object, not ${describe(alternative)}`);
    }
  });
}

/** Problems of a field's array of matchers at `path`. */
function fieldProblems(matchers: unknown[], path: string, problems: string[]): void {
  if (matchers.length === 0) {
    problems.push(`${path}: an empty array matches nothing; give at least one value or matcher`);
  }
  for (const matcher of matchers) {
    if (Array.isArray(matcher)) {
      problems.push(`${path}: arrays cannot be nested in a field's array; list the values side by side`);
    } else if (isObject(matcher)) {
      const problem = matcherProblem(matcher);
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
      return parseCidr(operand) ? undefined : `cidr "${operand}" is not an IPv4 or IPv6 CIDR block such as "10.0.0.0/24" or "2001:db8::/32"`;
    default:
      return `unknown operator "${operator}"; use one of ${OPERATORS.join(', ')}`;
  }
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

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A JSON object (not an array, not null). */
function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
