import { App, CfnResource, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagMessageLevel, NagPack, NagRuleCompliance } from 'cdk-nag';
import { FailOnNagErrors } from '../../src';

/** A pack with one rule of the given level that flags every Lambda function. */
class FlagEveryFunction extends NagPack {
  public readonly name = 'Test';
  constructor(private readonly level: NagMessageLevel) {
    super();
    this.packName = 'Test';
  }
  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: 'flagged',
      explanation: 'every function is flagged',
      level: this.level,
      node,
      rule: function EveryFunction(resource: CfnResource) {
        return resource instanceof lambda.CfnFunction ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
      },
    });
  }
}

function synthWith(plugin: IPolicyValidationPlugin): () => void {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Test');
  new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = 1;') });
  Validations.of(app).addPlugins(plugin);
  return () => app.synth();
}

describe('FailOnNagErrors', () => {
  test('fails synthesis on an error finding', () => {
    expect(synthWith(new FailOnNagErrors(new FlagEveryFunction(NagMessageLevel.ERROR)))).toThrow(/Test-EveryFunction/);
  });

  test('lets synthesis finish on a warning, and reports it', () => {
    const report = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(synthWith(new FailOnNagErrors(new FlagEveryFunction(NagMessageLevel.WARN)))).not.toThrow();
    expect(report.mock.calls.flat().join('\n')).toMatch(/WARNING flagged \(Test\)\n\s+Test\/Fn\/Resource/);
    report.mockRestore();
  });

  test('where the bare pack fails synthesis on that warning', () => {
    expect(synthWith(new FlagEveryFunction(NagMessageLevel.WARN))).toThrow(/Test-EveryFunction/);
  });
});
