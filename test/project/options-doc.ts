/**
 * docs/options.md read back as data: the app its "What is rejected" section changes, and its
 * tables of changes refused and passed, each an option path and a value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestOptions } from './helpers';

const DOC = path.join(__dirname, '..', '..', 'docs', 'options.md');

/** One change to the app: a value at an option path. */
export interface OptionChange {
  readonly path: string;
  readonly value: unknown;
}

/** A row's example: the changes made together. */
export interface DocExample {
  /** The row's first cell. */
  readonly row: string;
  /** The example as written. */
  readonly text: string;
  readonly changes: OptionChange[];
}

/** The section of the doc that lists what is rejected. */
function section(): string {
  const text = fs.readFileSync(DOC, 'utf8');
  const start = text.indexOf('## What is rejected');
  const end = text.indexOf('\n## ', start + 1);
  if (start < 0) {
    throw new Error('docs/options.md has no "## What is rejected" section');
  }
  return text.slice(start, end < 0 ? undefined : end);
}

/** The app the examples change: the JSON block of the section. */
export function baseApp(): TestOptions {
  const json = /```json\n([\s\S]*?)\n```/.exec(section());
  if (!json) {
    throw new Error('the "What is rejected" section of docs/options.md has no ```json block');
  }
  return JSON.parse(json[1]) as TestOptions;
}

/** The examples of the table whose header starts with `| <header> |`, one per `;`-separated example of a row. */
export function docExamples(header: string): DocExample[] {
  const lines = section().split('\n');
  const first = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  if (first < 0) {
    throw new Error(`docs/options.md: no table with the header "| ${header} |"`);
  }
  const rows = lines.slice(first + 2).filter((_line, index, all) => all.slice(0, index + 1).every((line) => line.startsWith('|')));
  return rows.flatMap((line) => {
    const cells = line.split(/ \| /);
    const row = cells[0].replace(/^\| /, '');
    const example = cells[cells.length - 1].replace(/ \|$/, '');
    return splitOutsideCode(example, '; ').map((text) => ({ row, text, changes: codeSpans(text).map(parseChange) }));
  });
}

/** `text` split at `separator` where it is not inside a code span. */
function splitOutsideCode(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inCode = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '`') {
      inCode = !inCode;
    }
    if (!inCode && text.startsWith(separator, i)) {
      parts.push(current);
      current = '';
      i += separator.length - 1;
      continue;
    }
    current += text[i];
  }
  return [...parts, current];
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

/** `services[0].name = "orders"`, or a repeated string: `"a" * 250`. */
function parseChange(code: string): OptionChange {
  const match = /^([A-Za-z][\w.[\]]*) = (.+)$/.exec(code);
  if (!match) {
    throw new Error(`docs/options.md: example \`${code}\` is not \`<option path> = <JSON value>\``);
  }
  const repeated = /^"(.*)" \* (\d+)$/.exec(match[2]);
  return { path: match[1], value: repeated ? repeated[1].repeat(Number(repeated[2])) : JSON.parse(match[2]) };
}

/** A copy of `options` with `changes` made, creating the objects and lists on their way. */
export function changed(options: TestOptions, changes: OptionChange[]): TestOptions {
  const copy = JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
  for (const { path: option, value } of changes) {
    const keys = option.split(/\.|(?=\[)/).map((key) => (key.startsWith('[') ? Number(key.slice(1, -1)) : key));
    let node: any = copy;
    keys.slice(0, -1).forEach((key, index) => {
      node[key] ??= typeof keys[index + 1] === 'number' ? [] : {};
      node = node[key];
    });
    node[keys[keys.length - 1]] = value;
  }
  return copy as TestOptions;
}

/** The option paths a message names in backticks: `services[0].functions[1].name`. */
export function namedPaths(message: string): string[] {
  return [...message.matchAll(/`([A-Za-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[A-Za-z][A-Za-z0-9]*(?:\[\d+\])?)*)`/g)].map((match) => match[1]);
}

/** Whether one option path lies within the other (`services[0].table` and `services[0].table.sortKey.name`). */
export function related(a: string, b: string): boolean {
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return within(a, b) || within(b, a);
}
