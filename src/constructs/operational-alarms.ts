import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { ALARM_DEFAULTS, AlarmThresholds, alarmThresholdProblems, EMAIL } from './operational-alarms-defaults';

/**
 * Props of `OperationalAlarms`.
 */
export interface OperationalAlarmsProps {
  /**
   * The topic every alarm notifies (imported with `sns.Topic.fromTopicArn`, for one).
   *
   * @default - a topic of its own: encrypted with a customer managed KMS key CloudWatch may use, TLS only
   */
  readonly topic?: sns.ITopic;

  /**
   * An email address the topic of its own sends every alarm to (the address confirms once).
   *
   * @default - no subscription
   */
  readonly email?: string;

  /**
   * A function's errors in one 5-minute period above which its alarm fires.
   *
   * @default 0 - any error
   */
  readonly functionErrors?: number;

  /**
   * Percent of a function's timeout its p99 duration may reach, for 3 periods in a row, before its alarm fires.
   *
   * @default 80
   */
  readonly durationPercentOfTimeout?: number;

  /**
   * How long the oldest message of a working queue (one with a dead-letter queue) may wait, for 3 periods in a row.
   *
   * @default Duration.minutes(5)
   */
  readonly queueAge?: Duration;

  /**
   * Percent of a REST API's requests that may end in a 5XX error in one 5-minute period.
   *
   * @default 1
   */
  readonly api5xxRatePercent?: number;

  /**
   * The p99 latency a REST API may reach, for 3 periods in a row; at most API Gateway's 29 s integration timeout.
   *
   * @default Duration.millis(23200) - 80 % of the 29 s integration timeout
   */
  readonly apiLatencyP99?: Duration;
}

const PERIOD = Duration.minutes(ALARM_DEFAULTS.periodMinutes);

/**
 * CloudWatch alarms on what an app's resources do, wired to one SNS topic, and a dashboard with
 * one row per watched scope (a service).
 *
 * `watch(scope, title)` finds the Lambda functions, SQS queues, REST APIs and state machines
 * under `scope` and gives each its alarms, created as children of the resource, so in the stack
 * that owns it (a nested stack's alarms only take the topic's ARN from the parent):
 *
 * - function: errors above `functionErrors`, any throttle, p99 duration above
 *   `durationPercentOfTimeout` of its timeout;
 * - queue with a dead-letter queue (a working queue): the age of its oldest message above `queueAge`;
 * - queue without one (a dead-letter or on-failure queue, the end of the line): any message visible;
 * - REST API: the share of 5XX errors above `api5xxRatePercent`, p99 latency above `apiLatencyP99`;
 * - state machine: any failed execution.
 *
 * Missing data is not breaching, deliberately, everywhere: these metrics are only published when
 * something happens (an invocation, a request, an execution; SQS stops for a queue left empty
 * six hours), so no data means nothing went wrong.
 */
