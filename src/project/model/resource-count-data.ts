/**
 * The resources of a service's data processing options and workflows, as the constructs create
 * them (`EventBucket`, `ServerlessKinesisStream`, `StreamConsumer`, `QueueApi`,
 * `ServerlessDataLake`, `ServerlessWorkflow`); see resource-count.ts.
 */
import { AppModel, QueueModel, ServiceModel } from './types';
import { ALARMS_PER_RESOURCE } from '../../constructs/operational-alarms-defaults';

/** Counts by type, one per stack. */
export class Counter {
  public readonly byType: Record<string, number> = {};

  /** `alarms`: whether `OperationalAlarms` gives the stack's functions, queues, REST APIs and state machines their alarms. */
  constructor(public readonly alarms = false) {}

  /** The alarms of `count` resources of a kind (`ALARMS_PER_RESOURCE`), when the stack has alarms. */
  public addAlarms(perResource: number, count = 1): void {
    if (this.alarms) {
      this.add('AWS::CloudWatch::Alarm', perResource * count);
    }
  }

  public add(type: string, count = 1): void {
    if (count > 0) {
      this.byType[type] = (this.byType[type] ?? 0) + count;
    }
  }

  public get total(): number {
    return Object.values(this.byType).reduce((sum, count) => sum + count, 0);
  }
}

/** A bucket of its own (`createAccessLogsBucket`) or an event bucket: the bucket and its TLS-only policy. */
function countBucket(counter: Counter): void {
  counter.add('AWS::S3::Bucket');
  counter.add('AWS::S3::BucketPolicy');
}

/** A queue and its TLS-only policy, and its alarm: the age of its oldest message, or, a dead-letter queue, the messages visible. */
export function countQueue(counter: Counter): void {
  counter.add('AWS::SQS::Queue');
  counter.add('AWS::SQS::QueuePolicy');
  counter.addAlarms(ALARMS_PER_RESOURCE.queue);
}

/**
 * Buckets with their notifications, streams and their consumers, queues behind routes (`route`
 * counts the route on the service's API), the data lake.
 */
export function dataResourceCounts(service: ServiceModel, counter: Counter, route: (queue: QueueModel) => void): void {
  // an EventBucket: the bucket and a bucket for its access logs, each with its policy
  for (const _bucket of service.buckets) {
    countBucket(counter);
    countBucket(counter);
  }
  const notified = new Map<string, Set<string>>();
  for (const fn of service.functions.filter((f) => f.objectEvents)) {
    notified.set(fn.objectEvents!.bucket, (notified.get(fn.objectEvents!.bucket) ?? new Set()).add(fn.name));
  }
  if (service.dataLake) {
    // the access logs, raw, processed and query results buckets; the raw bucket notifies the transform
    for (let i = 0; i < 4; i++) {
      countBucket(counter);
    }
    counter.add('AWS::Glue::Database');
    if (service.dataLake.columns) {
      counter.add('AWS::Glue::Table');
    }
    counter.add('AWS::Athena::WorkGroup');
    notified.set('data lake raw', new Set([service.dataLake.transform]));
  }
  // S3 notifications: a custom resource and its handler's policy per bucket, a permission per
  // function it invokes, and CDK's handler, one per stack
  for (const functions of notified.values()) {
    counter.add('Custom::S3BucketNotifications');
    counter.add('AWS::IAM::Policy');
    counter.add('AWS::Lambda::Permission', functions.size);
  }
  if (notified.size > 0) {
    counter.add('AWS::Lambda::Function');
    counter.add('AWS::IAM::Role');
  }
  for (const _stream of service.streams) {
    counter.add('AWS::Kinesis::Stream');
  }
  for (const fn of service.functions.filter((f) => f.streamEvents)) {
    counter.add('AWS::Lambda::EventSourceMapping');
    countQueue(counter);
    if (fn.streamEvents!.enhancedFanOut) {
      counter.add('AWS::Kinesis::StreamConsumer');
    }
    if (fn.streamEvents!.stream === undefined) {
      // dynamodb:ListStreams, in a policy of its own
      counter.add('AWS::IAM::Policy');
    }
  }
  for (const queue of service.queues) {
    // the queue and its dead-letter queue, the role API Gateway sends with, the route
    countQueue(counter);
    countQueue(counter);
    counter.add('AWS::IAM::Role');
    route(queue);
    if (queue.consumer) {
      counter.add('AWS::Lambda::EventSourceMapping');
    }
  }
}

/** The service's workflows: state machine, its role and policies, log group; the rule that starts it, with a dead-letter queue. */
export function workflowResourceCounts(service: ServiceModel, app: Pick<AppModel, 'hasEventBus'>, counter: Counter): void {
  const bucketRoutes = new Set<string>();
  for (const workflow of service.workflows) {
    counter.add('AWS::StepFunctions::StateMachine');
    counter.addAlarms(ALARMS_PER_RESOURCE.stateMachine);
    counter.add('AWS::IAM::Role');
    counter.add('AWS::Logs::LogGroup');
    // logs and tracing in a policy of their own; the grants to invoke the task functions in the role's
    counter.add('AWS::IAM::Policy', workflow.tasks.length > 0 ? 2 : 1);
    const trigger = workflow.trigger;
    if (!trigger) {
      continue;
    }
    // EventBridge starts the state machine with a role of its own
    counter.add('AWS::Events::Rule');
    counter.add('AWS::IAM::Role');
    counter.add('AWS::IAM::Policy');
    if (trigger.objectCreated) {
      // the bucket's rules share one dead-letter queue
      if (!bucketRoutes.has(trigger.objectCreated.bucket)) {
        bucketRoutes.add(trigger.objectCreated.bucket);
        countQueue(counter);
      }
    } else if (app.hasEventBus) {
      countQueue(counter);
    }
  }
}
