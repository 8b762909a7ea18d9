import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnMethod } from 'aws-cdk-lib/aws-apigateway';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { invocationIds, refersToAny, resourcesOfType } from './helpers';
import { API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS } from '../../presets';


/**
 * Synchronous waiting behind an API: a function integrated with an API Gateway method whose
 * timeout is longer than the 29 s API Gateway waits. The caller gets a 504 while the function
 * runs, and bills, on. Start the work and answer 202, then let Step Functions wait.
 */
export function ApiTimeoutBeyondIntegration(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnFunction)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const ids = invocationIds(node);
  const behindApi = resourcesOfType(node, CfnMethod).some((method) => refersToAny(method, method.integration, ids));
  const timeout = Stack.of(node).resolve(node.timeout) ?? 3;
  if (!behindApi || typeof timeout !== 'number') {
    return NagRuleCompliance.COMPLIANT;
  }
  return timeout > API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
