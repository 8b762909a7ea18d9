/**
 * A stack and its nested stacks as one template, which local mode runs as one app: each nested
 * stack (an `AWS::CloudFormation::Stack` whose template `cdk synth` wrote beside the stack's, its
 * `aws:asset:path`) is replaced by its resources, their logical ids prefixed with the nested
 * stack's name (`ItemsStack` + `ItemsServiceCreate1A2B3C4D`), its parameters by the values the
 * stack passes in, and each `Fn::GetAtt` of one of its outputs by that output's value. What crosses
 * between stacks (a service's methods on the shared REST API, its rules on the shared bus) then
 * refers to the resources themselves, as in a one-stack app.
 *
 * A nested stack's own nested stacks are inlined first. One whose template is not in the assembly
 * stays as it is, and is counted as not emulated.
 *
 * @module
 */
import * as path from 'node:path';
import { readJson, StackArtifact, stagedAssets } from './manifest';
import { AssemblyError, isObject } from './template';

/** What CDK writes in a nested stack resource's metadata when the CLI synthesizes: where its template is. */
const ASSET_PATH = 'aws:asset:path';
/** The construct path in a resource's metadata, when the CLI synthesizes. */
const CDK_PATH = 'aws:cdk:path';
/** `shop/ItemsStack.NestedStack/ItemsStack.NestedStackResource`: the nested stack's construct path is `shop/ItemsStack`. */
const NESTED_STACK_PATH = /^(.*\/([^/]+))\.NestedStack\/[^/]+\.NestedStackResource$/;
/** The object key a nested stack's template is published under, at the end of its `TemplateURL`. */
const TEMPLATE_KEY = /([0-9a-f]{64}\.json)$/;

type Template = Record<string, unknown> & { Resources: Record<string, Record<string, unknown>> };

/** A nested stack of the template, as found in the assembly. */
interface NestedStack {
  readonly file: string;
  /** Its construct path, `shop/ItemsStack`, when the assembly says it. */
  readonly constructPath?: string;
  /** What its resources' logical ids start with in the merged template: `ItemsStack`. */
  readonly prefix: string;
}

/**
 * `template`, the template of `stack`, with its nested stacks inlined; their templates are read
 * from the assembly. A nested stack's `AWS::StackName` is `<stack name>-<its construct id>`.
 */
export function withNestedStacks(template: Template, stack: StackArtifact, stackName = stack.stackName, file = stack.templateFile): Template {
  let result = template;
  let assets: Map<string, string> | undefined;
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') {
      continue;
    }
    const found = nestedStackOf(resource, logicalId, result, stack, () => assets ??= stagedAssets(stack.directory));
    if (!found) {
      continue;
    }
    const nested = withNestedStacks(readJson(found.file, 'nested stack template') as Template, stack, `${stackName}-${found.prefix}`, found.file);
    if (!isObject(nested) || !isObject(nested.Resources)) {
      throw new AssemblyError(`${found.file}: not a CloudFormation template (no Resources section).`);
    }
    const sections = ['Conditions', 'Mappings'].filter((section) => isObject(nested[section]) && Object.keys(nested[section] as object).length > 0);
    if (sections.length > 0) {
      throw new AssemblyError(`${found.file}: local mode runs nested stacks without ${sections.join(' and ')}; this one has them.`);
    }
    result = inline(result, logicalId, withConstructPaths(nested, found, stack), found.prefix, `${stackName}-${found.prefix}`, file);
  }
  return result;
}

