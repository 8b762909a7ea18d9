/**
 * `alarms`: what `npx projen` refuses of it, and what the generated stack writes (the alarms
 * themselves are asserted by the generated architecture tests of the `alarms` variants).
 */
import { freshDir, read, synthApp } from './helpers';
import { AlarmsOptions } from '../../src';

/** The problems `npx projen` reports for `alarms`, or none. */
function problemsOf(alarms: AlarmsOptions): string[] {
  try {
    synthApp(freshDir(), { alarms });
    return [];
  } catch (error) {
    return (error as { problems?: string[] }).problems ?? [(error as Error).message];
  }
}

describe('alarms: what is refused', () => {
  test.each<[string, AlarmsOptions, string]>([
    ['a topic ARN of another service', { topicArn: 'arn:aws:sqs:us-east-1:111122223333:ops' },
      "`alarms.topicArn` must be an SNS topic's ARN, arn:aws:sns:<region>:<account>:<name>; got 'arn:aws:sqs:us-east-1:111122223333:ops'."],
    ['an address without a domain', { email: 'ops' }, "`alarms.email` must be an email address; got 'ops'."],
    ['a topic brought in and an address', { topicArn: 'arn:aws:sns:us-east-1:111122223333:ops', email: 'ops@example.com' },
      'Set `alarms.topicArn` or `alarms.email`, not both: subscribe the address to the topic you bring.'],
    ['1.5 errors', { functionErrors: 1.5 }, '`alarms.functionErrors` must be a whole number of errors, 0 or more; got 1.5.'],
    ['a duration of 0 % of the timeout', { durationPercentOfTimeout: 0 },
      '`alarms.durationPercentOfTimeout` must be a percent of the timeout, more than 0 and at most 100; got 0.'],
    ['a queue age of 30 s', { queueAgeSeconds: 30 }, "`alarms.queueAgeSeconds` must be from 60 s to 14 days (SQS's longest retention); got 30 s."],
    ['a 5XX rate of 101 %', { api5xxRatePercent: 101 }, '`alarms.api5xxRatePercent` must be a percent of requests, more than 0 and at most 100; got 101.'],
    ['a latency beyond the integration timeout', { apiLatencyP99Ms: 30_000 },
      "`alarms.apiLatencyP99Ms` must be more than 0 and at most API Gateway's 29 s integration timeout; got 30000 ms."],
  ])('%s', (_name, alarms, message) => {
    expect(problemsOf(alarms)).toEqual([message]);
  });

  test('the thresholds at their limits pass', () => {
    const limits = { functionErrors: 0, durationPercentOfTimeout: 100, queueAgeSeconds: 60, api5xxRatePercent: 100, apiLatencyP99Ms: 29_000 };
    expect(problemsOf(limits)).toEqual([]);
  });
});

describe('alarms: the generated stack', () => {
  test('without the option: no props interface of its own, no alarms', () => {
    const outdir = freshDir();
    synthApp(outdir, {});
    const stack = read(outdir, 'src/generated/shop-stack.generated.ts');
    expect(stack).toContain('constructor(scope: Construct, id: string, props?: StackProps) {');
    expect(stack).not.toContain('OperationalAlarms');
  });

  test('alarms: {}: the props interface with `alarms`, on by default, each service watched, then the app\'s stack', () => {
    const outdir = freshDir();
    synthApp(outdir, { alarms: {} });
    const stack = read(outdir, 'src/generated/shop-stack.generated.ts');
    expect(stack).toContain('export interface ShopStackProps extends StackProps {');
    expect(stack).toContain('constructor(scope: Construct, id: string, props?: ShopStackProps) {');
    expect(stack).toContain([
      '    if (props?.alarms ?? true) {',
      "      this.operationalAlarms = new OperationalAlarms(this, 'Alarms');",
      "      this.operationalAlarms.watch(itemsStack, 'items');",
      '      this.operationalAlarms.watch(this, this.stackName);',
      '    }',
    ].join('\n'));
  });

  test('enabled: false: off unless the stack\'s props turn them on; the thresholds and topic that differ from the defaults are written out', () => {
    const outdir = freshDir();
    synthApp(outdir, {
      serviceStacks: false,
      alarms: { enabled: false, topicArn: 'arn:aws:sns:eu-west-1:111122223333:ops', queueAgeSeconds: 900, apiLatencyP99Ms: 3000 },
    });
    const stack = read(outdir, 'src/generated/shop-stack.generated.ts');
    expect(stack).toContain('    if (props?.alarms ?? false) {');
    expect(stack).toContain("this.operationalAlarms = new OperationalAlarms(this, 'Alarms', { topic: sns.Topic.fromTopicArn(this, 'AlarmTopic', "
      + "'arn:aws:sns:eu-west-1:111122223333:ops'), queueAge: Duration.seconds(900), apiLatencyP99: Duration.millis(3000) });");
    expect(stack).toContain("      this.operationalAlarms.watch(this.itemsService, 'items');");
  });
});
