/** A TypeScript string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** Lines joined with newlines, without the ones that are `undefined` (options left out). */
export function lines(...items: Array<string | undefined | false>): string {
  return items.filter((item): item is string => typeof item === 'string').join('\n');
}

/** `lines` indented by `depth` levels of two spaces. */
export function indent(depth: number, text: string): string {
  const pad = '  '.repeat(depth);
  return text.split('\n').map((line) => (line ? pad + line : line)).join('\n');
}

/** The module the generated stacks import our constructs from (not the root: it loads projen). */
export const CONSTRUCTS_MODULE = 'projen-serverless-patterns/lib/constructs';

/** The module the generated app imports our cdk-nag pack from. */
export const CHECKS_MODULE = 'projen-serverless-patterns/lib/checks';

/** A TypeScript array of string literals. */
export function strArray(values: string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** A JSON value as a TypeScript literal on one line: `{ status: ['PAID'], 'detail-type': 'X' }`. */
/** `.name`, or `['a-name']` when the name is no identifier: a property access as eslint's dot-notation wants it. */
export function member(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${str(name)}]`;
}

export function literal(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(literal).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    // quoted all or none, as eslint's quote-props (consistent-as-needed) wants
    const quoted = Object.keys(value).some((key) => !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key));
    const entries = Object.entries(value).map(([key, item]) => `${quoted ? str(key) : key}: ${literal(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? str(value) : JSON.stringify(value);
}

/** The module the generated workflow tests import the offline workflow runner from. */
export const TESTING_MODULE = 'projen-serverless-patterns/lib/testing';