/** The nested stack `logicalId`, when CDK wrote its template into the assembly. */
function nestedStackOf(
  resource: Record<string, unknown>,
  logicalId: string,
  template: Template,
  stack: StackArtifact,
  assets: () => Map<string, string>,
): NestedStack | undefined {
  const metadata = isObject(resource.Metadata) ? resource.Metadata : {};
  const assetPath = metadata[ASSET_PATH];
  const key = stringsIn(isObject(resource.Properties) ? resource.Properties.TemplateURL : undefined)
    .map((text) => TEMPLATE_KEY.exec(text)?.[1])
    .find(Boolean);
  const file = typeof assetPath === 'string' ? path.resolve(stack.directory, assetPath) : key === undefined ? undefined : assets().get(key);
  if (file === undefined || !file.endsWith('.json')) {
    return undefined;
  }
  const resourcePath = typeof metadata[CDK_PATH] === 'string' ? metadata[CDK_PATH] as string : stack.paths.get(logicalId);
  const match = resourcePath === undefined ? null : NESTED_STACK_PATH.exec(resourcePath);
  const name = match?.[2].replace(/[^A-Za-z0-9]/g, '');
  const taken = (prefix: string) => Object.keys(template.Resources).some((id) => id !== logicalId && id.startsWith(prefix));
  return { file, constructPath: match?.[1], prefix: name && !taken(name) ? name : logicalId };
}

/** The nested template with each resource's construct path in its metadata, from the assembly's, when it has none. */
function withConstructPaths(nested: Template, found: NestedStack, stack: StackArtifact): Template {
  if (found.constructPath === undefined) {
    return nested;
  }
  const within = `${found.constructPath}/`;
  const paths = new Map(stack.constructPaths
    .filter(([constructPath]) => constructPath.startsWith(within))
    .map(([constructPath, id]) => [id, constructPath]));
  const resources = Object.fromEntries(Object.entries(nested.Resources).map(([id, resource]) => {
    const metadata = isObject(resource.Metadata) ? resource.Metadata : {};
    const known = paths.get(id);
    return [id, typeof metadata[CDK_PATH] === 'string' || known === undefined ? resource : { ...resource, Metadata: { ...metadata, [CDK_PATH]: known } }];
  }));
  return { ...nested, Resources: resources };
}

/** `parent` with the nested stack `logicalId` replaced by the resources of `nested`. */
function inline(parent: Template, logicalId: string, nested: Template, prefix: string, nestedStackName: string, file: string): Template {
  const stackResource = parent.Resources[logicalId];
  const passed = isObject(stackResource.Properties) && isObject(stackResource.Properties.Parameters) ? stackResource.Properties.Parameters : {};
  const parameters = isObject(nested.Parameters) ? nested.Parameters : {};
  const values: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(parameters)) {
    if (Object.prototype.hasOwnProperty.call(passed, name)) {
      values[name] = passed[name];
    } else if (isObject(declaration) && declaration.Default !== undefined) {
      values[name] = declaration.Default;
    } else {
      throw new AssemblyError(`${file}: Resources.${logicalId}.Properties.Parameters: the nested stack's parameter ${name} has no value and no Default.`);
    }
  }
  const ids = new Set(Object.keys(nested.Resources));
  const nestedScope: Scope = {
    rename: (id) => (ids.has(id) ? `${prefix}${id}` : undefined),
    parameter: (name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined),
    stackName: nestedStackName,
  };
  const outputs = isObject(nested.Outputs) ? nested.Outputs : {};
  const parentScope: Scope = {
    removed: logicalId,
    output: (id, attribute) => {
      if (id !== logicalId || !attribute.startsWith('Outputs.')) {
        return undefined;
      }
      const output = outputs[attribute.slice('Outputs.'.length)];
      if (!isObject(output)) {
        throw new AssemblyError(`${file}: Fn::GetAtt ${id}.${attribute}: the nested stack has no such output.`);
      }
      return rewrite(output.Value, nestedScope);
    },
  };
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [id, resource] of Object.entries(parent.Resources)) {
    if (id !== logicalId) {
      resources[id] = rewrite(resource, parentScope) as Record<string, unknown>;
    }
  }
  for (const [id, resource] of Object.entries(nested.Resources)) {
    resources[`${prefix}${id}`] = rewrite(resource, nestedScope) as Record<string, unknown>;
  }
  const { Resources: _resources, ...sections } = parent;
  return { ...rewrite(sections, parentScope) as Record<string, unknown>, Resources: resources };
}

