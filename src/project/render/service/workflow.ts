/** A workflow of a service's generated file: its state machine, task functions and trigger. */
import { WorkflowStep } from '../../../constructs/workflow-steps';
import { WorkflowModel } from '../../model';
import { RETENTION_DAYS } from '../../runtimes';
import { indent, lines, literal, str, strArray } from '../typescript';

/** The `new ServerlessWorkflow(...)` of a service's workflow, with its steps written out as data. */
export function renderWorkflow(
  workflow: WorkflowModel,
  app: { tracing: boolean; logRetentionDays: number; hasEventBus: boolean; stages?: readonly object[] },
): string {
  const trigger = workflow.trigger;
  const appRetention = `logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]}`;
  // with stages, the stage's retention reaches the service through its function defaults
  const retention = (app.stages ?? []).length > 0 ? `props.functionDefaults.logGroupRetention ?? ${appRetention}` : appRetention;
  return lines(
    `this.${workflow.propertyName} = new ServerlessWorkflow(this, ${str(workflow.constructId)}, {`,
    `  type: WorkflowType.${workflow.type},`,
    '  steps: [',
    ...workflow.steps.map((step) => indent(2, `${renderStep(step)},`)),
    '  ],',
    '  tasks: {',
    ...workflow.tasks.map((fn) => `    ${str(fn.workflowStep!.step)}: this.${fn.propertyName},`),
    '  },',
    // a workflow that objects start gets its rule from the bucket (`addWorkflowRoute`), after it
    trigger && !trigger.objectCreated && lines(
      '  trigger: {',
      '    eventBus: props.eventBus,',
      (trigger.sources ?? []).length > 0 && `    sources: ${strArray(trigger.sources!)},`,
      (trigger.detailTypes ?? []).length > 0 && `    detailTypes: ${strArray(trigger.detailTypes!)},`,
      trigger.detail && `    detail: ${literal(trigger.detail)},`,
      '  },',
    ),
    workflow.timeoutSeconds !== undefined && `  timeout: Duration.seconds(${workflow.timeoutSeconds}),`,
    `  tracingEnabled: ${app.tracing},`,
    `  logRetention: ${retention},`,
    '});',
    !app.tracing && lines(
      '// tracing is off in .projenrc.ts (`tracing: false`)',
      `Validations.of(this.${workflow.propertyName}).acknowledge(`,
      "  { id: 'AwsSolutions-SF2', reason: 'X-Ray tracing is turned off in .projenrc.ts (`tracing: false`).' },",
      "  { id: 'Serverless-StepFunctionStateMachineXray', reason: 'X-Ray tracing is turned off in .projenrc.ts (`tracing: false`).' },",
      ');',
    ),
  );
}

/** Columns a generated line may take before a step is written a field per line. */
const MAX_LINE = 110;
/** Where the steps start in the generated service: inside `constructor`, `new ServerlessWorkflow({`, `steps: [`. */
const STEPS_COLUMN = 8;

/**
 * A step as a TypeScript object literal, its type as the enum member: on one line when it
 * fits, else a field per line, its branches and item steps likewise.
 */
function renderStep(step: WorkflowStep, column: number = STEPS_COLUMN): string {
  const oneLine = inlineStep(step);
  if (column + oneLine.length + 1 <= MAX_LINE) {
    return oneLine;
  }
  const { branches, itemSteps } = step;
  return lines(
    '{',
    ...scalarFields(step).map((field) => `  ${field},`),
    branches && lines(
      '  branches: [',
      ...branches.map((branch) => indent(2, `${renderBranch(branch.steps, column + 4)},`)),
      '  ],',
    ),
    itemSteps && lines(
      '  itemSteps: [',
      ...itemSteps.map((item) => indent(2, `${renderStep(item, column + 4)},`)),
      '  ],',
    ),
    '}',
  );
}

function renderBranch(steps: WorkflowStep[], column: number): string {
  const oneLine = `{ steps: [${steps.map(inlineStep).join(', ')}] }`;
  if (column + oneLine.length + 1 <= MAX_LINE) {
    return oneLine;
  }
  return lines('{', '  steps: [', ...steps.map((step) => indent(2, `${renderStep(step, column + 4)},`)), '  ],', '}');
}

function inlineStep(step: WorkflowStep): string {
  const nested = [
    step.branches && `branches: [${step.branches.map((branch) => `{ steps: [${branch.steps.map(inlineStep).join(', ')}] }`).join(', ')}]`,
    step.itemSteps && `itemSteps: [${step.itemSteps.map(inlineStep).join(', ')}]`,
  ].filter((field): field is string => typeof field === 'string');
  return `{ ${[...scalarFields(step), ...nested].join(', ')} }`;
}

/** `name`, `type` as the enum member, then the step's other fields as written in the options. */
function scalarFields(step: WorkflowStep): string[] {
  const { name, type, branches: _branches, itemSteps: _itemSteps, ...rest } = step;
  return [
    `name: ${str(name)}`,
    `type: WorkflowStepType.${type}`,
    ...Object.entries(rest).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}: ${literal(value)}`),
  ];
}
