import { Annotations, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DATA_DEFAULTS } from './data-defaults';
import { createDeadLetterQueue } from './event-delivery';
import { acknowledgeSynchronousInvocation, PropErrors, waitForAlias } from './stream-consumer-helpers';
import { ServerlessKinesisStream } from './stream-consumer-kinesis-stream';
import { StreamConsumerProps } from './stream-consumer-options';

export * from './stream-consumer-options';
export * from './stream-consumer-kinesis-stream';

/** How long a DynamoDB stream keeps a record; Kinesis's default retention too. */
const DEFAULT_RETENTION = Duration.hours(24);
/** An enhanced fan-out consumer's name: 1-128 of these characters. */
const CONSUMER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** The source a mapping reads, checked. */
interface StreamSource {
  readonly table?: dynamodb.ITable;
  readonly tableStreamArn?: string;
  readonly stream?: kinesis.IStream;
}

/**
 * A function that processes a DynamoDB table's stream or a Kinesis data stream, in batches,
 * through an event source mapping (spec: DynamoDB Streams Processing, Kinesis Stream Processing).
 *
 * Defaults: batches of up to 100 records gathered for up to 5 seconds, a failed batch split in
 * two and retried at most 3 times, records older than an hour skipped, partial batch failures
 * reported by the handler, one batch per shard at a time. What Lambda gives up on is described
 * in an encrypted, TLS-only failure queue (created unless given), which the function may send
 * to. The function may read the source and nothing more. A Kinesis stream can be read through
 * an enhanced fan-out consumer of the function's own.
 */
export class StreamConsumer extends Construct {
  /** The event source mapping. */
  public readonly mapping: lambda.EventSourceMapping;
  /** Where Lambda describes the batches it gives up on. */
  public readonly failureQueue: sqs.IQueue;
  /** The enhanced fan-out consumer the mapping reads through, with `enhancedFanOut`. */
  public readonly fanOutConsumer?: kinesis.StreamConsumer;
  /** What the mapping reads: the table's stream, the Kinesis stream, or the enhanced fan-out consumer. */
  public readonly eventSourceArn: string;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const source = checkProps(this.node.path, props);
    const handler = props.handler;
    const startingPosition = props.startingPosition ?? (source.stream ? lambda.StartingPosition.TRIM_HORIZON : lambda.StartingPosition.LATEST);
    const maxRecordAge = props.maxRecordAge ?? Duration.seconds(DATA_DEFAULTS.streamMaxRecordAgeSeconds);
    this.warnOnRecordAge(source, maxRecordAge);

    if (source.stream && props.enhancedFanOut) {
      this.fanOutConsumer = new kinesis.StreamConsumer(this, 'Consumer', {
        stream: source.stream,
        streamConsumerName: props.consumerName ?? Names.uniqueResourceName(this, { maxLength: 128 }),
      });
    }
    this.eventSourceArn = this.fanOutConsumer?.streamConsumerArn ?? source.stream?.streamArn ?? source.tableStreamArn!;
    this.failureQueue = props.failureQueue ?? createDeadLetterQueue(this, 'FailureQueue', `the stream consumer ${this.node.path}`);

    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: handler,
      eventSourceArn: this.eventSourceArn,
      startingPosition,
      startingPositionTimestamp: props.startingPositionTimestamp,
      batchSize: props.batchSize ?? DATA_DEFAULTS.streamBatchSize,
      maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(DATA_DEFAULTS.streamBatchingWindowSeconds),
      bisectBatchOnError: props.bisectBatchOnError ?? true,
      retryAttempts: props.retryAttempts ?? DATA_DEFAULTS.streamRetryAttempts,
      maxRecordAge,
      reportBatchItemFailures: props.reportBatchItemFailures ?? true,
      parallelizationFactor: props.parallelizationFactor ?? 1,
      filters: props.filters?.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      onFailure: failureDestination(this.failureQueue, handler),
    });
    waitForAlias(this.mapping, handler);
    this.grantRead(source, handler);
    acknowledgeSynchronousInvocation(this, handler, `Invoked synchronously by the event source mapping of ${this.node.path}: the batches it gives up on go to its failure queue, not to a dead-letter queue.`);
  }

  /** Lets the function read its source: the stream, or the table's stream, or the consumer. */
  private grantRead(source: StreamSource, handler: lambda.IFunction): void {
    if (!handler.role) {
      Annotations.of(this).addWarningV2('projen-serverless-patterns:streamConsumerImportedFunction',
        `\`handler\` ${handler.node.path} was imported without its role: grant it the reading of the source and sqs:SendMessage on the failure queue yourself.`);
      return;
    }
    if (this.fanOutConsumer) {
      this.fanOutConsumer.grantRead(handler);
    } else if (source.stream) {
      source.stream.grantRead(handler);
    } else {
      this.grantTableStreamRead(source.table!, source.tableStreamArn!, handler);
    }
  }

  /**
   * The table's `grantStreamRead`, with `dynamodb:ListStreams` in a policy of its own: it takes
   * no resource but `*`, and acknowledging that wildcard on the function's own policy would
   * hide any other `*` the function is granted.
   */
  private grantTableStreamRead(table: dynamodb.ITable, tableStreamArn: string, handler: lambda.IFunction): void {
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [tableStreamArn],
    }));
    table.encryptionKey?.grantDecrypt(handler);
    const policy = new iam.Policy(this, 'ListStreamsPolicy', {
      roles: [handler.role!],
      statements: [new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] })],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, which Lambda needs to read a table\'s stream, supports no resource-level permissions: `*` is the only resource it takes.',
    });
    // Lambda refuses a mapping whose function may not yet read the stream
    this.mapping.node.addDependency(policy);
  }

  /** Records older than the source keeps them expire before Lambda skips them: lost, not reported. */
  private warnOnRecordAge(source: StreamSource, maxRecordAge: Duration): void {
    const retention = source.stream instanceof ServerlessKinesisStream ? source.stream.retentionPeriod
      : source.stream ? retentionOf(source.stream) : DEFAULT_RETENTION;
    if (retention && !retention.isUnresolved() && !maxRecordAge.isUnresolved() && maxRecordAge.toSeconds() >= retention.toSeconds()) {
      Annotations.of(this).addWarningV2('projen-serverless-patterns:maxRecordAgeBeyondRetention',
        `\`maxRecordAge\` (${maxRecordAge.toHumanString()}) is not shorter than the source keeps its records (${retention.toHumanString()}): records that expire first are lost without reaching the failure queue.`);
    }
  }
}