/** How the values of one template are rewritten into the merged one. */
interface Scope {
  /** The merged logical id of one of the nested template's resources. */
  readonly rename?: (logicalId: string) => string | undefined;
  /** The value the stack passes to one of the nested template's parameters. */
  readonly parameter?: (name: string) => unknown;
  /** The value of a `Fn::GetAtt` of a nested stack's output. */
  readonly output?: (logicalId: string, attribute: string) => unknown;
  /** The nested stack's `AWS::StackName`. */
  readonly stackName?: string;
  /** The logical id of the nested stack being inlined, which `DependsOn` loses. */
  readonly removed?: string;
}

/** `value` with the references of `scope` rewritten; everything else as it is. */
function rewrite(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => rewrite(item, scope));
  }
  if (!isObject(value)) {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string') {
    return rewriteRef(value.Ref, scope) ?? value;
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const [id, attribute] = getAttArgs(value['Fn::GetAtt']);
    if (id !== undefined) {
      const output = scope.output?.(id, attribute);
      if (output !== undefined) {
        return output;
      }
      const renamed = scope.rename?.(id);
      return renamed ? { 'Fn::GetAtt': [renamed, attribute] } : value;
    }
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    return { 'Fn::Sub': rewriteSub(value['Fn::Sub'], scope) };
  }
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    result[key] = key === 'DependsOn' ? rewriteDependsOn(child, scope) : rewrite(child, scope);
  }
  return result;
}

function rewriteRef(name: string, scope: Scope): unknown {
  if (name === 'AWS::StackName' && scope.stackName !== undefined) {
    return scope.stackName;
  }
  const renamed = scope.rename?.(name);
  if (renamed) {
    return { Ref: renamed };
  }
  return scope.parameter?.(name);
}

/** `["Logical", "Attr"]` or `"Logical.Attr"` (split at the first dot) as a pair. */
function getAttArgs(args: unknown): [string | undefined, string] {
  if (Array.isArray(args) && typeof args[0] === 'string' && typeof args[1] === 'string') {
    return [args[0], args[1]];
  }
  if (typeof args === 'string' && args.includes('.')) {
    return [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)];
  }
  return [undefined, ''];
}

/**
 * A `Fn::Sub` with its `${Name}` and `${Name.Attr}` rewritten: a renamed resource keeps its
 * place in the string; a parameter, or an output, becomes a variable of the substitution.
 */
function rewriteSub(args: unknown, scope: Scope): unknown {
  const [text, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) && typeof args[0] === 'string' ? [args[0], isObject(args[1]) ? args[1] : {}] : [undefined, {}];
  if (text === undefined) {
    return rewrite(args, scope);
  }
  const added: Record<string, unknown> = {};
  const rewritten = text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      return whole;
    }
    const [id, attribute] = name.includes('.') ? [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] : [name, undefined];
    const renamed = scope.rename?.(id);
    if (renamed) {
      return attribute === undefined ? `\${${renamed}}` : `\${${renamed}.${attribute}}`;
    }
    const value = attribute === undefined ? rewriteRef(id, scope) : scope.output?.(id, attribute);
    if (value === undefined) {
      return whole;
    }
    const variable = name.replace(/[^A-Za-z0-9]/g, '');
    added[variable] = value;
    return `\${${variable}}`;
  });
  const rewrittenVariables = Object.fromEntries(Object.entries(variables).map(([key, child]) => [key, rewrite(child, scope)]));
  const all = { ...rewrittenVariables, ...added };
  return Object.keys(all).length === 0 ? rewritten : [rewritten, all];
}

/** The ids of `DependsOn` renamed; the nested stack inlined is gone (what depends on it comes after its resources anyway). */
function rewriteDependsOn(value: unknown, scope: Scope): unknown {
  const ids = (Array.isArray(value) ? value : [value])
    .filter((id) => id !== scope.removed)
    .map((id) => (typeof id === 'string' ? scope.rename?.(id) ?? id : id));
  return Array.isArray(value) ? ids : ids[0];
}

/** The strings in a value of the template, intrinsics' arguments included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(stringsIn);
  }
  return isObject(value) ? Object.values(value).flatMap(stringsIn) : [];
}
