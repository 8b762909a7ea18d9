import { Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventDelivery, eventDeliveryProblems } from './event-delivery';
import { FunctionScheduleProps } from './function-schedule-props';
import { findingText } from './nag-finding';

/**
 * The event a scheduled function receives: which schedule, the time the run was due, the run's
 * id (the same across its retries) and the attempt, filled in by Scheduler at each run.
 */
export const SCHEDULE_EVENT: Record<string, string> = {
  schedule: scheduler.ContextAttribute.scheduleArn,
  scheduledTime: scheduler.ContextAttribute.scheduledTime,
  executionId: scheduler.ContextAttribute.executionId,
  attemptNumber: scheduler.ContextAttribute.attemptNumber,
};

/**
 * An EventBridge Scheduler schedule that invokes `fn`, with a role of its own that Scheduler may
 * assume for this account only and that may invoke that function only, retrying what Lambda
 * refuses and then sending it to `deadLetterQueue`, as the rules of `Microservice` do.
 */
export function scheduleFunction(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  props: FunctionScheduleProps,
  deadLetterQueue: sqs.IQueue,
): scheduler.Schedule {
  const [problem] = eventDeliveryProblems(props, (field) => `${scope.node.path}/${id}: \`schedule.${field}\``);
  if (problem) {
    throw new Error(problem);
  }
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
  const schedule = new scheduler.Schedule(scope, id, {
    // a rate ignores the time zone; Scheduler is given UTC for it, as for a cron or at left without one
    schedule: scheduler.ScheduleExpression.expression(props.expression, TimeZone.of(props.timeZone ?? 'UTC')),
    target: new targets.LambdaInvoke(fn, {
      role,
      deadLetterQueue,
      ...eventDelivery(props),
      input: scheduler.ScheduleTargetInput.fromObject(SCHEDULE_EVENT),
    }),
    timeWindow: props.flexibleWindow ? scheduler.TimeWindow.flexible(props.flexibleWindow) : scheduler.TimeWindow.off(),
    enabled: props.enabled ?? true,
  });
  Validations.of(role).acknowledge(...fn.resourceArnsForGrantInvoke
    .map((arn) => findingText(Stack.of(scope).resolve(arn)))
    .filter((arn) => arn.includes('*'))
    .map((arn) => ({
      id: `AwsSolutions-IAM5[Resource::${arn}]`,
      reason: 'CDK\'s grant lets the schedule invoke the versions and aliases of its function, and that function only.',
    })));
  return schedule;
}
