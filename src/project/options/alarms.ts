/**
 * The operations defaults of the app (docs/alarms.md): CloudWatch alarms on every function, queue,
 * REST API and workflow, wired to one SNS topic, and a dashboard with a row per service.
 */

/** CloudWatch alarms, their SNS topic and a dashboard. */
export interface AlarmsOptions {
  /**
   * Whether the stack creates the alarms, the topic and the dashboard when its props do not say
   * (the generated stack's `alarms` prop decides over it). With `stages`, each stage's `alarms`
   * decides, and this is not read.
   *
   * @default - true; with `stages`, whether any stage has alarms
   */
  readonly enabled?: boolean;

  /**
   * ARN of an SNS topic the alarms notify instead of a topic of the app's own
   * (`arn:aws:sns:us-east-1:111122223333:ops`). Encrypted with a KMS key, its key policy must let
   * `cloudwatch.amazonaws.com` use it.
   *
   * @default - a topic of the app's own, encrypted with a customer managed KMS key, TLS only
   */
  readonly topicArn?: string;

  /**
   * An email address the app's own topic sends every alarm to (the address confirms once).
   * Not with `topicArn`: subscribe the address to that topic.
   *
   * @default - no subscription: subscribe to the topic (the stack's `operationalAlarms.topic`) yourself
   */
  readonly email?: string;

  /**
   * A function's errors in one 5-minute period above which its alarm fires.
   *
   * @default 0 - any error
   */
  readonly functionErrors?: number;

  /**
   * Percent of a function's timeout (its preset's, or its own) its p99 duration may reach, for
   * three 5-minute periods in a row.
   *
   * @default 80
   */
  readonly durationPercentOfTimeout?: number;

  /**
   * Seconds the oldest message of a queue behind a route may wait, for three periods in a row,
   * from 60 to 1209600 (14 days).
   *
   * @default 300
   */
  readonly queueAgeSeconds?: number;

  /**
   * Percent of a REST API's requests that may end in a 5XX error in one 5-minute period.
   *
   * @default 1
   */
  readonly api5xxRatePercent?: number;

  /**
   * Milliseconds a REST API's p99 latency may reach, for three periods in a row; at most 29000,
   * API Gateway's integration timeout.
   *
   * @default 23200 - 80 % of the 29 s integration timeout
   */
  readonly apiLatencyP99Ms?: number;
}
