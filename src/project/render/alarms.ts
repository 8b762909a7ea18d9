/**
 * The stack's part of `alarms`: its props interface with the `alarms` switch a stage sets, and the
 * `OperationalAlarms` that watches each service (its nested stack, with `serviceStacks`) and then
 * what the app's stack holds itself. Nothing when the option is off.
 */
import { ALARM_DEFAULTS } from '../../constructs/operational-alarms-defaults';
import { AppModel } from '../model';
import { lines, str } from './typescript';

/** The `alarms` field of the generated stack's props, `<StackClass>Props`: the switch a stage sets. */
export function alarmsStackPropsField(app: AppModel): string | undefined {
  if (!app.alarms) {
    return undefined;
  }
  return lines(
    '  /**',
    '   * Whether the stack creates its CloudWatch alarms, their SNS topic and the dashboard.',
    '   *',
    `   * @default ${app.alarms.enabled} - \`alarms.enabled\` in .projenrc.ts`,
    '   */',
    '  readonly alarms?: boolean;',
  );
}

/** Whether the alarms' props need `Duration`. */
export function alarmsUseDuration(app: AppModel): boolean {
  const thresholds = app.alarms?.thresholds;
  return thresholds !== undefined && (thresholds.queueAgeSeconds !== ALARM_DEFAULTS.queueAgeSeconds
    || thresholds.apiLatencyP99Ms !== ALARM_DEFAULTS.apiLatencyP99Ms);
}

/** The alarms, when the stack's props or the option say so: each service watched, then the app's stack, its row titled with the stack's name. */
export function renderAlarms(app: AppModel): string | undefined {
  const alarms = app.alarms;
  if (!alarms) {
    return undefined;
  }
  const { thresholds } = alarms;
  // only what differs from OperationalAlarms' defaults
  const props = [
    alarms.topicArn !== undefined && `topic: sns.Topic.fromTopicArn(this, 'AlarmTopic', ${str(alarms.topicArn)})`,
    alarms.email !== undefined && `email: ${str(alarms.email)}`,
    thresholds.functionErrors !== ALARM_DEFAULTS.functionErrors && `functionErrors: ${thresholds.functionErrors}`,
    thresholds.durationPercentOfTimeout !== ALARM_DEFAULTS.durationPercentOfTimeout && `durationPercentOfTimeout: ${thresholds.durationPercentOfTimeout}`,
    thresholds.queueAgeSeconds !== ALARM_DEFAULTS.queueAgeSeconds && `queueAge: Duration.seconds(${thresholds.queueAgeSeconds})`,
    thresholds.api5xxRatePercent !== ALARM_DEFAULTS.api5xxRatePercent && `api5xxRatePercent: ${thresholds.api5xxRatePercent}`,
    thresholds.apiLatencyP99Ms !== ALARM_DEFAULTS.apiLatencyP99Ms && `apiLatencyP99: Duration.millis(${thresholds.apiLatencyP99Ms})`,
  ].filter((prop): prop is string => typeof prop === 'string');
  return lines(
    '',
    '    // `alarms` in .projenrc.ts: alarms on every function, queue, REST API and workflow, in the stack that',
    '    // owns each, notifying one SNS topic; a dashboard row per service, then one for the app\'s stack',
    `    if (props?.alarms ?? ${alarms.enabled}) {`,
    `      this.operationalAlarms = new OperationalAlarms(this, 'Alarms'${props.length > 0 ? `, { ${props.join(', ')} }` : ''});`,
    ...app.services.map((service) =>
      `      this.operationalAlarms.watch(${app.serviceStacks ? service.stackVariable : `this.${service.propertyName}`}, ${str(service.name)});`),
    '      this.operationalAlarms.watch(this, this.stackName);',
    '    }',
  );
}
