/** A function's `schedule`: EventBridge Scheduler's expression grammar, IANA time zones and its limits. */
import { wholeNumber } from './checks';
import { EVENT_DELIVERY } from '../../constructs/event-delivery';
import { FunctionOptions, ScheduleOptions } from '../options';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const CRON = /^cron\((.*)\)$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** One field of a cron expression: its name, range and names, and what else it allows. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
  /** `?`, `L`, `W`, `#`: which of Scheduler's special characters it takes. */
  readonly special: string;
}

const CRON_FIELDS: CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '?L#' },
  { name: 'year', min: 1970, max: 2199, special: '' },
];

const EXPRESSIONS = '`rate(<n> minute|minutes|hour|hours|day|days)`, `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` or `at(yyyy-mm-ddThh:mm:ss)`';

/** Everything wrong with a function's `schedule`, each naming the option, the value and what is allowed. */
export function checkSchedule(schedule: ScheduleOptions, fn: FunctionOptions, where: string, label: string): string[] {
  const problems: string[] = [];
  const expression = schedule.expression ?? '';
  const problem = expressionProblem(expression);
  if (problem) {
    problems.push(`\`${where}.expression\` ('${label}') ${problem}; got '${expression}'.`);
  }
  if (schedule.timeZone !== undefined) {
    if (RATE.test(expression)) {
      problems.push(`\`${where}.timeZone\` ('${label}'): a rate runs at fixed intervals and has no time zone; leave it out, or use a cron or at expression; got '${schedule.timeZone}'.`);
    } else if (!isTimeZone(schedule.timeZone)) {
      problems.push(`\`${where}.timeZone\` ('${label}') must be an IANA time zone name such as 'UTC', 'Europe/Paris' or 'America/New_York'; got '${schedule.timeZone}'.`);
    }
  }
  problems.push(
    ...wholeNumber(`${where}.flexibleWindowMinutes`, schedule.flexibleWindowMinutes, 1, 1440, `'${label}', minutes`),
    ...wholeNumber(`${where}.retryAttempts`, schedule.retryAttempts, 0, EVENT_DELIVERY.maxRetryAttempts, `'${label}'`),
    ...wholeNumber(`${where}.maxEventAgeSeconds`, schedule.maxEventAgeSeconds, EVENT_DELIVERY.minEventAgeSeconds, EVENT_DELIVERY.maxEventAgeSeconds, `'${label}', seconds`),
  );
  const other = (['route', 'resolver', 'objectEvents', 'streamEvents', 'queueEvents'] as const).find((trigger) => fn[trigger] !== undefined)
    ?? ((fn.subscriptions ?? []).length > 0 ? 'subscriptions' : undefined);
  if (other) {
    problems.push(`\`${where}\` ('${label}'): the function has \`${other}\` too, and its handler takes one kind of event; give the schedule a function of its own.`);
  }
  return problems;
}

/** What is wrong with a schedule expression, or undefined. */
function expressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) {
      return 'must run at least every 1 minute, hour or day: the value is 1 or more';
    }
    return (value === 1) === rate[2].endsWith('s') ? `takes '${rate[2].replace(/s$/, '')}' for 1 and '${rate[2].replace(/s?$/, 's')}' for more` : undefined;
  }
  const at = AT.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
      && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
    return same ? undefined : 'is no date and time of the calendar';
  }
  const cron = CRON.exec(expression);
  if (cron) {
    return cronProblem(cron[1].trim().split(/\s+/));
  }
  return `must be ${EXPRESSIONS}`;
}

function cronProblem(fields: string[]): string | undefined {
  if (fields.length !== CRON_FIELDS.length) {
    return `has ${fields.length} fields; a cron expression has 6: ${CRON_FIELDS.map((field) => field.name).join(', ')}`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(fields[index], field);
    if (problem) {
      return `has the ${field.name} '${fields[index]}', ${problem}`;
    }
  }
  const [dayOfMonth, , dayOfWeek] = [fields[2], fields[3], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'must have `?` in exactly one of day-of-month and day-of-week (Scheduler takes no expression that sets both)';
  }
  return undefined;
}

/** What is wrong with one field: values in range (or names), lists, ranges, steps and the field's special characters. */
function cronFieldProblem(text: string, field: CronField): string | undefined {
  const allowed = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}`;
  if (text === '?') {
    return field.special.includes('?') ? undefined : 'but only day-of-month and day-of-week take `?`';
  }
  for (const part of text.split(',')) {
    if (part === '*' || (part === 'L' && field.special.includes('L'))) {
      continue;
    }
    if (field.special.includes('W') && /^([1-9]|[12]\d|3[01])W$/.test(part)) {
      continue;
    }
    if (field.special.includes('#') && /^[1-7]#[1-5]$/.test(part)) {
      continue;
    }
    if (field.special.includes('L') && field.name === 'day-of-week' && /^[1-7]L$/.test(part)) {
      continue;
    }
    const [range, step] = part.split('/');
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) {
      return `whose step '${step}' is no whole number, 1 or more`;
    }
    const bounds = range === '*' ? [] : range.split('-');
    if (bounds.length > 2 || bounds.some((bound) => valueOf(bound, field) === undefined)) {
      return `which is no value, list, range or step of ${allowed}${field.special ? ` (or ${[...field.special].join(' ')})` : ''}`;
    }
  }
  return undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) {
    return named + field.min;
  }
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= field.min && value <= field.max ? value : undefined;
}

/** An IANA time zone name as the tz database spells it (the check is case-sensitive, as Scheduler's is). */
function isTimeZone(name: string): boolean {
  if (!/^(UTC|GMT|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(name)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
