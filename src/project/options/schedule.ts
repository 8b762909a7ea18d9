/**
 * A function's schedule: EventBridge Scheduler invokes it on a rate, a cron expression or once,
 * in a time zone, with retries and the function's dead-letter queue.
 */
export interface ScheduleOptions {
  /**
   * When the function runs, in EventBridge Scheduler's grammar: `rate(5 minutes)` (a whole
   * number and `minute(s)`, `hour(s)` or `day(s)`), `cron(0 8 ? * MON-FRI *)` (six fields:
   * minutes, hours, day of month, day of week... as Scheduler reads them, with `?` in day of
   * month or day of week), or `at(2027-01-01T09:00:00)` (once, at that local time).
   */
  readonly expression: string;

  /**
   * The IANA time zone `cron` and `at` expressions are read in (`Europe/Paris`,
   * `America/New_York`); daylight saving time is followed. A `rate` has none.
   *
   * @default "UTC"
   */
  readonly timeZone?: string;

  /**
   * The window in minutes, 1-1440, within which Scheduler may start each run, spreading the
   * invocations of many schedules; left out, each run starts at its time.
   *
   * @default - no flexible window: every run at its exact time
   */
  readonly flexibleWindowMinutes?: number;

  /**
   * How many times Scheduler retries an invocation Lambda refused (throttling, a service
   * error), 0-185, before sending it to the function's dead-letter queue. (A run whose handler
   * throws is retried by Lambda: twice, then the same dead-letter queue.)
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long, in seconds (60-86400), Scheduler keeps retrying one run before sending it to the
   * function's dead-letter queue.
   *
   * @default 86400
   */
  readonly maxEventAgeSeconds?: number;

  /**
   * Whether the schedule runs; a disabled one is deployed, and runs once enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;
}
