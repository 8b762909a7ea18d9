import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { fakeBundle } from './helpers';
import { NodeRuntimes, ServiceFunction } from '../../src';

const assetPath = fakeBundle();

/** A stack of three functions on `runtime`, as a generated app that leaves `nodeRuntime` to its default. */
function appOnDefaultRuntime(runtime: lambda.Runtime): Stack {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Shop');
  for (const id of ['List', 'Create', 'Get']) {
    new ServiceFunction(stack, id, { assetPath, runtime });
  }
  NodeRuntimes.requireNewest(stack, runtime);
  return stack;
}

/** The rule ids cdk-nag's two packs report on `stack`. */
function nagRules(stack: Stack): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()]
    .flatMap((pack) => pack.validateScope(stack).violations.map((violation) => violation.ruleName));
}

describe('NodeRuntimes', () => {
  test('newest: the Node.js runtime of the highest major in the installed aws-cdk-lib', () => {
    const majors = lambda.Runtime.ALL
      .map((runtime) => /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1])
      .filter((major): major is string => major !== undefined)
      .map(Number);
    expect(NodeRuntimes.newest().name).toBe(`nodejs${Math.max(...majors)}.x`);
    expect(NodeRuntimes.newest().family).toBe(lambda.RuntimeFamily.NODEJS);
  });

  test('requireNewest says nothing, and acknowledges nothing, when the runtime is the newest', () => {
    const stack = appOnDefaultRuntime(NodeRuntimes.newest());
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(nagRules(stack)).not.toContain('AwsSolutions-L1');
  });

  describe('with an aws-cdk-lib newer than the app\'s generator: one more Node.js runtime than it knows', () => {
    const current = NodeRuntimes.newest();
    const major = Number(/^nodejs(\d+)/.exec(current.name)![1]);
    let newer: lambda.Runtime;
    beforeAll(() => {
      // a runtime constructed here joins `lambda.Runtime.ALL`, as a newer aws-cdk-lib's own would
      // (jest gives each test file its own aws-cdk-lib, so no other test file sees it)
      newer = new lambda.Runtime(`nodejs${major + 2}.x`, lambda.RuntimeFamily.NODEJS);
    });

    test('without requireNewest, cdk-nag reports every function', () => {
      const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Shop');
      ['List', 'Create', 'Get'].forEach((id) => new ServiceFunction(stack, id, { assetPath, runtime: current }));
      expect(nagRules(stack).filter((rule) => rule === 'AwsSolutions-L1' || rule === 'Serverless-LambdaLatestVersion')).toHaveLength(2);
      const l1 = new AwsSolutionsChecks().validateScope(stack).violations.find((violation) => violation.ruleName === 'AwsSolutions-L1')!;
      expect(l1.violatingResources).toHaveLength(3);
    });

    test('one error names `nodeRuntime`, the runtime found and the value to set; cdk-nag reports no function', () => {
      const stack = appOnDefaultRuntime(current);
      const errors = Annotations.fromStack(stack).findError('*', Match.anyValue());
      expect(errors).toHaveLength(1);
      const member = current.name.toUpperCase().replace('.', '_').replace('NODEJS', 'NODEJS_');
      expect(errors[0].entry.data).toBe(
        `\`nodeRuntime\` is not set in .projenrc.ts, so the functions run ${current.name}, the newest Node.js runtime this `
        + `version of projen-serverless-patterns knows; but the installed aws-cdk-lib offers ${newer.name}, and cdk-nag asks for `
        + `the newest. Set \`nodeRuntime: NodeRuntime.${member}\` in .projenrc.ts to stay on ${current.name} on purpose, `
        + `or upgrade projen-serverless-patterns to a version that offers NodeRuntime.NODEJS_${major + 2}_X.`,
      );
      expect(nagRules(stack)).not.toEqual(expect.arrayContaining(['AwsSolutions-L1']));
      expect(nagRules(stack)).not.toEqual(expect.arrayContaining(['Serverless-LambdaLatestVersion']));
    });
  });
});