export class OperationalAlarms extends Construct {
  /** The topic every alarm notifies. */
  public readonly topic: sns.ITopic;
  /** The key the topic of its own is encrypted with; undefined with `topic`. */
  public readonly topicKey?: kms.Key;
  /** One row per watched scope. */
  public readonly dashboard: cloudwatch.Dashboard;
  private readonly thresholds: AlarmThresholds;
  private readonly byResource = new Map<IConstruct, cloudwatch.Alarm[]>();

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps = {}) {
    super(scope, id);
    this.thresholds = checkProps(this.node.path, props);
    if (props.topic) {
      this.topic = props.topic;
    } else {
      const { topic, key } = createTopic(this, props.email);
      this.topic = topic;
      this.topicKey = key;
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard');
  }

  /** Every alarm created so far. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.byResource.values()].flat();
  }

  /** The alarms of a watched resource (a function, queue, REST API or state machine); none for another. */
  public alarmsOf(resource: IConstruct): cloudwatch.Alarm[] {
    return this.byResource.get(resource) ?? [];
  }

  /**
   * Gives every function, queue, REST API and state machine under `scope` not watched yet its
   * alarms, and adds a dashboard row titled `title` with their metrics. Returns the new alarms.
   */
  public watch(scope: IConstruct, title: string): cloudwatch.Alarm[] {
    const found = scope.node.findAll().filter((c) => !this.byResource.has(c));
    const functions = found.filter((c): c is lambda.Function => c instanceof lambda.Function);
    const queues = found.filter((c): c is sqs.Queue => c instanceof sqs.Queue);
    const apis = found.filter((c): c is apigateway.RestApi => c instanceof apigateway.RestApi);
    const machines = found.filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine);
    const working = queues.filter((queue) => queue.deadLetterQueue !== undefined);
    const deadLetter = queues.filter((queue) => queue.deadLetterQueue === undefined);

    functions.forEach((fn) => this.watchFunction(fn));
    working.forEach((queue) => this.watchWorkingQueue(queue));
    deadLetter.forEach((queue) => this.watchDeadLetterQueue(queue));
    apis.forEach((api) => this.watchRestApi(api));
    machines.forEach((machine) => this.watchStateMachine(machine));

    const label = (resource: IConstruct) => resource.node.path.slice(scope.node.path.length + 1) || resource.node.id;
    const rowGraphs: Array<[string, cloudwatch.IMetric[]]> = [
      ['function errors', functions.map((fn) => fn.metricErrors({ period: PERIOD, label: label(fn) }))],
      ['function throttles', functions.map((fn) => fn.metricThrottles({ period: PERIOD, label: label(fn) }))],
      ['function p99 duration', functions.map((fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: label(fn) }))],
      ['age of oldest message', working.map((queue) => queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, label: label(queue) }))],
      ['dead letters', deadLetter.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: label(queue) }))],
      ['REST API 5XX rate', apis.map((api) => serverErrorRate(api, api.restApiName))],
      ['REST API p99 latency', apis.map((api) => api.metricLatency({ period: PERIOD, statistic: 'p99', label: api.restApiName }))],
      ['failed executions', machines.map((machine) => machine.metricFailed({ period: PERIOD, label: label(machine) }))],
    ];
    const graphs = rowGraphs.filter(([, metrics]) => metrics.length > 0);
    if (graphs.length > 0) {
      // one row: the dashboard is 24 units wide, and a row has 8 graphs at most
      const width = Math.floor(24 / graphs.length);
      this.dashboard.addWidgets(...graphs.map(([what, metrics]) => new cloudwatch.GraphWidget({ title: `${title}: ${what}`, left: metrics, width })));
    }
    return [...functions, ...queues, ...apis, ...machines].flatMap((resource) => this.alarmsOf(resource));
  }

  private watchFunction(fn: lambda.Function): void {
    const timeoutMs = (fn.timeout ?? Duration.seconds(3)).toMilliseconds();
    const durationMs = Math.floor(timeoutMs * this.thresholds.durationPercentOfTimeout / 100);
    this.add(fn, [
      alarm(fn, 'ErrorsAlarm', fn.metricErrors({ period: PERIOD }), this.thresholds.functionErrors, 1,
        `${fn.node.path}: more than ${this.thresholds.functionErrors} errors in ${ALARM_DEFAULTS.periodMinutes} minutes`),
      alarm(fn, 'ThrottlesAlarm', fn.metricThrottles({ period: PERIOD }), 0, 1,
        `${fn.node.path}: invocations throttled (reserved or account concurrency reached)`),
      alarm(fn, 'DurationAlarm', fn.metricDuration({ period: PERIOD, statistic: 'p99' }), durationMs, ALARM_DEFAULTS.sustainedPeriods,
        `${fn.node.path}: p99 duration above ${durationMs} ms, ${this.thresholds.durationPercentOfTimeout} % of its ${timeoutMs / 1000} s timeout`),
    ]);
  }

  private watchWorkingQueue(queue: sqs.Queue): void {
    const seconds = this.thresholds.queueAgeSeconds;
    this.add(queue, [alarm(queue, 'AgeAlarm', queue.metricApproximateAgeOfOldestMessage({ period: PERIOD }), seconds, ALARM_DEFAULTS.sustainedPeriods,
      `${queue.node.path}: the oldest message has waited more than ${seconds} s (its consumer falls behind or fails)`)]);
  }

  private watchDeadLetterQueue(queue: sqs.Queue): void {
    this.add(queue, [alarm(queue, 'DeadLettersAlarm', queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD }), 0, 1,
      `${queue.node.path}: messages in a dead-letter queue (what could not be delivered or processed)`)]);
  }

  private watchRestApi(api: apigateway.RestApi): void {
    const { api5xxRatePercent: percent, apiLatencyP99Ms: latencyMs } = this.thresholds;
    this.add(api, [
      alarm(api, 'ServerErrorRateAlarm', serverErrorRate(api), percent / 100, 1,
        `${api.node.path}: more than ${percent} % of requests ended in a 5XX error in ${ALARM_DEFAULTS.periodMinutes} minutes`),
      alarm(api, 'LatencyAlarm', api.metricLatency({ period: PERIOD, statistic: 'p99' }), latencyMs, ALARM_DEFAULTS.sustainedPeriods,
        `${api.node.path}: p99 latency above ${latencyMs} ms (the integration timeout is ${ALARM_DEFAULTS.apiIntegrationTimeoutMs} ms)`),
    ]);
  }

  private watchStateMachine(machine: sfn.StateMachine): void {
    this.add(machine, [alarm(machine, 'FailedAlarm', machine.metricFailed({ period: PERIOD }), 0, 1, `${machine.node.path}: executions failed`)]);
  }

  private add(resource: IConstruct, alarms: cloudwatch.Alarm[]): void {
    const action = new actions.SnsAction(this.topic);
    alarms.forEach((each) => each.addAlarmAction(action));
    this.byResource.set(resource, alarms);
  }
}

