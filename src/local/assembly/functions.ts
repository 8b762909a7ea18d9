/**
 * The Lambda functions of a template, as local mode runs them: their code in the staged asset
 * directory, handler, environment (resolved), timeout, memory and dead-letter queue.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFunction } from '../local-app';
import { NotEmulated, TemplateIndex } from './lookup';
import { StackArtifact, stagedAssets } from './manifest';
import { StackTemplate } from './template';

/** Lambda's defaults. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** Why each function that local mode does not run is not run, by logical id: it is not Node.js. */
export function skippedFunctions(template: StackTemplate): Map<string, string> {
  const skipped = new Map<string, string>();
  for (const [logicalId] of template.ofType('AWS::Lambda::Function')) {
    const reason = unsupportedRuntime(template, logicalId);
    if (reason) {
      skipped.set(logicalId, reason);
    }
  }
  return skipped;
}

/** What of the function local mode cannot run (`python3.13`, `container image`), if anything. */
function unsupportedRuntime(template: StackTemplate, logicalId: string): string | undefined {
  if (template.string(logicalId, 'PackageType') === 'Image') {
    return 'container image';
  }
  const runtime = template.string(logicalId, 'Runtime');
  return runtime === undefined || runtime.startsWith('nodejs') ? undefined : runtime;
}

/** The Node.js functions of the template; the others are counted in `notEmulated`. */
export function readFunctions(
  template: StackTemplate,
  stack: StackArtifact,
  lookup: TemplateIndex,
  skipped: ReadonlyMap<string, string>,
  notEmulated: NotEmulated,
): LocalFunction[] {
  let assets: Map<string, string> | undefined;
  const functions: LocalFunction[] = [];
  for (const [logicalId, resource] of template.ofType('AWS::Lambda::Function')) {
    const reason = skipped.get(logicalId);
    if (reason) {
      notEmulated.add(`AWS::Lambda::Function (${reason})`);
      continue;
    }
    const values = template.valuesOf(logicalId)!;
    const deadLetterTarget = template.string(logicalId, 'DeadLetterConfig.TargetArn');
    let deadLetterQueue: string | undefined;
    if (deadLetterTarget !== undefined && lookup.isQueue(deadLetterTarget)) {
      deadLetterQueue = lookup.queueOf(deadLetterTarget, logicalId, 'DeadLetterConfig.TargetArn');
    } else if (deadLetterTarget !== undefined) {
      notEmulated.add('AWS::Lambda::Function (dead-letter target other than a queue of the stack)');
    }
    functions.push({
      logicalId,
      path: constructPath(resource.Metadata, stack, logicalId),
      name: String(values.ref),
      arn: String(values.attributes.Arn),
      codeDir: codeDirectory(template, stack, logicalId, resource.Metadata, () => assets ??= stagedAssets(stack.directory)),
      handler: template.string(logicalId, 'Handler') ?? template.fail(logicalId, 'Handler', 'is required for a function run from a zip archive.'),
      environment: environment(template, logicalId),
      timeoutSeconds: template.number(logicalId, 'Timeout', DEFAULT_TIMEOUT_SECONDS),
      memorySize: template.number(logicalId, 'MemorySize', DEFAULT_MEMORY_MB),
      ...optionalRuntime(template.string(logicalId, 'Runtime')),
      ...(deadLetterQueue && { deadLetterQueue }),
    });
  }
  return functions;
}

/** The construct path of the resource's construct: `shop/Items/Create` for `shop/Items/Create/Resource`. */
export function constructPath(metadata: Record<string, unknown> | undefined, stack: StackArtifact, logicalId: string): string {
  const fromMetadata = metadata?.['aws:cdk:path'];
  const full = typeof fromMetadata === 'string' ? fromMetadata : stack.paths.get(logicalId) ?? `${stack.stackName}/${logicalId}`;
  return full.replace(/\/Resource$/, '');
}

function environment(template: StackTemplate, logicalId: string): Record<string, string> {
  const variables = template.prop(logicalId, 'Environment.Variables');
  if (variables === undefined) {
    return {};
  }
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    return template.fail(logicalId, 'Environment.Variables', `must be an object of strings, got ${JSON.stringify(variables)}.`);
  }
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return [name, String(value)];
    }
    return template.fail(logicalId, `Environment.Variables.${name}`, `must resolve to a string, got ${JSON.stringify(value)}.`);
  }));
}

/**
 * The directory of the function's code: the asset path of its metadata (`aws:asset:path`, which
 * `cdk synth` writes), else the staged asset its `Code.S3Key` was published from, else, for
 * inline code (`Code.ZipFile`), a directory of the system's temporary directory, named after the
 * code, that holds it as `index.js`.
 */
function codeDirectory(
  template: StackTemplate,
  stack: StackArtifact,
  logicalId: string,
  metadata: Record<string, unknown> | undefined,
  assets: () => Map<string, string>,
): string {
  const assetPath = metadata?.['aws:asset:path'];
  if (typeof assetPath === 'string') {
    return checkDirectory(template, logicalId, path.resolve(stack.directory, assetPath), 'its metadata aws:asset:path');
  }
  const inline = template.raw(logicalId, 'Code.ZipFile');
  if (inline !== undefined) {
    const code = template.requiredString(logicalId, 'Code.ZipFile');
    // named after the code: reading the assembly again reuses the directory
    const dir = path.join(os.tmpdir(), `local-inline-${createHash('sha256').update(code).digest('hex').slice(0, 16)}`);
    const file = path.join(dir, 'index.js');
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== code) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, code);
    }
    return dir;
  }
  const key = template.raw(logicalId, 'Code.S3Key');
  if (typeof key === 'string') {
    const staged = assets().get(key) ?? assets().get(key.replace(/\.zip$/, ''));
    if (staged) {
      return checkDirectory(template, logicalId, staged, `the asset manifest entry of ${key}`);
    }
    const hash = /([0-9a-f]{64})\.zip$/.exec(key);
    const guess = hash && path.join(stack.directory, `asset.${hash[1]}`);
    if (guess && fs.existsSync(guess)) {
      return checkDirectory(template, logicalId, guess, `its Code.S3Key ${key}`);
    }
    return template.fail(logicalId, 'Code.S3Key', `${key} is not an asset staged in ${stack.directory}: its code is not in the assembly.`);
  }
  return template.fail(logicalId, 'Code', 'has no code local mode can find: no aws:asset:path metadata, no Code.ZipFile and no Code.S3Key of a staged asset.');
}

function checkDirectory(template: StackTemplate, logicalId: string, dir: string, from: string): string {
  if (!fs.existsSync(dir)) {
    return template.fail(logicalId, 'Code', `its code directory ${dir} (from ${from}) does not exist: synthesize the app again.`);
  }
  if (!fs.statSync(dir).isDirectory()) {
    return template.fail(logicalId, 'Code', `its code ${dir} (from ${from}) is an archive, not a directory: local mode runs the bundle's directory.`);
  }
  return dir;
}

function optionalRuntime(runtime: string | undefined): { runtime?: string } {
  return runtime === undefined ? {} : { runtime };
}
