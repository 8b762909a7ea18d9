import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ServerlessEventBus } from '../../src';

function testStack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

describe('ServerlessEventBus', () => {
  test('archives every event of the bus for 7 days, for replay', () => {
    // GIVEN
    const stack = testStack();

    // WHEN
    new ServerlessEventBus(stack, 'Events');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsBus'), 'Arn'] },
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 7,
    });
  });

  test('keeps the archive as long as asked, or has none', () => {
    const stack = testStack();
    new ServerlessEventBus(stack, 'Kept', { archiveRetention: Duration.days(90) });
    new ServerlessEventBus(stack, 'Unarchived', { archive: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });

  test('rejects a retention that is not whole days', () => {
    expect(() => new ServerlessEventBus(testStack(), 'Events', { archiveRetention: Duration.hours(36) }))
      .toThrow('Test/Events: `archiveRetention` must be a whole number of days, 0 (forever) or more; got 1 day 12 hours.');
  });
});