/** The share of requests that ended in a 5XX error: the average of `5XXError`, 0 or 1 per request. */
function serverErrorRate(api: apigateway.RestApi, label?: string): cloudwatch.Metric {
  return api.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.AVERAGE, label });
}

/** An alarm when `metric` is above `threshold` for `periods` periods in a row; no data is not breaching. */
function alarm(scope: Construct, id: string, metric: cloudwatch.Metric, threshold: number, periods: number, description: string): cloudwatch.Alarm {
  return metric.createAlarm(scope, id, {
    threshold,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
}

/**
 * A topic of its own: encrypted with a customer managed key (AwsSolutions-SNS2; CloudWatch cannot
 * use the AWS managed `alias/aws/sns`, so the key grants it), TLS only (AwsSolutions-SNS3), and
 * CloudWatch of this account may publish.
 */
function createTopic(scope: Construct, email: string | undefined): { topic: sns.Topic; key: kms.Key } {
  const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const key = new kms.Key(scope, 'TopicKey', {
    enableKeyRotation: true,
    description: `Encrypts the alarm notifications of ${scope.node.path}`,
  });
  key.grant(cloudwatchPrincipal, 'kms:Decrypt', 'kms:GenerateDataKey*');
  const topic = new sns.Topic(scope, 'Topic', { masterKey: key, enforceSSL: true });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sns:Publish'],
    principals: [cloudwatchPrincipal],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  if (email !== undefined) {
    const subscription = topic.addSubscription(new subscriptions.EmailSubscription(email));
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason: 'An email subscription of the alarm topic: a dead-letter queue would need an alarm of its own, notifying this same topic; SNS counts undelivered notifications in NumberOfNotificationsFailed.',
    });
  }
  return { topic, key };
}

/** The thresholds with their defaults; throws naming each prop out of range. */
function checkProps(path: string, props: OperationalAlarmsProps): AlarmThresholds {
  const thresholds: AlarmThresholds = {
    functionErrors: props.functionErrors ?? ALARM_DEFAULTS.functionErrors,
    durationPercentOfTimeout: props.durationPercentOfTimeout ?? ALARM_DEFAULTS.durationPercentOfTimeout,
    queueAgeSeconds: props.queueAge?.toSeconds() ?? ALARM_DEFAULTS.queueAgeSeconds,
    api5xxRatePercent: props.api5xxRatePercent ?? ALARM_DEFAULTS.api5xxRatePercent,
    apiLatencyP99Ms: props.apiLatencyP99?.toMilliseconds() ?? ALARM_DEFAULTS.apiLatencyP99Ms,
  };
  const problems = [
    props.topic && props.email !== undefined && 'Set `topic` or `email`, not both: subscribe the address to the topic you bring.',
    props.email !== undefined && !Token.isUnresolved(props.email) && !EMAIL.test(props.email) && `\`email\` must be an email address; got '${props.email}'.`,
    ...alarmThresholdProblems(thresholds, (name) => `\`${name}\``),
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    throw new Error(`${path}: ${problems.join(' ')}`);
  }
  return thresholds;
}
