import { functionRef } from './helpers';
import { AppModel, FunctionModel } from '../../model';
import { busPattern } from '../event-patterns';
import { lines, literal, str } from '../typescript';

/** The event bus: one bus, its archive, and a rule per subscription with its retries and dead-letter queue. */
export function renderEventBusTests(app: AppModel): string | false {
  const subscribers = app.functions.filter((fn) => fn.subscriptions.some((subscription) => !subscription.defaultBus));
  return app.hasEventBus && lines(
    '',
    "describe('the event bus', () => {",
    "  test('there is one, for the services\\' events', () => {",
    "    expect(countOf('AWS::Events::EventBus')).toBe(1);",
    '  });',
    '',
    app.eventArchiveRetentionDays === undefined
      ? "  test('has no archive', () => {\n    expect(countOf('AWS::Events::Archive')).toBe(0);\n  });"
      : lines(
        `  test('archives every event for ${app.eventArchiveRetentionDays === 0 ? 'ever' : `${app.eventArchiveRetentionDays} days`}, for replay', () => {`,
        "    template.hasResourceProperties('AWS::Events::Archive', {",
        '      SourceArn: { \'Fn::GetAtt\': [logicalId(stack.eventBus.bus), \'Arn\'] },',
        `      RetentionDays: ${app.eventArchiveRetentionDays},`,
        '    });',
        '  });',
      ),
    subscribers.length > 0 && renderSubscriptionTests(subscribers, app, false),
    '});',
  );
}

/** AWS services' events (`aws.*` sources): a rule per subscription on the account's default bus, with the same retries and dead-letter queue. */
export function renderAwsEventTests(app: AppModel): string | false {
  const subscribers = app.functions.filter((fn) => fn.subscriptions.some((subscription) => subscription.defaultBus));
  return subscribers.length > 0 && lines(
    '',
    "describe('AWS services\\' events, on the default bus', () => {",
    renderSubscriptionTests(subscribers, app, true),
    '});',
  );
}

/** Static: finds the rules that target a function and checks pattern, retries and dead-letter queue. */
function subscriptionTest(defaultBus: boolean): string {
  return [
    "  test.each(subscriptions)('$name: subscribed to $pattern.source $pattern.detail-type', ({ fn, pattern, retryAttempts, maxEventAge }) => {",
    '    const rules = resources.filter((r) => r.Type === \'AWS::Events::Rule\'',
    '      && JSON.stringify(r.Properties.EventPattern) === JSON.stringify(pattern)',
    '      && r.Properties.Targets.some((t: { Arn: unknown }) => JSON.stringify(t.Arn).includes(logicalId(fn.invocable))));',
    '    expect(rules).toHaveLength(1);',
    defaultBus
      ? "    // no bus named: the account's default bus, where AWS services put their events\n    expect(rules[0].Properties.EventBusName).toBeUndefined();"
      : '    expect(rules[0].Properties.EventBusName).toEqual(refTo(stack.eventBus.bus, fn));',
    '    expect(rules[0].Properties.Targets[0]).toMatchObject({',
    '      RetryPolicy: { MaximumRetryAttempts: retryAttempts, MaximumEventAgeInSeconds: maxEventAge },',
    '      // what EventBridge could not deliver lands in the function\'s dead-letter queue',
    "      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] } },",
    '    });',
    '  });',
  ].join('\n');
}

function renderSubscriptionTests(subscribers: FunctionModel[], app: AppModel, defaultBus: boolean): string {
  const rows = subscribers.flatMap((fn) => fn.subscriptions.filter((subscription) => subscription.defaultBus === defaultBus).map((subscription) =>
    `    { name: ${str(`${fn.service}/${fn.name}`)}, fn: ${functionRef(fn, app)}, pattern: ${literal(busPattern(subscription))}, retryAttempts: ${subscription.retryAttempts}, maxEventAge: ${subscription.maxEventAgeSeconds} },`));
  return lines(
    '',
    '  const subscriptions = [',
    ...rows,
    '  ];',
    '',
    subscriptionTest(defaultBus),
  );
}
