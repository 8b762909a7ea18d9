/**
 * The rules of the names an app derives from its options (the model's construct ids and class
 * properties, the stack's name, every file `npx projen` writes): what CloudFormation, CDK,
 * TypeScript and the file system refuse. The model lists the names (`model/derived-names.ts`);
 * this module only judges them.
 */
import * as path from 'node:path';

/** Where a derived name comes from: the option whose value it is made of. */
export interface NameSource {
  /** `services[0].functions[1].name`, `name`. */
  readonly where: string;
  /** The option's value: `list-logs`. */
  readonly value: string;
}

/** Why two names of one kind cannot be the same in one scope. */
const UNIQUE_BECAUSE: Record<string, string> = {
  'construct id': 'CDK refuses two constructs of one id in one scope',
  'property': 'a class has one member of a name',
};

/** A name that must be unique in its scope: a construct id, or a property of a generated class. */
export interface ScopedName {
  readonly name: string;
  /** `construct id` or `property`. */
  readonly kind: keyof typeof UNIQUE_BECAUSE;
  /** `service 'items'`, `class ItemsService`. */
  readonly scope: string;
  /** What it names, in words: `the log group of function 'list'`. */
  readonly what: string;
  /** The option it comes from; none for a name of the app's own (`EventBus`). */
  readonly source?: NameSource;
}

/** The longest file name (a path component) Linux, macOS and Windows take, in bytes. */
const MAX_FILE_NAME_BYTES = 255;
/** The longest path Linux takes (PATH_MAX, with its terminating null). */
const MAX_PATH_BYTES = 4095;
/** CloudFormation's stack names: a letter, then letters, digits and hyphens, 128 at most. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** The problem of the stack's name, as CloudFormation takes it, if any. */
export function stackNameProblems(stackName: string, source: NameSource): string[] {
  return STACK_NAME.test(stackName) ? [] : [
    `\`${source.where}\` ${shown(source.value)} gives the stack name ${shown(stackName)}, the CloudFormation stack \`cdk deploy\` creates; a stack name starts with a letter, holds letters, digits and hyphens, and is 128 characters at most. Rename the project.`,
  ];
}

/**
 * Two names of one scope that are the same: CDK refuses two constructs of one id, TypeScript two
 * properties of one name. Two options whose names clash are told once, at their first clash.
 */
export function clashProblems(names: ScopedName[]): string[] {
  const first = new Map<string, ScopedName>();
  const told = new Set<string>();
  const problems: string[] = [];
  for (const name of names) {
    const key = `${name.scope}\u0000${name.kind}\u0000${name.name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, name);
      continue;
    }
    const [blamed, other] = name.source ? [name, earlier] : [earlier, name];
    if (!blamed.source) {
      // two names of the app's own: a bug of this package, not of the options
      throw new Error(`${name.kind} '${name.name}' of ${name.scope} is derived twice: ${earlier.what} and ${name.what}`);
    }
    const pair = `${blamed.source.where}\u0000${other.source?.where ?? other.what}`;
    if (told.has(pair)) {
      continue;
    }
    told.add(pair);
    const otherSource = other.source ? ` (\`${other.source.where}\`)` : '';
    problems.push(`\`${blamed.source.where}\` ${shown(blamed.source.value)} gives ${blamed.what} the ${name.kind} '${name.name}' in ${name.scope}, which ${other.what}${otherSource} has too; ${UNIQUE_BECAUSE[name.kind]}. Rename one of them.`);
  }
  return problems;
}

/**
 * What the file system refuses of the files `npx projen` writes, in `outdir`: a file or folder
 * name over 255 bytes, a path over 4095. `sourceOf` tells which option a name comes from.
 */
export function filePathProblems(files: string[], outdir: string, sourceOf: (fileName: string) => NameSource | undefined): string[] {
  const problems: string[] = [];
  const told = new Set<string>();
  for (const file of files) {
    const long = file.split('/').find((part) => Buffer.byteLength(part) > MAX_FILE_NAME_BYTES);
    const full = path.join(outdir, file);
    const problem = long !== undefined
      ? `whose name is ${Buffer.byteLength(long)} bytes; a file or folder name takes ${MAX_FILE_NAME_BYTES} at most`
      : Buffer.byteLength(full) > MAX_PATH_BYTES ? `whose path in ${outdir} is ${Buffer.byteLength(full)} bytes; a path takes ${MAX_PATH_BYTES} at most` : undefined;
    if (problem === undefined) {
      continue;
    }
    const source = sourceOf(long ?? file);
    const key = source?.where ?? file;
    if (told.has(key)) {
      continue;
    }
    told.add(key);
    problems.push(source
      ? `\`${source.where}\` ${shown(source.value)} gives the file ${cut(file)}, ${problem}. Shorten it.`
      : `the file ${cut(file)} is one \`npx projen\` writes, ${problem}.`);
  }
  return problems;
}

/** A value as a problem shows it: quoted, and cut when long. */
function shown(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 40)}...' (${value.length} characters)` : `'${value}'`;
}

/** A path with its long parts cut. */
function cut(file: string): string {
  return file.split('/').map((part) => (part.length > 60 ? `${part.slice(0, 40)}...` : part)).join('/');
}
