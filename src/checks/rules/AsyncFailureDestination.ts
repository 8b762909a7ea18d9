import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnEventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/**
 * Nothing may be lost silently: every EventBridge rule target has a dead-letter queue, and
 * every stream event source mapping (Kinesis, DynamoDB Streams) an on-failure destination.
 * (SQS sources keep failed messages with their queue's redrive policy, which cdk-nag's
 * `SQS3` checks.)
 */
export function AsyncFailureDestination(node: CfnResource): NagRuleResult {
  const stack = Stack.of(node);
  if (node instanceof CfnRule) {
    const targets: Array<{ deadLetterConfig?: { arn?: unknown } }> = stack.resolve(node.targets) ?? [];
    return targets.every((target) => target.deadLetterConfig?.arn) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  if (node instanceof CfnEventSourceMapping) {
    if (stack.resolve(node.startingPosition) === undefined) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const destination = stack.resolve(node.destinationConfig);
    return destination?.onFailure?.destination ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}
