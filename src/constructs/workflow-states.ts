import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { WorkflowChoiceRule, WorkflowStep, WorkflowStepType } from './workflow-steps';
import { nextOf } from './workflow-validation';

/** States that can retry and catch. */
type HandlingState = sfn.TaskStateBase | sfn.Parallel | sfn.Map;

/**
 * Builds the Step Functions states of a list of (already checked) steps under `scope`, one state
 * per step named after it, JSONPath only; returns the first. Branches and item steps are built
 * as lists of their own.
 */
export function buildStates(scope: Construct, steps: WorkflowStep[], functions: { [stepName: string]: lambda.IFunction }): sfn.State {
  const states = new Map<string, sfn.State>();
  for (const step of steps) {
    states.set(step.name, createState(scope, step, functions));
  }
  steps.forEach((step, index) => wire(step, states, nextOf(step, steps, index)));
  return states.get(steps[0].name)!;
}

function createState(scope: Construct, step: WorkflowStep, functions: { [stepName: string]: lambda.IFunction }): sfn.State {
  const stateName = step.name;
  const taskTimeout = step.timeoutSeconds !== undefined ? sfn.Timeout.duration(Duration.seconds(step.timeoutSeconds)) : undefined;
  switch (step.type) {
    case WorkflowStepType.TASK:
      // the function's own result is the state's: its Resource is the function ARN
      return tasks.LambdaInvoke.jsonPath(scope, step.name, {
        stateName,
        lambdaFunction: functions[step.name],
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
        resultPath: step.resultPath,
        taskTimeout,
      });
    case WorkflowStepType.CALLBACK:
      return tasks.LambdaInvoke.jsonPath(scope, step.name, {
        stateName,
        lambdaFunction: functions[step.name],
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({ taskToken: sfn.JsonPath.taskToken, input: sfn.JsonPath.entirePayload }),
        retryOnServiceExceptions: true,
        resultPath: step.resultPath,
        taskTimeout,
        heartbeatTimeout: step.heartbeatSeconds !== undefined ? sfn.Timeout.duration(Duration.seconds(step.heartbeatSeconds)) : undefined,
      });
    case WorkflowStepType.PARALLEL: {
      const parallel = sfn.Parallel.jsonPath(scope, step.name, { stateName, resultPath: step.resultPath });
      for (const branch of step.branches!) {
        parallel.branch(buildStates(scope, branch.steps, functions));
      }
      return parallel;
    }
    case WorkflowStepType.MAP: {
      const map = sfn.Map.jsonPath(scope, step.name, {
        stateName,
        itemsPath: step.itemsPath,
        maxConcurrency: step.maxConcurrency ?? 10,
        resultPath: step.resultPath,
      });
      return map.itemProcessor(buildStates(scope, step.itemSteps!, functions));
    }
    case WorkflowStepType.CHOICE:
      return sfn.Choice.jsonPath(scope, step.name, { stateName });
    case WorkflowStepType.WAIT:
      return sfn.Wait.jsonPath(scope, step.name, {
        stateName,
        time: step.waitSeconds !== undefined
          ? sfn.WaitTime.duration(Duration.seconds(step.waitSeconds))
          : sfn.WaitTime.timestampPath(step.timestampPath!),
      });
    case WorkflowStepType.SUCCEED:
      return sfn.Succeed.jsonPath(scope, step.name, { stateName });
    default:
      return sfn.Fail.jsonPath(scope, step.name, { stateName, error: step.error, cause: step.cause });
  }
}

function wire(step: WorkflowStep, states: Map<string, sfn.State>, next: string | undefined): void {
  const state = states.get(step.name)!;
  if (next !== undefined) {
    (state as unknown as sfn.INextable).next(states.get(next)!);
  }
  for (const retry of step.retry ?? []) {
    // after the transient Lambda errors LambdaInvoke retries itself
    (state as HandlingState).addRetry({
      errors: retry.errors ?? [sfn.Errors.ALL],
      interval: Duration.seconds(retry.intervalSeconds ?? 2),
      maxAttempts: retry.maxAttempts ?? 3,
      backoffRate: retry.backoffRate ?? 2,
    });
  }
  for (const handler of step.catch ?? []) {
    (state as HandlingState).addCatch(states.get(handler.next)!, {
      errors: handler.errors ?? [sfn.Errors.ALL],
      resultPath: handler.resultPath ?? '$.error',
    });
  }
  if (step.type === WorkflowStepType.CHOICE) {
    const choice = state as sfn.Choice;
    for (const rule of step.choices!) {
      choice.when(conditionOf(rule), states.get(rule.next)!);
    }
    if (step.defaultNext !== undefined) {
      choice.otherwise(states.get(step.defaultNext)!);
    }
  }
}

/** The one comparison of a rule (checked before). */
function conditionOf(rule: WorkflowChoiceRule): sfn.Condition {
  const variable = rule.variable;
  if (rule.stringEquals !== undefined) {
    return sfn.Condition.stringEquals(variable, rule.stringEquals);
  }
  if (rule.numericEquals !== undefined) {
    return sfn.Condition.numberEquals(variable, rule.numericEquals);
  }
  if (rule.numericGreaterThan !== undefined) {
    return sfn.Condition.numberGreaterThan(variable, rule.numericGreaterThan);
  }
  if (rule.numericGreaterThanEquals !== undefined) {
    return sfn.Condition.numberGreaterThanEquals(variable, rule.numericGreaterThanEquals);
  }
  if (rule.numericLessThan !== undefined) {
    return sfn.Condition.numberLessThan(variable, rule.numericLessThan);
  }
  if (rule.numericLessThanEquals !== undefined) {
    return sfn.Condition.numberLessThanEquals(variable, rule.numericLessThanEquals);
  }
  if (rule.booleanEquals !== undefined) {
    return sfn.Condition.booleanEquals(variable, rule.booleanEquals);
  }
  return rule.isPresent ? sfn.Condition.isPresent(variable) : sfn.Condition.isNotPresent(variable);
}