/**
 * The failure queue as the mapping's on-failure destination. `SqsDlq` grants the function
 * sqs:SendMessage on it, and fails on an imported function without its role: that one gets
 * the destination without the grant.
 */
function failureDestination(queue: sqs.IQueue, handler: lambda.IFunction): lambda.IEventSourceDlq {
  return handler.role ? new SqsDlq(queue) : { bind: () => ({ destination: queue.queueArn }) };
}

/** The retention of a Kinesis stream of this app, when it is known. */
function retentionOf(stream: kinesis.IStream): Duration | undefined {
  const resource = stream.node.defaultChild;
  if (!(resource instanceof kinesis.CfnStream)) {
    return undefined;
  }
  const hours = Stack.of(stream).resolve(resource.retentionPeriodHours);
  return typeof hours === 'number' ? Duration.hours(hours) : hours === undefined ? DEFAULT_RETENTION : undefined;
}

/** Fails on every prop that cannot work, naming each; returns the source. */
function checkProps(where: string, props: StreamConsumerProps): StreamSource {
  const errors = new PropErrors(where);
  const { table, stream } = props;
  if (table && stream) {
    errors.add('Set `table` or `stream`, not both.');
  } else if (!table && !stream) {
    errors.add('Set `table` (a DynamoDB table with a stream) or `stream` (a Kinesis data stream).');
  }
  if (table && !table.tableStreamArn) {
    errors.add(`\`table\` ${table.node.path} has no stream: create it with \`stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES\` (or another view type), or import it with \`tableStreamArn\`.`);
  }
  if (table && props.enhancedFanOut) {
    errors.add('`enhancedFanOut` needs a Kinesis `stream`; a DynamoDB stream has no enhanced fan-out consumers.');
  }
  if (props.consumerName !== undefined && !props.enhancedFanOut) {
    errors.add(`\`consumerName\` '${props.consumerName}' needs \`enhancedFanOut: true\`.`);
  } else if (props.consumerName !== undefined && !CONSUMER_NAME.test(props.consumerName)) {
    errors.add(`\`consumerName\` must be 1-128 letters, digits, '_', '.' or '-'; got '${props.consumerName}'.`);
  }
  checkStartingPosition(errors, props);
  errors.wholeNumber('batchSize', props.batchSize, 1, 10000);
  errors.duration('maxBatchingWindow', props.maxBatchingWindow, Duration.seconds(0), Duration.minutes(5));
  errors.wholeNumber('retryAttempts', props.retryAttempts, 0, 10000);
  errors.duration('maxRecordAge', props.maxRecordAge, Duration.minutes(1), Duration.days(7));
  errors.wholeNumber('parallelizationFactor', props.parallelizationFactor, 1, 10);
  (props.filters ?? []).forEach((pattern, index) => {
    if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
      errors.add(`\`filters[${index}]\` must be a pattern object with at least one field, e.g. { eventName: ['INSERT'] }; got ${JSON.stringify(pattern)}.`);
    }
  });
  errors.throwIfAny();
  return { table, tableStreamArn: table?.tableStreamArn, stream };
}

function checkStartingPosition(errors: PropErrors, props: StreamConsumerProps): void {
  const atTimestamp = props.startingPosition === lambda.StartingPosition.AT_TIMESTAMP;
  if (atTimestamp && props.table) {
    errors.add('`startingPosition` AT_TIMESTAMP needs a Kinesis `stream`; a DynamoDB stream starts at TRIM_HORIZON or LATEST.');
  } else if (atTimestamp && props.startingPositionTimestamp === undefined) {
    errors.add('`startingPosition` AT_TIMESTAMP needs `startingPositionTimestamp` (Unix time in seconds).');
  } else if (!atTimestamp && props.startingPositionTimestamp !== undefined) {
    errors.add(`\`startingPositionTimestamp\` ${props.startingPositionTimestamp} needs \`startingPosition\` AT_TIMESTAMP; got ${props.startingPosition ?? 'the default'}.`);
  }
}
