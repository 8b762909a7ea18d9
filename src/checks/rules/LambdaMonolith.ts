import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnMethod } from 'aws-cdk-lib/aws-apigateway';
import { CfnResolver, CfnDataSource } from 'aws-cdk-lib/aws-appsync';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnEventSourceMapping, CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { invocationIds, logicalIdOf, referencedIds, refersTo, refersToAny, resourcesOfType } from './helpers';

/** What triggers a function: API methods, event source mappings, rule targets and GraphQL resolvers. */
export function triggersOf(fn: CfnFunction): number {
  const stack = Stack.of(fn);
  const ids = invocationIds(fn);
  const methods = resourcesOfType(fn, CfnMethod).filter((method) => method.httpMethod !== 'OPTIONS'
    && refersToAny(method, method.integration, ids));
  const mappings = resourcesOfType(fn, CfnEventSourceMapping).filter((mapping) => refersToAny(mapping, mapping.functionName, ids));
  const ruleTargets = resourcesOfType(fn, CfnRule).flatMap((rule) => (stack.resolve(rule.targets) ?? [])
    .filter((target: { arn?: unknown }) => referencedIds(target.arn).some((id) => ids.includes(id))));
  const dataSources = resourcesOfType(fn, CfnDataSource).filter((source) => refersToAny(source, source.lambdaConfig, ids)).map(logicalIdOf);
  const resolvers = resourcesOfType(fn, CfnResolver).filter((resolver) =>
    dataSources.some((source) => refersTo(resolver, resolver.dataSourceName, source)));
  return methods.length + mappings.length + ruleTargets.length + resolvers.length;
}

/**
 * Lambda monolith: one function behind more than `maxTriggers` routes, resolvers and event
 * sources. Split it: one function per operation.
 */
export function lambdaMonolith(maxTriggers: number): (node: CfnResource) => NagRuleResult {
  const rule = (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnFunction)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return triggersOf(node) > maxTriggers ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  };
  // cdk-nag names a finding after its rule function
  Object.defineProperty(rule, 'name', { value: 'LambdaMonolith' });
  return rule;
}
