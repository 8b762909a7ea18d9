import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/**
 * Reserved concurrency that would leave the account's unreserved pool below its minimum:
 * the deployment fails ("decreases account's UnreservedConcurrentExecution below its minimum
 * value"). Sums the reservations of every function of the app.
 */
export function unreservedConcurrency(accountConcurrency: number, minimumUnreserved: number): (node: CfnResource) => NagRuleResult {
  const rule = (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnFunction)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const reserved = Stack.of(node).resolve(node.reservedConcurrentExecutions);
    if (typeof reserved !== 'number') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const total = node.node.root.node.findAll()
      .filter((child): child is CfnFunction => child instanceof CfnFunction)
      .map((fn) => Stack.of(fn).resolve(fn.reservedConcurrentExecutions))
      .filter((value): value is number => typeof value === 'number')
      .reduce((sum, value) => sum + value, 0);
    return accountConcurrency - total < minimumUnreserved ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  };
  Object.defineProperty(rule, 'name', { value: 'UnreservedConcurrency' });
  return rule;
}
