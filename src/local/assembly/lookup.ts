/**
 * Finds the resource of the template a resolved value points to: a function by its name or ARN
 * (an alias's or a version's ARN naming its function), a queue by its ARN or name, a table by its
 * stream's ARN, a Kinesis stream by its ARN or one of its consumers' ARNs, a state machine by its
 * ARN. And counts what local mode does not run.
 *
 * @module
 */
import { functionNameOf } from './resource-values';
import { StackTemplate } from './template';

/** Why a function of the template is not run locally, by logical id. */
export type SkippedFunctions = ReadonlyMap<string, string>;

/** The template's resources by the values that point to them. */
export class TemplateIndex {
  private readonly functions = new Map<string, string>();
  private readonly queuesByArn = new Map<string, string>();
  private readonly queuesByName = new Map<string, string>();
  private readonly tableStreams = new Map<string, string>();
  private readonly kinesisStreams = new Map<string, string>();
  private readonly stateMachines = new Map<string, string>();

  constructor(private readonly template: StackTemplate, private readonly skippedFunctions: SkippedFunctions) {
    const attribute = (logicalId: string, name: string): unknown => template.valuesOf(logicalId)?.attributes[name];
    for (const [logicalId] of template.ofType('AWS::Lambda::Function')) {
      this.functions.set(String(template.valuesOf(logicalId)?.ref), logicalId);
    }
    for (const [logicalId] of template.ofType('AWS::SQS::Queue')) {
      this.queuesByArn.set(String(attribute(logicalId, 'Arn')), logicalId);
      this.queuesByName.set(String(attribute(logicalId, 'QueueName')), logicalId);
    }
    for (const [logicalId] of template.ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable')) {
      const streamArn = attribute(logicalId, 'StreamArn');
      if (typeof streamArn === 'string') {
        this.tableStreams.set(streamArn, logicalId);
      }
    }
    for (const [logicalId] of template.ofType('AWS::Kinesis::Stream')) {
      this.kinesisStreams.set(String(attribute(logicalId, 'Arn')), logicalId);
    }
    for (const [logicalId] of template.ofType('AWS::Kinesis::StreamConsumer')) {
      const stream = this.kinesisStreams.get(String(attribute(logicalId, 'StreamARN')));
      if (stream) {
        this.kinesisStreams.set(String(attribute(logicalId, 'ConsumerARN')), stream);
      }
    }
    for (const [logicalId] of template.ofType('AWS::StepFunctions::StateMachine')) {
      this.stateMachines.set(String(attribute(logicalId, 'Arn')), logicalId);
    }
  }

  /**
   * The function (logical id) that a name or ARN invokes, qualified or not; fails, naming `logicalId`
   * and `property`, when it is not a function of the template that local mode runs.
   */
  public functionOf(nameOrArn: string, logicalId: string, property: string): string {
    const fn = this.functions.get(functionNameOf(nameOrArn));
    if (!fn) {
      return this.template.fail(logicalId, property, `invokes ${nameOrArn}, which is not a function of this template.`);
    }
    const skipped = this.skippedFunctions.get(fn);
    if (skipped) {
      return this.template.fail(logicalId, property, `invokes ${fn}, which local mode does not run: ${skipped}.`);
    }
    return fn;
  }

  /** The queue (logical id) with this ARN; fails, naming `logicalId` and `property`, when the template has none. */
  public queueOf(arn: string, logicalId: string, property: string): string {
    return this.queuesByArn.get(arn) ?? this.template.fail(logicalId, property, `${arn} is not a queue of this template.`);
  }

  /** The queue (logical id) named `name`, if any. */
  public queueNamed(name: string): string | undefined {
    return this.queuesByName.get(name);
  }

  /** Whether `arn` is a queue of the template. */
  public isQueue(arn: string): boolean {
    return this.queuesByArn.has(arn);
  }

  /** The table (logical id) whose stream has this ARN. */
  public tableOfStream(arn: string): string | undefined {
    return this.tableStreams.get(arn);
  }

  /** The Kinesis stream (logical id) with this ARN, or read by the consumer with this ARN. */
  public kinesisStreamOf(arn: string): string | undefined {
    return this.kinesisStreams.get(arn);
  }

  /** The state machine (logical id) with this ARN. */
  public stateMachineOf(arn: string): string | undefined {
    return this.stateMachines.get(arn);
  }
}

/** Counts of what the template has that local mode does not run, by resource type (or a type and what of it). */
export class NotEmulated {
  private readonly counts = new Map<string, number>();

  /** Counts one more `key`: a resource type, e.g. `AWS::S3::Bucket`, or a part of one, e.g. `AWS::Events::Rule (schedule)`. */
  public add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The counts, by key in alphabetical order. */
  public toRecord(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** The service of an ARN: `sqs` in `arn:aws:sqs:...`; undefined when `value` is not an ARN. */
export function arnService(value: string): string | undefined {
  return /^arn:[^:]+:([^:]+):/.exec(value)?.[1];
}
