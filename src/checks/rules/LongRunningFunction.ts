import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/**
 * Synchronous waiting: a function with a timeout over `maxSeconds` is usually waiting for
 * something slow. Let Step Functions wait (a task token, or a Wait state and a status check),
 * not a billed Lambda.
 */
export function longRunningFunction(maxSeconds: number): (node: CfnResource) => NagRuleResult {
  const rule = (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnFunction)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const timeout = Stack.of(node).resolve(node.timeout) ?? 3;
    return typeof timeout === 'number' && timeout > maxSeconds ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  };
  Object.defineProperty(rule, 'name', { value: 'LongRunningFunction' });
  return rule;
}
