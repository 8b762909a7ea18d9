import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, NestedStack, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { readAssembly } from '../../src/local';
import { StackArtifact } from '../../src/local/assembly/manifest';
import { withNestedStacks } from '../../src/local/assembly/nested-stacks';

/** A stack artifact of `dir`, whose nested templates are written there. */
function artifact(dir: string, paths: Array<[string, string]> = []): StackArtifact {
  return {
    artifactId: 'shop',
    stackName: 'shop',
    displayName: 'shop',
    directory: dir,
    templateFile: path.join(dir, 'shop.template.json'),
    paths: new Map(paths.map(([constructPath, id]) => [id, constructPath])),
    constructPaths: paths,
  };
}

function write(dir: string, file: string, template: object): void {
  fs.writeFileSync(path.join(dir, file), JSON.stringify(template));
}

/** A nested stack resource as CDK writes it when the CLI synthesizes (with its asset path). */
const nestedStack = (file: string, parameters: object, dependsOn?: string[]) => ({
  Type: 'AWS::CloudFormation::Stack',
  Properties: { TemplateURL: 'https://example/x.json', Parameters: parameters },
  Metadata: { 'aws:asset:path': file, 'aws:cdk:path': 'shop/ItemsStack.NestedStack/ItemsStack.NestedStackResource' },
  ...(dependsOn && { DependsOn: dependsOn }),
});

describe('withNestedStacks: a nested stack inlined into its stack', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-'));

  test('its resources are prefixed with its construct id; parameters become what the stack passes; outputs what they are worth', () => {
    // GIVEN
    write(dir, 'items.nested.template.json', {
      Parameters: { referencetoBusRef: { Type: 'String' } },
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Rule: {
          Type: 'AWS::Events::Rule',
          Properties: {
            EventBusName: { Ref: 'referencetoBusRef' },
            Targets: [{ Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Id: 'q' }],
            Description: { 'Fn::Sub': '${AWS::StackName} ${Queue.QueueName} ${referencetoBusRef} ${!Literal}' },
          },
          DependsOn: ['Queue'],
        },
      },
      Outputs: { QueueArn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    });
    const template = {
      Resources: {
        Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'bus' } },
        Nested: nestedStack('items.nested.template.json', { referencetoBusRef: { Ref: 'Bus' } }),
        Consumer: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['Nested', 'Outputs.QueueArn'] } }, DependsOn: ['Nested', 'Bus'] },
      },
    };

    // WHEN
    const merged = withNestedStacks(template, artifact(dir));

    // THEN
    expect(Object.keys(merged.Resources).sort()).toEqual(['Bus', 'Consumer', 'ItemsStackQueue', 'ItemsStackRule']);
    expect(merged.Resources.ItemsStackRule).toEqual({
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'Bus' },
        Targets: [{ Arn: { 'Fn::GetAtt': ['ItemsStackQueue', 'Arn'] }, Id: 'q' }],
        // the nested stack's own name, and the parameter's value, as variables of the substitution
        Description: { 'Fn::Sub': ['${AWSStackName} ${ItemsStackQueue.QueueName} ${referencetoBusRef} ${!Literal}', { AWSStackName: 'shop-ItemsStack', referencetoBusRef: { Ref: 'Bus' } }] },
      },
      DependsOn: ['ItemsStackQueue'],
    });
    expect(merged.Resources.Consumer).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: { 'Fn::GetAtt': ['ItemsStackQueue', 'Arn'] } },
      DependsOn: ['Bus'],
    });
  });

  test('a parameter neither passed nor defaulted, and a nested template with conditions, are refused naming the file', () => {
    write(dir, 'unpassed.nested.template.json', { Parameters: { Missing: { Type: 'String' } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
    write(dir, 'conditional.nested.template.json', { Conditions: { C: { 'Fn::Equals': ['a', 'b'] } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
    expect(() => withNestedStacks({ Resources: { N: nestedStack('unpassed.nested.template.json', {}) } }, artifact(dir)))
      .toThrow(/Resources\.N\.Properties\.Parameters: the nested stack's parameter Missing has no value and no Default/);
    expect(() => withNestedStacks({ Resources: { N: nestedStack('conditional.nested.template.json', {}) } }, artifact(dir)))
      .toThrow(/conditional\.nested\.template\.json: local mode runs nested stacks without Conditions; this one has them/);
  });
});

describe('readAssembly of an app with a nested stack per service', () => {
  test('runs it as one app: the nested stack\'s table and queue, its rule on the shared bus, nothing left unrun', () => {
    // GIVEN: synthesized as the tests do, without the CLI's metadata (the template found by its asset key)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-app-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'shop');
    const bus = new events.EventBus(stack, 'Bus');
    const items = new NestedStack(stack, 'ItemsStack');
    new dynamodb.Table(items, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const queue = new sqs.Queue(items, 'Queue');
    new events.Rule(items, 'Rule', { eventBus: bus, eventPattern: { source: ['items'] }, targets: [] }).addTarget({ bind: () => ({ arn: queue.queueArn, id: 'q' }) });
    new CfnOutput(stack, 'QueueUrl', { value: queue.queueUrl });

    // WHEN
    app.synth();
    const local = readAssembly(outdir);

    // THEN
    expect(local.tables.map((table) => table.name)).toEqual([expect.stringMatching(/^shop-ItemsStackTable/)]);
    expect(local.rules).toHaveLength(1);
    expect(local.queues.map((q) => q.name)).toEqual([expect.stringMatching(/^shop-ItemsStackQueue/)]);
    expect(local.notEmulated).toEqual({});
  });
});
