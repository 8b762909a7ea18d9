import { WorkflowStep, WorkflowStepType } from '../constructs/workflow-steps';

/** Every step of a list, then the steps of its branches and item processors, depth first. */
export function allSteps(steps: readonly WorkflowStep[]): WorkflowStep[] {
  return steps.flatMap((step) => [
    step,
    ...allSteps((step.branches ?? []).flatMap((branch) => branch.steps ?? [])),
    ...allSteps(step.itemSteps ?? []),
  ]);
}

/** The steps that run a Lambda function: TASK and CALLBACK, nested ones included. */
export function taskSteps(steps: readonly WorkflowStep[]): WorkflowStep[] {
  return allSteps(steps).filter((step) => step.type === WorkflowStepType.TASK || step.type === WorkflowStepType.CALLBACK);
}
