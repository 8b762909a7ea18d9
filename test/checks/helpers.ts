import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ServerlessPatternsChecks, ServerlessPatternsChecksProps } from '../../src';

export function testStack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** A plain function, as a user might write one by hand. */
export function fn(stack: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...props,
  });
}

/** The pack's findings on `stack`, as `RuleName[finding] @ construct path` (ids without the pack prefix). */
export function findings(stack: Stack, props: ServerlessPatternsChecksProps = {}): string[] {
  const report = new ServerlessPatternsChecks(undefined, props).validateScope(stack);
  return report.violations.flatMap((violation) => violation.violatingResources.map((resource) =>
    `${violation.ruleName.replace(/^ServerlessPatterns-/, '')} @ ${resource.constructPath}`));
}
