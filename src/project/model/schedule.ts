/** A function's schedule with its defaults: what the service, the architecture test and the docs are written from. */
import { EVENT_DELIVERY } from '../../constructs/event-delivery';
import { ScheduleOptions } from '../options';

/** A function's EventBridge Scheduler schedule, every default resolved. */
export interface ScheduleModel {
  readonly expression: string;
  /** The IANA time zone of a `cron` or `at` expression (UTC when left out); UTC for a `rate`, which ignores it. */
  readonly timeZone: string;
  /** Minutes of the flexible window; none: each run at its time. */
  readonly flexibleWindowMinutes?: number;
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
  readonly enabled: boolean;
}

export function scheduleModel(options: ScheduleOptions): ScheduleModel {
  return {
    expression: options.expression,
    timeZone: options.timeZone ?? 'UTC',
    flexibleWindowMinutes: options.flexibleWindowMinutes,
    retryAttempts: options.retryAttempts ?? EVENT_DELIVERY.defaultRetryAttempts,
    maxEventAgeSeconds: options.maxEventAgeSeconds ?? EVENT_DELIVERY.defaultEventAgeSeconds,
    enabled: options.enabled ?? true,
  };
}
