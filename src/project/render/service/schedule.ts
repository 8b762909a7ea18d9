/** A function's `schedule` prop in its service's `addFunction` call: what differs from `FunctionScheduleProps`' defaults. */
import { EVENT_DELIVERY } from '../../../constructs/event-delivery';
import { FunctionModel, ScheduleModel } from '../../model';
import { str } from '../typescript';

export function renderSchedule(schedule: ScheduleModel): string {
  const fields = [
    `expression: ${str(schedule.expression)}`,
    schedule.timeZone !== 'UTC' && `timeZone: ${str(schedule.timeZone)}`,
    schedule.flexibleWindowMinutes !== undefined && `flexibleWindow: Duration.minutes(${schedule.flexibleWindowMinutes})`,
    schedule.retryAttempts !== EVENT_DELIVERY.defaultRetryAttempts && `retryAttempts: ${schedule.retryAttempts}`,
    schedule.maxEventAgeSeconds !== EVENT_DELIVERY.defaultEventAgeSeconds && `maxEventAge: Duration.seconds(${schedule.maxEventAgeSeconds})`,
    !schedule.enabled && 'enabled: false',
  ].filter((field): field is string => typeof field === 'string');
  return `{ ${fields.join(', ')} }`;
}

/** Whether the function's schedule props need `Duration`. */
export function scheduleUsesDuration(fn: FunctionModel): boolean {
  return fn.schedule !== undefined
    && (fn.schedule.flexibleWindowMinutes !== undefined || fn.schedule.maxEventAgeSeconds !== EVENT_DELIVERY.defaultEventAgeSeconds);
}
