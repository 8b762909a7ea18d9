/** The EventBridge Scheduler schedules of the functions: one each, its expression, time zone, window, retries and dead-letter queue. */
import { functionRef } from './helpers';
import { AppModel } from '../../model';
import { lines, literal, str } from '../typescript';

/** Static: finds the schedule that invokes a function and checks it against the options. */
const SCHEDULE_TEST = [
  "  test.each(schedules)('$name: $expression, retried $retryAttempts times for $maxEventAge s, then its dead-letter queue', (row) => {",
  "    const found = resources.filter((r) => r.Type === 'AWS::Scheduler::Schedule'",
  '      && JSON.stringify(r.Properties.Target.Arn).includes(logicalId(row.fn.invocable)));',
  '    expect(found).toHaveLength(1);',
  '    const schedule = found[0].Properties;',
  '    expect(schedule).toMatchObject({',
  '      ScheduleExpression: row.expression,',
  "      State: row.enabled ? 'ENABLED' : 'DISABLED',",
  '      FlexibleTimeWindow: row.flexibleWindow,',
  '      Target: {',
  '        RetryPolicy: { MaximumRetryAttempts: row.retryAttempts, MaximumEventAgeInSeconds: row.maxEventAge },',
  "        // what Scheduler could not deliver lands in the function's dead-letter queue",
  "        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(row.fn.deadLetterQueue!), 'Arn'] } },",
  '      },',
  '    });',
  '    expect(schedule.ScheduleExpressionTimezone).toBe(row.timeZone);',
  '    // the run as the starter reads it: schedule, due time, run id and attempt, filled in by Scheduler',
  '    expect(Object.keys(JSON.parse(schedule.Target.Input)).sort()).toEqual([\'attemptNumber\', \'executionId\', \'schedule\', \'scheduledTime\']);',
  '  });',
  '',
  "  test.each(schedules)('$name: its role may invoke that function only', ({ fn, expression }) => {",
  "    const schedule = resources.find((r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.ScheduleExpression === expression",
  '      && JSON.stringify(r.Properties.Target.Arn).includes(logicalId(fn.invocable)))!;',
  '    const role = schedule.Properties.Target.RoleArn[\'Fn::GetAtt\'][0];',
  "    const invokes = resources.filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))",
  '      .flatMap((r) => r.Properties.PolicyDocument.Statement)',
  "      .filter((s: { Action: string | string[] }) => ([] as string[]).concat(s.Action).includes('lambda:InvokeFunction'));",
  '    expect(invokes.length).toBeGreaterThan(0);',
  '    for (const statement of invokes) {',
  '      expect(JSON.stringify(statement.Resource)).toContain(logicalId(fn.invocable));',
  '    }',
  '  });',
].join('\n');

export function renderScheduleTests(app: AppModel): string | false {
  const scheduled = app.functions.filter((fn) => fn.schedule);
  if (scheduled.length === 0) {
    return false;
  }
  const rows = scheduled.map((fn) => {
    const schedule = fn.schedule!;
    const window = schedule.flexibleWindowMinutes === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: schedule.flexibleWindowMinutes };
    return `    { name: ${str(`${fn.service}/${fn.name}`)}, fn: ${functionRef(fn, app)}, expression: ${str(schedule.expression)}, `
      + `timeZone: ${str(schedule.timeZone)}, flexibleWindow: ${literal(window)}, `
      + `retryAttempts: ${schedule.retryAttempts}, maxEventAge: ${schedule.maxEventAgeSeconds}, enabled: ${schedule.enabled} },`;
  });
  return lines(
    '',
    "describe('schedules', () => {",
    `  test('there is one EventBridge Scheduler schedule per scheduled function: ${scheduled.length}', () => {`,
    `    expect(countOf('AWS::Scheduler::Schedule')).toBe(${scheduled.length});`,
    '  });',
    '',
    '  const schedules = [',
    ...rows,
    '  ];',
    '',
    SCHEDULE_TEST,
    '});',
  );
}
