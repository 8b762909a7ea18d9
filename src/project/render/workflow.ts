import { WorkflowStep } from '../../constructs/workflow-steps';
import { WorkflowModel } from '../model';
import { RETENTION_DAYS } from '../runtimes';
import { indent, lines, literal, str, strArray } from './typescript';

/** The `new ServerlessWorkflow(...)` of a service's workflow, with its steps written out as data. */
export function renderWorkflow(workflow: WorkflowModel, app: { tracing: boolean; logRetentionDays: number; hasEventBus: boolean }): string {
  const trigger = workflow.trigger;
  return lines(
    `this.${workflow.propertyName} = new ServerlessWorkflow(this, ${str(workflow.constructId)}, {`,
    `  type: WorkflowType.${workflow.type},`,
    '  steps: [',
    ...workflow.steps.map((step) => indent(2, `${renderStep(step)},`)),
    '  ],',
    '  tasks: {',
    ...workflow.tasks.map((fn) => `    ${str(fn.workflowStep!.step)}: this.${fn.propertyName},`),
    '  },',
    trigger && lines(
      '  trigger: {',
      '    eventBus: props.eventBus,',
      (trigger.sources ?? []).length > 0 && `    sources: ${strArray(trigger.sources!)},`,
      (trigger.detailTypes ?? []).length > 0 && `    detailTypes: ${strArray(trigger.detailTypes!)},`,
      trigger.detail && `    detail: ${literal(trigger.detail)},`,
      '  },',
    ),
    workflow.timeoutSeconds !== undefined && `  timeout: Duration.seconds(${workflow.timeoutSeconds}),`,
    `  tracingEnabled: ${app.tracing},`,
    `  logRetention: logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]},`,
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

/** A step as a TypeScript object literal: its type as the enum member, nested steps likewise. */
function renderStep(step: WorkflowStep): string {
  const { type, branches, itemSteps, ...rest } = step;
  const fields = [
    `name: ${str(step.name)}`,
    `type: WorkflowStepType.${type}`,
    ...Object.entries(rest).filter(([key, value]) => key !== 'name' && value !== undefined).map(([key, value]) => `${key}: ${literal(value)}`),
  ];
  const nested = [
    branches && `branches: [\n${branches.map((branch) => indent(1, `{ steps: [\n${branch.steps.map((s) => indent(1, `${renderStep(s)},`)).join('\n')}\n] },`)).join('\n')}\n]`,
    itemSteps && `itemSteps: [\n${itemSteps.map((s) => indent(1, `${renderStep(s)},`)).join('\n')}\n]`,
  ].filter((field): field is string => typeof field === 'string');
  if (nested.length === 0) {
    return `{ ${fields.join(', ')} }`;
  }
  return `{\n${[...fields, ...nested].map((field) => indent(1, `${field},`)).join('\n')}\n}`;
}
