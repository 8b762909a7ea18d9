import { App, CfnResource, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import { FailOnFindings } from '../../src/checks';

/** A plugin like cdk-validator-cfnguard: one finding per resource of the stack, without a severity. */
const plugin: IPolicyValidationPlugin = {
  name: 'guard-like',
  validate: (context) => ({
    success: false,
    violations: [{
      ruleName: 'some_check',
      description: 'a finding',
      violatingResources: ['First', 'Second'].map((resourceLogicalId) => ({ resourceLogicalId, templatePath: context.templatePaths[0], locations: [] })),
    }],
  }),
};

/** Synthesizes a stack of two resources with `validation`, the first one's finding acknowledged. */
function synthWithOneAcknowledged(validation: IPolicyValidationPlugin): () => void {
  const app = new App();
  Validations.of(app).addPlugins(validation);
  const stack = new Stack(app, 'Stack');
  const first = new CfnResource(stack, 'First', { type: 'AWS::SQS::Queue' });
  new CfnResource(stack, 'Second', { type: 'AWS::SQS::Queue' });
  Validations.of(first).acknowledge({ id: 'guard-like::some_check', reason: 'does not apply to the first one' });
  return () => app.synth();
}

describe('FailOnFindings: a finding without a severity fails synth even when another one is acknowledged', () => {
  test('without it, aws-cdk-lib passes the unacknowledged finding of the second resource', () => {
    expect(synthWithOneAcknowledged(plugin)).not.toThrow();
  });

  test('with it, the second resource\'s finding fails synth', () => {
    expect(synthWithOneAcknowledged(new FailOnFindings(plugin))).toThrow(/ERROR a finding \(guard-like\)\n *Stack\/Second \(Second\)/);
  });
});
