import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnAlias, CfnFunction, CfnVersion } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/** One IAM statement, resolved. */
export interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Every CloudFormation resource of `type` in the stack of `node`. */
export function resourcesOfType<T extends CfnResource>(node: IConstruct, type: new (...args: any[]) => T): T[] {
  return Stack.of(node).node.findAll().filter((child): child is T => child instanceof type);
}

/** The logical id of a resource, as references to it name it. */
export function logicalIdOf(resource: CfnResource): string {
  return Stack.of(resource).resolve(resource.logicalId);
}

/**
 * The logical ids that invoke the function: its own, and those of its versions and aliases
 * (a trigger that targets a `live` alias invokes the function all the same).
 */
export function invocationIds(fn: CfnFunction): string[] {
  const id = logicalIdOf(fn);
  const qualifiers = [...resourcesOfType(fn, CfnVersion), ...resourcesOfType(fn, CfnAlias)]
    .filter((qualifier) => refersTo(qualifier, qualifier.functionName, id));
  const versionIds = qualifiers.map(logicalIdOf);
  // an alias may name the function through one of its versions
  const aliases = resourcesOfType(fn, CfnAlias).filter((alias) => versionIds.some((versionId) => refersTo(alias, alias.functionVersion, versionId)));
  return [...new Set([id, ...versionIds, ...aliases.map(logicalIdOf)])];
}

/** Whether `value` (resolved) refers to any of the resources with `logicalIds`. */
export function refersToAny(node: CfnResource, value: unknown, logicalIds: string[]): boolean {
  const text = JSON.stringify(Stack.of(node).resolve(value) ?? null);
  return logicalIds.some((id) => text.includes(`"${id}"`));
}

/** Whether `value` (resolved) refers to the resource with `logicalId` (`Ref`, `Fn::GetAtt`, in a join...). */
export function refersTo(node: CfnResource, value: unknown, logicalId: string): boolean {
  return JSON.stringify(Stack.of(node).resolve(value) ?? null).includes(`"${logicalId}"`);
}

/** The statements of every policy attached to the function's role, inline or separate. */
export function statementsOf(fn: CfnFunction): Statement[] {
  const stack = Stack.of(fn);
  const role = JSON.stringify(stack.resolve(fn.role));
  const roleIds = resourcesOfType(fn, CfnRole).map(logicalIdOf).filter((id) => role.includes(`"${id}"`));
  const statements: Statement[] = [];
  for (const policy of resourcesOfType(fn, CfnPolicy)) {
    if (roleIds.some((id) => refersTo(policy, policy.roles, id))) {
      statements.push(...(stack.resolve(policy.policyDocument)?.Statement ?? []));
    }
  }
  for (const roleResource of resourcesOfType(fn, CfnRole).filter((r) => roleIds.includes(logicalIdOf(r)))) {
    for (const inline of stack.resolve(roleResource.policies) ?? []) {
      statements.push(...(inline.policyDocument?.Statement ?? []));
    }
  }
  return statements;
}

/** Whether the statement allows `action` (IAM wildcards in the statement honoured). */
export function allowsAction(statement: Statement, action: string): boolean {
  if (statement.Effect !== 'Allow') {
    return false;
  }
  return ([] as string[]).concat(statement.Action ?? []).some((pattern) => wildcard(pattern).test(action));
}

/** The statement's resources, each as resolved JSON text. */
export function resourcesText(statement: Statement): string[] {
  return ([] as unknown[]).concat(statement.Resource ?? []).map((resource) => JSON.stringify(resource));
}

/** Whether the statement's resources include `*` or name the resource with `logicalId`. */
export function coversResource(statement: Statement, logicalId: string): boolean {
  return resourcesText(statement).some((text) => text === '"*"' || text.includes(`"${logicalId}"`));
}

/** The logical ids a resolved value refers to through `Ref` and `Fn::GetAtt`. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(referencedIds);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') {
    return [object.Ref];
  }
  if (Array.isArray(object['Fn::GetAtt'])) {
    return [String(object['Fn::GetAtt'][0])];
  }
  return Object.values(object).flatMap(referencedIds);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}
