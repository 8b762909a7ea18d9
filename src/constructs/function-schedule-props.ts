import { Duration } from 'aws-cdk-lib';

/**
 * When and how EventBridge Scheduler invokes a function.
 */
export interface FunctionScheduleProps {
  /**
   * The schedule expression, in Scheduler's grammar: `rate(5 minutes)`, `cron(0 8 ? * MON-FRI *)`
   * or `at(2027-01-01T09:00:00)`.
   */
  readonly expression: string;

  /**
   * The IANA time zone `cron` and `at` expressions are read in; a `rate` ignores it.
   *
   * @default "UTC"
   */
  readonly timeZone?: string;

  /**
   * The window within which Scheduler may start each run.
   *
   * @default - none: each run at its time
   */
  readonly flexibleWindow?: Duration;

  /**
   * Retries of an invocation Lambda refused, 0-185, before the dead-letter queue.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long Scheduler keeps retrying one run, 1 minute to 24 hours.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;

  /**
   * Whether the schedule runs.
   *
   * @default true
   */
  readonly enabled?: boolean;
}
