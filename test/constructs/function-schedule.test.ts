import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { fakeBundle, logicalId } from './helpers';
import { Microservice, ServiceFunction } from '../../src';

const assetPath = fakeBundle();

function reports(schedule: object): { stack: Stack; fn: ServiceFunction } {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const service = new Microservice(stack, 'Reports', { serviceName: 'reports' });
  const fn = service.addFunction('Nightly', { assetPath, schedule: { expression: 'rate(1 day)', ...schedule } });
  return { stack, fn };
}

describe('Microservice: a function with a `schedule`', () => {
  test('gets an EventBridge Scheduler schedule with its time zone, window, retries and the function\'s dead-letter queue', () => {
    // GIVEN / WHEN
    const { stack, fn } = reports({
      expression: 'cron(0 2 ? * MON-FRI *)', timeZone: 'Europe/Paris', flexibleWindow: Duration.minutes(15), retryAttempts: 3, maxEventAge: Duration.hours(1),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] } },
        Input: Match.serializedJson({
          schedule: '<aws.scheduler.schedule-arn>',
          scheduledTime: '<aws.scheduler.scheduled-time>',
          executionId: '<aws.scheduler.execution-id>',
          attemptNumber: '<aws.scheduler.attempt-number>',
        }),
      },
    });
  });

  test('left at its defaults: UTC, no window, 185 retries over 24 hours, enabled', () => {
    const { stack } = reports({});
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } },
    });
  });

  test('its role may be assumed by Scheduler for this account only', () => {
    const { stack } = reports({ enabled: false });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
  });

  test('is invoked asynchronously: it gets a dead-letter queue', () => {
    const { fn } = reports({});
    expect(fn.deadLetterQueue).toBeDefined();
  });

  test('fails on a retry policy Scheduler refuses, naming the prop', () => {
    expect(() => reports({ retryAttempts: 186 })).toThrow('Test/Reports/NightlySchedule: `schedule.retryAttempts` must be a whole number from 0 to 185; got 186.');
  });
});
