import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ServerlessWorkflow, ServerlessWorkflowProps, WorkflowStep, WorkflowStepType } from '../../src/constructs';

/** The TASK and CALLBACK steps of `steps`, branches and item steps included. */
export function functionSteps(steps: WorkflowStep[]): string[] {
  return steps.flatMap((step) => [
    ...(step.type === WorkflowStepType.TASK || step.type === WorkflowStepType.CALLBACK ? [step.name] : []),
    ...(step.branches ?? []).flatMap((branch) => functionSteps(branch.steps)),
    ...functionSteps(step.itemSteps ?? []),
  ]);
}

/** A workflow of `steps` in a stack of its own, each function step on an imported function (no asset to stage). */
export function workflowOf(steps: WorkflowStep[], props: Partial<ServerlessWorkflowProps> = {}): ServerlessWorkflow {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const tasks = Object.fromEntries([...new Set(functionSteps(steps))].map((name) => [name, importedFunction(stack, name)]));
  return new ServerlessWorkflow(stack, 'Workflow', { steps, tasks, ...props });
}

/** A function of another app, as `Function.fromFunctionName` gives it. */
export function importedFunction(stack: Stack, name: string): lambda.IFunction {
  return lambda.Function.fromFunctionName(stack, `Fn-${name}`, `shop-${name}`);
}
