/**
 * The alarms of `test/generated/architecture.test.ts` (`alarms` in .projenrc.ts): each function,
 * queue, REST API and workflow has its alarms with the thresholds the options give, every alarm
 * notifies the one topic, and the dashboard has a row per service.
 */
import { row, rowLines, serviceRef } from './helpers';
import { ALARM_DEFAULTS, ALARMS_PER_RESOURCE } from '../../../constructs/operational-alarms-defaults';
import { AlarmsModel, AppModel } from '../../model';
import { lines, str } from '../typescript';

/** The alarms section; nothing without `alarms`. */
export function renderAlarmTests(app: AppModel): string | undefined {
  const alarms = app.alarms;
  if (!alarms) {
    return undefined;
  }
  if (!alarms.enabled) {
    return lines(
      '',
      "describe('alarms', () => {",
      "  test('off unless the stack\\'s props turn them on (alarms.enabled is false): no alarm, topic or dashboard', () => {",
      '    expect(stack.operationalAlarms).toBeUndefined();',
      "    expect(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SNS::Topic'].map(countOf)).toEqual([0, 0, 0]);",
      '  });',
      '});',
    );
  }
  const { thresholds } = alarms;
  const periods = ALARM_DEFAULTS.sustainedPeriods;
  const missing = "TreatMissingData: 'notBreaching'";
  const onFirst = (threshold: number) => `expect.objectContaining({ Threshold: ${threshold}, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', ${missing} })`;
  const sustained = (fields: string) => `expect.objectContaining({ ${fields}, EvaluationPeriods: ${periods}, DatapointsToAlarm: ${periods}, ComparisonOperator: 'GreaterThanThreshold', ${missing} })`;
  const queues = app.stacks.reduce((sum, stack) => sum + (stack.byType['AWS::SQS::Queue'] ?? 0), 0);
  const working = app.services.reduce((sum, service) => sum + service.queues.length, 0);
  const workflows = app.services.flatMap((service) => service.workflows.map((workflow) => row({
    name: str(`${service.name}/${workflow.name}`),
    stateMachine: `${serviceRef(service)}.${workflow.propertyName}.stateMachine`,
  })));
  const functionCount = app.functions.length + (app.authorizer ? 1 : 0);
  const total = functionCount * ALARMS_PER_RESOURCE.function + queues * ALARMS_PER_RESOURCE.queue
    + app.api.instances.length * ALARMS_PER_RESOURCE.restApi + workflows.length * ALARMS_PER_RESOURCE.stateMachine;
  const functionTest = (timeout: string) => lines(
    `    expect(alarmsOn(fn, 'Errors')).toEqual([${onFirst(thresholds.functionErrors)}]);`,
    `    expect(alarmsOn(fn, 'Throttles')).toEqual([${onFirst(0)}]);`,
    `    expect(alarmsOn(fn, 'Duration')).toEqual([${sustained(`ExtendedStatistic: 'p99', Threshold: Math.floor(${timeout} * 1000 * ${thresholds.durationPercentOfTimeout} / 100)`)}]);`,
  );
  return lines(
    '',
    "describe('alarms', () => {",
    '  /** The alarms on `metric` whose dimensions name `target`, in its stack. */',
    '  function alarmsOn(target: IConstruct, metric: string): Array<Record<string, unknown>> {',
    '    return Object.values(templateOf(target))',
    "      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === metric && refersTo(r.Properties.Dimensions, target, target))",
    '      .map((r) => r.Properties);',
    '  }',
    '',
    `  test.each(functions)('$name: errors above ${thresholds.functionErrors} in ${ALARM_DEFAULTS.periodMinutes} minutes, any throttle, p99 duration above ${thresholds.durationPercentOfTimeout} % of its $timeout s timeout', ({ fn, timeout }) => {`,
    functionTest('timeout'),
    '  });',
    app.authorizer && lines(
      '',
      `  test('the authorizer: errors above ${thresholds.functionErrors}, any throttle, p99 duration above ${thresholds.durationPercentOfTimeout} % of its ${app.authorizer.timeoutSeconds} s timeout', () => {`,
      '    const fn = stack.authorizerFunction;',
      functionTest(String(app.authorizer.timeoutSeconds)),
      '  });',
    ),
    '',
    `  test('every queue has one alarm: ${working} behind routes on the age of the oldest message above ${thresholds.queueAgeSeconds} s, ${queues - working} dead-letter and failure queues on any message visible', () => {`,
    '    const found = stacks.flatMap((s) => Object.entries(stackResources.get(s)!)',
    "      .filter(([, r]) => r.Type === 'AWS::SQS::Queue')",
    '      .map(([id, r]) => {',
    '        const alarms = Object.values(stackResources.get(s)!)',
    "          .filter((a) => a.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(a.Properties.Dimensions).includes(JSON.stringify(id)))",
    '          .map((a) => a.Properties);',
    '        return { working: r.Properties.RedrivePolicy !== undefined, alarms };',
    '      }));',
    `    expect([found.filter((q) => q.working).length, found.filter((q) => !q.working).length]).toEqual([${working}, ${queues - working}]);`,
    '    for (const queue of found) {',
    '      expect(queue.alarms).toEqual([queue.working',
    `        ? ${sustained(`MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Threshold: ${thresholds.queueAgeSeconds}`)}`,
    `        : expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Threshold: 0, EvaluationPeriods: 1, ${missing} })]);`,
    '    }',
    '  });',
    app.api.instances.length > 0 && lines(
      '',
      rowLines('apiRows', app.api.instances.map((instance) => row({ name: str(instance.restApiName), api: `stack.${instance.propertyName}` }))),
      '',
      `  test.each(apiRows)('the REST API $name: a 5XX rate above ${thresholds.api5xxRatePercent} %, a p99 latency above ${thresholds.apiLatencyP99Ms} ms', ({ name, api }) => {`,
      '    const alarms = Object.values(templateOf(api.api))',
      "      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && JSON.stringify(r.Properties.Dimensions) === JSON.stringify([{ Name: 'ApiName', Value: name }]))",
      '      .map((r) => r.Properties)',
      '      .sort((a, b) => a.MetricName.localeCompare(b.MetricName));',
      '    expect(alarms).toEqual([',
      `      expect.objectContaining({ MetricName: '5XXError', Statistic: 'Average', Threshold: ${thresholds.api5xxRatePercent / 100}, EvaluationPeriods: 1, ${missing} }),`,
      `      ${sustained(`MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: ${thresholds.apiLatencyP99Ms}`)},`,
      '    ]);',
      '  });',
    ),
    workflows.length > 0 && lines(
      '',
      rowLines('workflowRows', workflows),
      '',
      "  test.each(workflowRows)('the workflow $name: any failed execution', ({ stateMachine }) => {",
      `    expect(alarmsOn(stateMachine, 'ExecutionsFailed')).toEqual([${onFirst(0)}]);`,
      '  });',
    ),
    '',
    renderTopicTests(alarms, total),
    '',
    `  test('one dashboard, a row per service: ${app.services.map((service) => service.name).join(', ')}', () => {`,
    "    const dashboards = resources.filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');",
    '    expect(dashboards).toHaveLength(1);',
    '    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);',
    `    for (const service of [${app.services.map((service) => str(service.name)).join(', ')}]) {`,
    '      expect(body).toContain(`${service}: function errors`);',
    '    }',
    '  });',
    '});',
  );
}

