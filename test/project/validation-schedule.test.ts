import * as fs from 'node:fs';
import { freshDir, read, synthApp } from './helpers';
import { HttpMethod, ScheduleOptions, ServiceOptions } from '../../src';

/** A `reports` service whose one function runs on `schedule`. */
function scheduled(schedule: Partial<ScheduleOptions>, extra: object = {}): ServiceOptions[] {
  return [{ name: 'reports', functions: [{ name: 'nightly', schedule: { expression: 'rate(1 day)', ...schedule }, ...extra }] }];
}

const WHERE = '`services[0].functions[0].schedule';

describe('a schedule that EventBridge Scheduler would refuse fails before any file is written', () => {
  test.each<[string, ServiceOptions[], string]>([
    ['an expression of no kind', scheduled({ expression: 'every day' }),
      `${WHERE}.expression\` ('reports/nightly') must be \`rate(<n> minute|minutes|hour|hours|day|days)\`, \`cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)\` or \`at(yyyy-mm-ddThh:mm:ss)\`; got 'every day'.`],
    ['a rate of 0', scheduled({ expression: 'rate(0 minutes)' }),
      `${WHERE}.expression\` ('reports/nightly') must run at least every 1 minute, hour or day: the value is 1 or more; got 'rate(0 minutes)'.`],
    ['a plural unit for 1', scheduled({ expression: 'rate(1 hours)' }),
      `${WHERE}.expression\` ('reports/nightly') takes 'hour' for 1 and 'hours' for more; got 'rate(1 hours)'.`],
    ['a singular unit for 5', scheduled({ expression: 'rate(5 minute)' }),
      `${WHERE}.expression\` ('reports/nightly') takes 'minute' for 1 and 'minutes' for more; got 'rate(5 minute)'.`],
    ['a cron of five fields', scheduled({ expression: 'cron(0 8 * * ?)' }),
      `${WHERE}.expression\` ('reports/nightly') has 5 fields; a cron expression has 6: minutes, hours, day-of-month, month, day-of-week, year; got 'cron(0 8 * * ?)'.`],
    ['an hour of 24', scheduled({ expression: 'cron(0 24 * * ? *)' }),
      `${WHERE}.expression\` ('reports/nightly') has the hours '24', which is no value, list, range or step of 0-23; got 'cron(0 24 * * ? *)'.`],
    ['a month name that is none', scheduled({ expression: 'cron(0 8 ? JANUARY MON *)' }),
      `${WHERE}.expression\` ('reports/nightly') has the month 'JANUARY', which is no value, list, range or step of 1-12 or JAN-DEC; got 'cron(0 8 ? JANUARY MON *)'.`],
    ['a step of 0', scheduled({ expression: 'cron(0/0 * * * ? *)' }),
      `${WHERE}.expression\` ('reports/nightly') has the minutes '0/0', whose step '0' is no whole number, 1 or more; got 'cron(0/0 * * * ? *)'.`],
    ['both days set', scheduled({ expression: 'cron(0 8 1 * MON *)' }),
      `${WHERE}.expression\` ('reports/nightly') must have \`?\` in exactly one of day-of-month and day-of-week (Scheduler takes no expression that sets both); got 'cron(0 8 1 * MON *)'.`],
    ['`?` in the hours', scheduled({ expression: 'cron(0 ? * * ? *)' }),
      `${WHERE}.expression\` ('reports/nightly') has the hours '?', but only day-of-month and day-of-week take \`?\`; got 'cron(0 ? * * ? *)'.`],
    ['a 30th of February', scheduled({ expression: 'at(2027-02-30T09:00:00)' }),
      `${WHERE}.expression\` ('reports/nightly') is no date and time of the calendar; got 'at(2027-02-30T09:00:00)'.`],
    ['a time zone that is none', scheduled({ expression: 'cron(0 8 * * ? *)', timeZone: 'Europe/Pariss' }),
      `${WHERE}.timeZone\` ('reports/nightly') must be an IANA time zone name such as 'UTC', 'Europe/Paris' or 'America/New_York'; got 'Europe/Pariss'.`],
    ['a time zone in lower case', scheduled({ expression: 'cron(0 8 * * ? *)', timeZone: 'europe/paris' }),
      `${WHERE}.timeZone\` ('reports/nightly') must be an IANA time zone name such as 'UTC', 'Europe/Paris' or 'America/New_York'; got 'europe/paris'.`],
    ['a time zone on a rate', scheduled({ timeZone: 'Europe/Paris' }),
      `${WHERE}.timeZone\` ('reports/nightly'): a rate runs at fixed intervals and has no time zone; leave it out, or use a cron or at expression; got 'Europe/Paris'.`],
    ['a flexible window of 0 minutes', scheduled({ flexibleWindowMinutes: 0 }),
      `${WHERE}.flexibleWindowMinutes\` must be a whole number from 1 to 1440 ('reports/nightly', minutes); got 0.`],
    ['a flexible window of a day and a minute', scheduled({ flexibleWindowMinutes: 1441 }),
      `${WHERE}.flexibleWindowMinutes\` must be a whole number from 1 to 1440 ('reports/nightly', minutes); got 1441.`],
    ['186 retries', scheduled({ retryAttempts: 186 }),
      `${WHERE}.retryAttempts\` must be a whole number from 0 to 185 ('reports/nightly'); got 186.`],
    ['an event age of 59 s', scheduled({ maxEventAgeSeconds: 59 }),
      `${WHERE}.maxEventAgeSeconds\` must be a whole number from 60 to 86400 ('reports/nightly', seconds); got 59.`],
    ['a schedule on a route\'s function', scheduled({}, { route: { method: HttpMethod.GET, path: '/reports' } }),
      `${WHERE}\` ('reports/nightly'): the function has \`route\` too, and its handler takes one kind of event; give the schedule a function of its own.`],
    ['a schedule on a subscriber', [{
      name: 'reports',
      events: ['ReportDue'],
      functions: [
        { name: 'nightly', schedule: { expression: 'rate(1 day)' }, subscriptions: [{ sources: ['reports'], detailTypes: ['ReportDue'] }] },
        { name: 'due', publishes: ['ReportDue'] },
      ],
    }],
    `${WHERE}\` ('reports/nightly'): the function has \`subscriptions\` too, and its handler takes one kind of event; give the schedule a function of its own.`],
  ])('%s', (_case, services, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services })).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe('what EventBridge Scheduler takes passes', () => {
  test.each([
    'rate(1 minute)', 'rate(12 hours)', 'cron(0/15 8-18 ? * MON-FRI *)', 'cron(0 9 L * ? 2027)', 'cron(0 9 ? * 6#3 *)',
    'cron(30 2 15W JAN,JUL ? *)', 'at(2028-02-29T23:59:59)',
  ])('%s', (expression) => {
    expect(() => synthApp(freshDir(), { services: scheduled({ expression }) })).not.toThrow();
  });

  test('a scheduled function starts from the scheduled starter, and its schedule is in its service', () => {
    const outdir = freshDir();
    synthApp(outdir, { services: scheduled({ expression: 'cron(0 2 * * ? *)', timeZone: 'Europe/Paris', flexibleWindowMinutes: 15 }) });
    expect(read(outdir, 'src/handlers/reports/nightly.ts')).toContain('export function parseRun(event: unknown): ScheduledRun {');
    expect(read(outdir, 'src/generated/reports-service.generated.ts')).toContain(
      "schedule: { expression: 'cron(0 2 * * ? *)', timeZone: 'Europe/Paris', flexibleWindow: Duration.minutes(15) },",
    );
  });
});
