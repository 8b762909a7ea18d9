/** The alarms of `docs/architecture.md` (`alarms` in .projenrc.ts): what each resource alarms on, the topic, the dashboard. */
import { ALARM_DEFAULTS } from '../../../constructs/operational-alarms-defaults';
import { AppModel } from '../../model';
import { lines } from '../typescript';

/** The section; nothing without `alarms`. */
export function alarmsSection(app: AppModel): string | undefined {
  const alarms = app.alarms;
  if (!alarms) {
    return undefined;
  }
  const { thresholds } = alarms;
  const sustained = `for ${ALARM_DEFAULTS.sustainedPeriods} periods in a row`;
  const fnCell = (timeoutSeconds: number) => `errors > ${thresholds.functionErrors}; any throttle; p99 duration > `
    + `${Math.floor(timeoutSeconds * 1000 * thresholds.durationPercentOfTimeout / 100)} ms (${thresholds.durationPercentOfTimeout} % of its ${timeoutSeconds} s timeout) ${sustained}`;
  const queues = app.stacks.reduce((sum, stack) => sum + (stack.byType['AWS::SQS::Queue'] ?? 0), 0);
  const working = app.services.flatMap((service) => service.queues.map((queue) => `${service.name}/${queue.name}`));
  const topic = alarms.topicArn !== undefined
    ? `the SNS topic \`${alarms.topicArn}\` (brought in)`
    : `an SNS topic of the app's own, encrypted with a customer managed KMS key CloudWatch may use, TLS only${alarms.email === undefined ? ' (subscribe to it: no address is set)' : `, sending to ${alarms.email}`}`;
  return lines(
    '## Alarms',
    '',
    alarms.enabled
      ? 'The stack creates these unless its `alarms` prop (a stage\'s) is false.'
      : 'Off by default (`alarms.enabled` is false): the stack creates these when its `alarms` prop (a stage\'s) is true.',
    `Each judges ${ALARM_DEFAULTS.periodMinutes}-minute periods, lives in the stack of its resource and notifies ${topic}. `
      + 'Missing data is not breaching: these metrics are published only when something happens. '
      + `One CloudWatch dashboard has a row per service (${app.services.map((service) => `\`${service.name}\``).join(', ')}), then one for what the app's stack holds.`,
    '',
    '| Resource | Alarms when |',
    '|---|---|',
    ...app.functions.map((fn) => `| function \`${fn.service}/${fn.name}\` | ${fnCell(fn.timeoutSeconds)} |`),
    app.authorizer && `| the authorizer | ${fnCell(app.authorizer.timeoutSeconds)} |`,
    ...working.map((name) => `| queue \`${name}\` | its oldest message has waited > ${thresholds.queueAgeSeconds} s ${sustained} |`),
    queues > working.length && `| ${queues - working.length} dead-letter and failure queues | any message visible: something could not be delivered or processed |`,
    ...app.api.instances.map((instance) => `| REST API \`${instance.restApiName}\` | 5XX errors > ${thresholds.api5xxRatePercent} % of requests; p99 latency > ${thresholds.apiLatencyP99Ms} ms ${sustained} |`),
    ...app.services.flatMap((service) => service.workflows.map((workflow) => `| workflow \`${service.name}/${workflow.name}\` | any failed execution |`)),
    '',
  );
}
