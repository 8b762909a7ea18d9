/** A workflow's section: what starts it, and its steps as a flowchart. */
import { id } from './nodes';
import { bytes, keysText } from './text';
import { WorkflowStep, WorkflowStepType } from '../../../constructs/workflow-steps';
import { allSteps, nextOf } from '../../../constructs/workflow-validation';
import { WorkflowModel } from '../../model';
import { WorkflowObjectTriggerOptions } from '../../options';
import { lines } from '../typescript';

/** A workflow's section: what starts it, and its steps as a flowchart. */
export function workflowSection(workflow: WorkflowModel, tracing: boolean): string {
  return lines(
    `## Workflow \`${workflow.service}/${workflow.name}\``,
    '',
    `${workflow.type} state machine, ${workflow.trigger?.objectCreated ? `started by ${describeObjectTrigger(workflow.trigger.objectCreated)}`
      : workflow.trigger ? `started by the events ${(workflow.trigger.sources ?? []).join('|') || '(any source)'}/${(workflow.trigger.detailTypes ?? []).join('|') || '(any detail type)'}` : 'started by API call or by hand'}` +
      `${workflow.timeoutSeconds ? `, timing out after ${workflow.timeoutSeconds} s` : ''}; logs ALL events (without execution data)${tracing ? ' and traces with X-Ray' : ''}. ` +
      'Its offline runs are in `test/generated/workflows.test.ts`.',
    '',
    '```mermaid',
    'flowchart TD',
    ...stepLines(workflow.steps, 'step'),
    '```',
    '',
  );
}

/** Nodes and edges of a list of steps; branches and item steps as subgraphs. */
function stepLines(steps: WorkflowStep[], prefix: string): string[] {
  const node = (name: string) => `${prefix}_${id(name)}`;
  const all = new Map(allSteps(steps).map((step) => [step.name, step]));
  const ref = (name: string) => `step_${id(name)}`;
  const shape = (step: WorkflowStep) => {
    const label = `${step.name}${step.type === WorkflowStepType.TASK ? '' : ` (${step.type.toLowerCase()})`}`;
    switch (step.type) {
      case WorkflowStepType.CHOICE: return `{"${label}"}`;
      case WorkflowStepType.SUCCEED:
      case WorkflowStepType.FAIL: return `(["${label}"])`;
      default: return `["${label}"]`;
    }
  };
  const result: string[] = [];
  const walk = (list: WorkflowStep[], depth: number) => {
    const pad = '  '.repeat(depth);
    list.forEach((step, index) => {
      result.push(`${pad}${node(step.name)}${shape(step)}`);
      const following = nextOf(step, list, index);
      if (following && all.has(following)) result.push(`${pad}${node(step.name)} --> ${ref(following)}`);
      (step.choices ?? []).forEach((rule) => {
        const [comparison, value] = Object.entries(rule).find(([key]) => key !== 'variable' && key !== 'next')!;
        result.push(`${pad}${node(step.name)} -- "${rule.variable} ${comparison} ${String(value).replace(/"/g, "'")}" --> ${ref(rule.next)}`);
      });
      if (step.defaultNext) result.push(`${pad}${node(step.name)} -- "otherwise" --> ${ref(step.defaultNext)}`);
      (step.catch ?? []).forEach((handler) => result.push(`${pad}${node(step.name)} -. "${(handler.errors ?? ['States.ALL']).join(', ')}" .-> ${ref(handler.next)}`));
      (step.branches ?? []).forEach((branch, branchIndex) => {
        result.push(`${pad}subgraph ${node(step.name)}_branch${branchIndex + 1} ["branch ${branchIndex + 1}"]`);
        walk(branch.steps, depth + 1);
        result.push(`${pad}end`);
        if (branch.steps[0]) result.push(`${pad}${node(step.name)} --> ${ref(branch.steps[0].name)}`);
      });
      if (step.itemSteps?.length) {
        result.push(`${pad}subgraph ${node(step.name)}_items ["for each item of ${step.itemsPath ?? '$'}"]`);
        walk(step.itemSteps, depth + 1);
        result.push(`${pad}end`);
        result.push(`${pad}${node(step.name)} --> ${ref(step.itemSteps[0].name)}`);
      }
    });
  };
  walk(steps, 1);
  return result;
}

/** `objects created in bucket `uploads` under large/ of 100 MiB or more, through EventBridge's default bus`: how a workflow starts. */
function describeObjectTrigger(created: WorkflowObjectTriggerOptions): string {
  return `objects created in bucket \`${created.bucket}\`${keysText(created.prefix ?? '', created.suffix ?? '')}` +
    `${created.minSizeBytes !== undefined ? ` of ${bytes(created.minSizeBytes)} (${created.minSizeBytes} bytes) or more` : ''}` +
    ', through EventBridge\'s default bus (not the app\'s)';
}
