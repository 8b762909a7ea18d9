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
import { ANYTHING_BUT_OPERATORS, EventPattern, foldCase, ignoreCaseOperand, isObject, JsonObject, OR, parseCidr, parseWildcard } from './syntax';

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
 *
 * A field whose only matcher is `exists: false` is judged on all the objects of an array at once:
 * it matches when none of them has the field, as EventBridge reads an event's fields by their path
 * (`detail.items.sku`), whatever the element they are in.
 */
function matchesNested(pattern: JsonObject, actual: unknown): boolean {
  const objects = flatten(actual).filter(isObject);
  if (objects.length === 0) return matchesObject(pattern, {});
  const absent = Object.keys(pattern).filter((key) => isAbsenceOnly(pattern[key]));
  if (!absent.every((key) => objects.every((object) => leafValues(Object.hasOwn(object, key) ? object[key] : undefined).length === 0))) {
    return false;
  }
  const rest = Object.fromEntries(Object.entries(pattern).filter(([key]) => !absent.includes(key)));
  return Object.keys(rest).length === 0 || objects.some((object) => matchesObject(rest, object));
}

/** Whether a field's matchers are only `exists: false`. */
function isAbsenceOnly(matchers: unknown): boolean {
  return Array.isArray(matchers) && matchers.length > 0 && matchers.every((matcher) => isObject(matcher) && matcher.exists === false);
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
  // an empty prefix or suffix excludes everything; EventBridge refuses the pattern (see eventPatternProblems)
  if ((operator === 'prefix' || operator === 'suffix') && excluded.includes('')) return false;
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


/** `cidr`: an IP address string of the block's family inside the block. */
function inCidr(cidr: string, value: string): boolean {
  const block = parseCidr(cidr);
  if (block === undefined || net.isIP(value) !== (block.family === 'ipv4' ? 4 : 6)) return false;
  const list = new net.BlockList();
  list.addSubnet(block.address, block.prefix, block.family);
  return list.check(value, block.family);
}

