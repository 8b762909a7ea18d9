/** A TypeScript string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
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
