import { CfnResource } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { allowsAction, invocationIds, resourcesOfType, resourcesText, statementsOf } from './helpers';

/**
 * Lambda chaining: a function may invoke another function (`lambda:InvokeFunction` on it, on
 * `*` or on a `function:*` pattern). Chain through EventBridge, SQS or Step Functions instead.
 */
export function LambdaChaining(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnFunction)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const own = invocationIds(node);
  const others = resourcesOfType(node, CfnFunction).flatMap(invocationIds).filter((id) => !own.includes(id));
  const invokes = statementsOf(node).filter((s) => allowsAction(s, 'lambda:InvokeFunction') || allowsAction(s, 'lambda:InvokeAsync'));
  const chained = invokes.some((s) => resourcesText(s).some((text) =>
    text === '"*"' || /:function:\*/.test(text) || others.some((id) => text.includes(`"${id}"`))));
  return chained ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
