import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * How an EventBridge rule delivers to its target: EventBridge's limits, and our defaults (its
 * own maximums, as failed deliveries are throttles that clear).
 */
export const EVENT_DELIVERY = {
  maxRetryAttempts: 185,
  defaultRetryAttempts: 185,
  minEventAgeSeconds: 60,
  maxEventAgeSeconds: 86400,
  defaultEventAgeSeconds: 86400,
} as const;

/** Whether `source` is an AWS service's: EventBridge reserves the `aws.` prefix to them, and they put their events on the default bus. */
export function isAwsSource(source: string): boolean {
  return source.startsWith('aws.');
}

/** A rule target's retry policy, as the props of our constructs give it. */
export interface EventDeliveryProps {
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
}

/** The retry policy with the defaults in place. */
export function eventDelivery(props: EventDeliveryProps): { retryAttempts: number; maxEventAge: Duration } {
  return {
    retryAttempts: props.retryAttempts ?? EVENT_DELIVERY.defaultRetryAttempts,
    maxEventAge: props.maxEventAge ?? Duration.seconds(EVENT_DELIVERY.defaultEventAgeSeconds),
  };
}

/** What is wrong with a retry policy; `field` names a prop as the caller's messages do. */
export function eventDeliveryProblems(props: EventDeliveryProps, field: (name: string) => string): string[] {
  const { retryAttempts, maxEventAge } = eventDelivery(props);
  const problems: string[] = [];
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > EVENT_DELIVERY.maxRetryAttempts) {
    problems.push(`${field('retryAttempts')} must be a whole number from 0 to ${EVENT_DELIVERY.maxRetryAttempts}; got ${retryAttempts}.`);
  }
  const seconds = maxEventAge.toSeconds();
  if (seconds < EVENT_DELIVERY.minEventAgeSeconds || seconds > EVENT_DELIVERY.maxEventAgeSeconds) {
    problems.push(`${field('maxEventAge')} must be from 1 minute to 24 hours; got ${maxEventAge.toHumanString()}.`);
  }
  return problems;
}

/**
 * The queue where what could not be delivered or processed ends: SQS-managed encryption,
 * TLS only, kept 14 days (SQS's longest). cdk-nag's SQS3 and Serverless-SQSRedrivePolicy ask
 * every queue for a dead-letter queue of its own; this one is the end of the line. (A queue
 * that is the redrive target of another is known to cdk-nag as a dead-letter queue already:
 * `redriveTarget` leaves SQS3 to it.)
 */
export function createDeadLetterQueue(scope: Construct, id: string, of: string, redriveTarget = false): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const reason = `This queue is the dead-letter queue of ${of}: the end of the line, it needs no dead-letter queue of its own.`;
  Validations.of(queue).acknowledge(
    ...(redriveTarget ? [] : [{ id: 'AwsSolutions-SQS3', reason }]),
    { id: 'Serverless-SQSRedrivePolicy', reason },
  );
  return queue;
}
