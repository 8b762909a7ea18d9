/** The checks of `alarms`: the topic brought in is an SNS topic's ARN, the address an address, the thresholds in range. */
import { alarmThresholdProblems, ALARM_DEFAULTS, EMAIL } from '../../constructs/operational-alarms-defaults';
import { AlarmsOptions } from '../options';

/** An SNS topic's ARN, in any partition. */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;

/** The problems of `alarms`. */
export function checkAlarms(alarms: AlarmsOptions | undefined): string[] {
  if (alarms === undefined) {
    return [];
  }
  const problems: string[] = [];
  if (alarms.topicArn !== undefined && !TOPIC_ARN.test(alarms.topicArn)) {
    problems.push(`\`alarms.topicArn\` must be an SNS topic's ARN, arn:aws:sns:<region>:<account>:<name>; got '${alarms.topicArn}'.`);
  }
  if (alarms.email !== undefined && !EMAIL.test(alarms.email)) {
    problems.push(`\`alarms.email\` must be an email address; got '${alarms.email}'.`);
  }
  if (alarms.topicArn !== undefined && alarms.email !== undefined) {
    problems.push('Set `alarms.topicArn` or `alarms.email`, not both: subscribe the address to the topic you bring.');
  }
  problems.push(...alarmThresholdProblems(alarmThresholds(alarms), (field, unit) => `\`alarms.${field}${unit}\``));
  return problems;
}

/** The thresholds of `alarms`, with every default applied. */
export function alarmThresholds(alarms: AlarmsOptions) {
  return {
    functionErrors: alarms.functionErrors ?? ALARM_DEFAULTS.functionErrors,
    durationPercentOfTimeout: alarms.durationPercentOfTimeout ?? ALARM_DEFAULTS.durationPercentOfTimeout,
    queueAgeSeconds: alarms.queueAgeSeconds ?? ALARM_DEFAULTS.queueAgeSeconds,
    api5xxRatePercent: alarms.api5xxRatePercent ?? ALARM_DEFAULTS.api5xxRatePercent,
    apiLatencyP99Ms: alarms.apiLatencyP99Ms ?? ALARM_DEFAULTS.apiLatencyP99Ms,
  };
}