/** Every alarm notifies the topic; the topic of the app's own is encrypted, TLS only, and sends to the address. */
function renderTopicTests(alarms: AlarmsModel, total: number): string {
  const action = alarms.topicArn !== undefined ? str(alarms.topicArn) : 'refTo(stack.operationalAlarms!.topic, s)';
  return lines(
    `  test('${total} alarms, every one notifying ${alarms.topicArn ?? 'the topic'}', () => {`,
    '    const actions = stacks.flatMap((s) => Object.values(stackResources.get(s)!)',
    "      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')",
    `      .map((r) => ({ actions: r.Properties.AlarmActions, expected: [${action}] })));`,
    `    expect(actions).toHaveLength(${total});`,
    '    for (const { actions: given, expected } of actions) {',
    '      expect(given).toEqual(expected);',
    '    }',
    '  });',
    '',
    alarms.topicArn !== undefined ? lines(
      "  test('no topic or key of the app\\'s own: the alarms notify the topic brought in', () => {",
      "    expect(['AWS::SNS::Topic', 'AWS::KMS::Key'].map(countOf)).toEqual([0, 0]);",
      '  });',
    ) : lines(
      `  test('the topic: encrypted with a rotated key of its own, TLS only, ${alarms.email === undefined ? 'no subscription' : `sending to ${alarms.email}`}', () => {`,
      '    const { topic, topicKey } = stack.operationalAlarms!;',
      "    expect(resourceOf(topic).Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [logicalId(topicKey!), 'Arn'] });",
      '    expect(resourceOf(topicKey!).Properties.EnableKeyRotation).toBe(true);',
      "    const policies = resources.filter((r) => r.Type === 'AWS::SNS::TopicPolicy');",
      "    expect(JSON.stringify(policies)).toContain(JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }));",
      "    const subscriptions = resources.filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties);",
      alarms.email === undefined
        ? '    expect(subscriptions).toEqual([]);'
        : `    expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: ${str(alarms.email)} })]);`,
      '  });',
    ),
  );
}
