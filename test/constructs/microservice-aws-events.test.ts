import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { fakeBundle, logicalId } from './helpers';
import { EventSubscriptionProps, Microservice } from '../../src';

const assetPath = fakeBundle();

/** A service with a bus of its own, and a function with the given subscriptions; `bus: false` gives it none. */
function subscriber(subscriptions: EventSubscriptionProps[], bus = true) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const eventBus = bus ? new events.EventBus(stack, 'Bus') : undefined;
  const fn = new Microservice(stack, 'Ops', { serviceName: 'ops', eventBus }).addFunction('OnUpload', { assetPath, subscriptions });
  return { stack, eventBus, fn };
}

describe('Microservice: subscriptions to AWS services\' events', () => {
  test('`aws.*` sources: a rule on the default bus, with retries and the function\'s dead-letter queue, even without a bus of its own', () => {
    // GIVEN / WHEN
    const { stack, fn } = subscriber([{ sources: ['aws.s3'], detailTypes: ['Object Created'], retryAttempts: 3 }], false);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: { 'source': ['aws.s3'], 'detail-type': ['Object Created'] },
      Targets: [Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] } },
      })],
    });
  });

  test('the app\'s sources stay on the service\'s bus; `defaultBus: false` keeps AWS sources there too (events forwarded to it)', () => {
    const { stack, eventBus } = subscriber([{ sources: ['orders'] }, { sources: ['aws.s3'], defaultBus: false }]);
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'));
    expect(rules.map((rule) => rule.Properties.EventBusName)).toEqual([{ Ref: logicalId(eventBus!) }, { Ref: logicalId(eventBus!) }]);
  });

  test('`defaultBus: true` puts the app\'s sources on the default bus', () => {
    const { stack } = subscriber([{ sources: ['partner.billing'], defaultBus: true }], false);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventBusName: Match.absent(), EventPattern: { source: ['partner.billing'] } });
  });

  test('rejects AWS sources mixed with others: one rule is on one bus', () => {
    expect(() => subscriber([{ sources: ['aws.s3', 'orders'] }])).toThrow(
      "Test/Ops/OnUpload: `subscriptions[0]`: `sources` mixes AWS services' (aws.s3), whose events are on the default bus, with others (orders), on the service's bus; "
      + 'split it into two subscriptions, or set `defaultBus`.');
  });
});
