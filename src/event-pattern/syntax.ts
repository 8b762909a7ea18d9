/**
 * The parts of EventBridge's pattern syntax that matching and validation share: the operators,
 * wildcards and CIDR blocks parsed, and the JSON helpers.
 *
 * @module
 */
import * as net from 'node:net';

/** An EventBridge event pattern, as JSON: field names mapped to arrays of matchers or to nested patterns. */
export type EventPattern = { [key: string]: unknown };

export type JsonObject = { [key: string]: unknown };

/** The key that makes the patterns in its array alternatives instead of a field to match. */
export const OR = '$or';
/** The operators a matcher object in a field's array may use (`exists` included). */
export const OPERATORS = ['anything-but', 'cidr', 'equals-ignore-case', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard'];
/** The operators `anything-but` accepts in its object form. */
export const ANYTHING_BUT_OPERATORS = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'];
/** The comparisons `numeric` knows, in the wording used by the problem messages. */
export const NUMERIC_OPERATORS = ['<', '<=', '=', '>', '>='];
/** EventBridge refuses a pattern whose `$or` arrays expand to more rule combinations than this. */
export const MAX_OR_COMBINATIONS = 1000;

/** The string of `{ "equals-ignore-case": string }`, or undefined for anything else. */
export function ignoreCaseOperand(operand: unknown): string | undefined {
  if (!isObject(operand) || Object.keys(operand).length !== 1) return undefined;
  const value = operand['equals-ignore-case'];
  return typeof value === 'string' ? value : undefined;
}

/** The form two strings are compared in when case is ignored. */
export function foldCase(value: string): string {
  return value.toLowerCase();
}

/** A wildcard split into the literal pieces between its unescaped stars, or the reason it is malformed. */
export type ParsedWildcard = { readonly pieces: string[] } | { readonly problem: string };

/**
 * Splits a wildcard at its unescaped stars. Malformed: two stars in a row, a backslash before
 * anything but `*` or `\`, a trailing backslash.
 */
export function parseWildcard(wildcard: string): ParsedWildcard {
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
export interface CidrBlock {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/**
 * `10.0.0.0/24` or `2001:db8::/32` parsed, or undefined when it is not a CIDR block EventBridge takes. A full-length
 * mask (`/32`, `/128`) is refused, as EventBridge's matcher (event-ruler) refuses it: one address is matched exactly.
 */
export function parseCidr(cidr: string): CidrBlock | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return undefined;
  const [, address, bits] = match;
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  const prefix = Number(bits);
  if (family === undefined || prefix >= (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

