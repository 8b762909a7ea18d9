import { runCases } from './nested';
import { AppModel, WorkflowModel } from '../../model';
import { CDK_CONTEXT_IMPORT } from '../cdk-context';
import { describeKeys } from '../describe';
import { busPattern, objectCreatedPattern } from '../event-patterns';
import { CONSTRUCTS_MODULE, lines, literal, str, TESTING_MODULE } from '../typescript';

/** Stands for the bucket's name in a pattern: a reference in the template, matched by `expect.anything()`. */
const BUCKET_NAME = '<the bucket name>';

/**
 * `test/generated/workflows.test.ts`: each workflow's definition validated as ASL, then run
 * offline with its task functions stubbed, once per route through it that the options declare:
 * each choice rule and default, each parallel join, each map over items, each retry, each
 * catch. Inputs are derived from the choice rules on the way to the step under test; a step
 * that can only be reached through a step that reshapes the state (a PARALLEL or MAP without a
 * `resultPath`) gets no run (docs/patterns/workflows.md says which runs are derived).
 * The steps of branches and item processors get the same runs, made runs of the whole workflow.
 */
export function renderWorkflowTests(app: AppModel): string {
  const stackModule = `../../src/generated/${app.stackName}-stack.generated`;
  const workflows = app.services.flatMap((service) => service.workflows.map((workflow) => ({ service, workflow })));
  return lines(
    "import { App, CfnElement, Stack } from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    `import { ServerlessWorkflow } from ${str(CONSTRUCTS_MODULE)};`,
    `import { WorkflowTester } from ${str(TESTING_MODULE)};`,
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from ${str(stackModule)};`,
    '',
    '// One synthesis for the whole file, read stack by stack',
    `const stack = new ${app.stackClassName}(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Test');`,
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a CloudFormation template is untyped JSON',
    'type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;',
    'const templates = new Map<Stack, Resources>();',
    '',
    '/** The resources of the stack that holds the workflow, by logical id. */',
    'function templateOf(workflow: ServerlessWorkflow): Resources {',
    '  const holder = Stack.of(workflow);',
    '  if (!templates.has(holder)) {',
    '    templates.set(holder, Template.fromStack(holder).toJSON().Resources);',
    '  }',
    '  return templates.get(holder)!;',
    '}',
    '',
    'function logicalId(workflow: ServerlessWorkflow): string {',
    '  const stateMachine = workflow.stateMachine.node.defaultChild as CfnElement;',
    '  return Stack.of(stateMachine).getLogicalId(stateMachine);',
    '}',
    ...workflows.map(({ service, workflow }) => renderWorkflowDescribe(`stack.${service.propertyName}.${workflow.propertyName}`, workflow, app.tracing)),
    '',
  );
}

function renderWorkflowDescribe(ref: string, workflow: WorkflowModel, tracing: boolean): string {
  const cases = runCases(workflow.steps);
  return lines(
    '',
    `describe(${str(`the ${workflow.service} service's ${workflow.name} workflow`)}, () => {`,
    `  const workflow = ${ref};`,
    '  const tester = new WorkflowTester(workflow);',
    '',
    "  test('its definition is valid Amazon States Language', () => {",
    '    expect(() => tester.validate()).not.toThrow();',
    '  });',
    '',
    `  test('${workflow.type === 'EXPRESS' ? 'an' : 'a'} ${workflow.type} state machine that logs ALL events to its log group, without execution data, X-Ray ${tracing ? 'on' : 'off'}', () => {`,
    '    const props = templateOf(workflow)[logicalId(workflow)].Properties;',
    `    expect(props.StateMachineType).toBe(${str(workflow.type)});`,
    "    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });",
    `    expect(props.TracingConfiguration?.Enabled ?? false).toBe(${tracing});`,
    '  });',
    workflow.trigger && lines(
      '',
      `  test('started by ${describeTrigger(workflow)}', () => {`,
      "    const rules = Object.values(templateOf(workflow)).filter((r) => r.Type === 'AWS::Events::Rule'",
      '      && JSON.stringify(r.Properties.Targets).includes(logicalId(workflow)));',
      '    expect(rules).toHaveLength(1);',
      `    expect(rules[0].Properties.EventPattern).toEqual(${literal(triggerPattern(workflow)).split(str(BUCKET_NAME)).join('expect.anything()')});`,
      '    expect(rules[0].Properties.Targets[0]).toMatchObject({ DeadLetterConfig: expect.anything(), RetryPolicy: expect.anything() });',
      '  });',
    ),
    ...cases.map((run) => lines(
      '',
      `  test(${str(run.title)}, async () => {`,
      `    const run = await tester.run(${literal(run.input)}${run.stubs ? `, { stubs: ${literal(run.stubs)} }` : ''});`,
      ...run.expectations.map((expectation) => `    ${expectation}`),
      '  });',
    )),
    '});',
  );
}

function describeTrigger(workflow: WorkflowModel): string {
  const trigger = workflow.trigger!;
  const created = trigger.objectCreated;
  if (created) {
    const keys = describeKeys({ prefix: created.prefix ?? '', suffix: created.suffix ?? '' });
    return `objects created in bucket ${created.bucket}${keys}${created.minSizeBytes !== undefined ? `, ${created.minSizeBytes} bytes or more` : ''}`;
  }
  return `${(trigger.sources ?? []).join('|') || '(any source)'}/${(trigger.detailTypes ?? []).join('|') || '(any detail type)'}${trigger.detail ? ' with a detail filter' : ''}`;
}

function triggerPattern(workflow: WorkflowModel): object {
  const trigger = workflow.trigger!;
  // the bucket's name is a reference to the bucket: matched as whatever the template holds
  return trigger.objectCreated ? objectCreatedPattern(trigger.objectCreated, BUCKET_NAME) : busPattern(trigger);
}
