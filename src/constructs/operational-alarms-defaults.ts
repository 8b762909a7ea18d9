/**
 * The thresholds of `OperationalAlarms`, in one place: the construct applies them and the
 * project's `alarms` option resolves to them, so the generated code writes out only what differs
 * and the generated tests expect the same numbers.
 */
export const ALARM_DEFAULTS = {
  /** Minutes of each period every alarm judges. */
  periodMinutes: 5,
  /** A function's errors in one period above which its alarm fires: any error. */
  functionErrors: 0,
  /** Percent of a function's timeout its p99 duration may reach. */
  durationPercentOfTimeout: 80,
  /** Seconds the oldest message of a working queue may wait. */
  queueAgeSeconds: 300,
  /** Percent of a REST API's requests that may end in a 5XX error in one period. */
  api5xxRatePercent: 1,
  /** Milliseconds a REST API's p99 latency may reach: 80 % of API Gateway's 29 s integration timeout. */
  apiLatencyP99Ms: 23_200,
  /**
   * Consecutive periods a percentile (duration, latency) or an age must stay above its threshold:
   * a trend, not one slow request. Counts (errors, throttles, 5XX, failed executions, dead letters)
   * fire on the first period.
   */
  sustainedPeriods: 3,
  /** API Gateway's integration timeout, in milliseconds, the latency threshold stays below. */
  apiIntegrationTimeoutMs: 29_000,
} as const;

/** The alarms `OperationalAlarms` gives each kind of resource. */
export const ALARMS_PER_RESOURCE = {
  /** Errors, throttles, p99 duration. */
  function: 3,
  /** Age of the oldest message (a working queue), or messages visible (a dead-letter queue). */
  queue: 1,
  /** 5XX rate, p99 latency. */
  restApi: 2,
  /** Failed executions. */
  stateMachine: 1,
} as const;

/** The thresholds of `OperationalAlarms`, with every default applied. */
export interface AlarmThresholds {
  readonly functionErrors: number;
  readonly durationPercentOfTimeout: number;
  readonly queueAgeSeconds: number;
  readonly api5xxRatePercent: number;
  readonly apiLatencyP99Ms: number;
}

/** An address with one `@` and a dot in its domain: what SNS's email protocol needs at least. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The thresholds out of range, each named by `name(field)`: the construct's props and the
 * project's `alarms` option share these limits.
 */
export function alarmThresholdProblems(thresholds: AlarmThresholds, name: (field: string, unit: string) => string): string[] {
  const problems: string[] = [];
  const { functionErrors, durationPercentOfTimeout, queueAgeSeconds, api5xxRatePercent, apiLatencyP99Ms } = thresholds;
  if (!(Number.isInteger(functionErrors) && functionErrors >= 0)) {
    problems.push(`${name('functionErrors', '')} must be a whole number of errors, 0 or more; got ${functionErrors}.`);
  }
  if (!(durationPercentOfTimeout > 0 && durationPercentOfTimeout <= 100)) {
    problems.push(`${name('durationPercentOfTimeout', '')} must be a percent of the timeout, more than 0 and at most 100; got ${durationPercentOfTimeout}.`);
  }
  if (!(queueAgeSeconds >= 60 && queueAgeSeconds <= 1_209_600)) {
    problems.push(`${name('queueAge', 'Seconds')} must be from 60 s to 14 days (SQS's longest retention); got ${queueAgeSeconds} s.`);
  }
  if (!(api5xxRatePercent > 0 && api5xxRatePercent <= 100)) {
    problems.push(`${name('api5xxRatePercent', '')} must be a percent of requests, more than 0 and at most 100; got ${api5xxRatePercent}.`);
  }
  if (!(apiLatencyP99Ms > 0 && apiLatencyP99Ms <= ALARM_DEFAULTS.apiIntegrationTimeoutMs)) {
    problems.push(`${name('apiLatencyP99', 'Ms')} must be more than 0 and at most API Gateway's 29 s integration timeout; got ${apiLatencyP99Ms} ms.`);
  }
  return problems;
}
