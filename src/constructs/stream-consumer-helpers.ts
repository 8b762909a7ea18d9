import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * What is wrong with a construct's props, collected so that all of it is reported at once.
 * Values that are tokens are not checked: they are known at deployment only.
 */
export class PropErrors {
  private readonly messages: string[] = [];

  constructor(private readonly where: string) {}

  /** Adds a message, e.g. "`batchSize` must be 1-10000; got 0." */
  public add(message: string): void {
    this.messages.push(message);
  }

  /** Requires a whole number from `min` to `max`. */
  public wholeNumber(name: string, value: number | undefined, min: number, max: number): void {
    if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
      this.add(`\`${name}\` must be a whole number from ${min} to ${max}; got ${value}.`);
    }
  }

  /** Requires a duration from `min` to `max`. */
  public duration(name: string, value: Duration | undefined, min: Duration, max: Duration): void {
    if (value === undefined || value.isUnresolved()) {
      return;
    }
    const seconds = value.toSeconds();
    if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
      this.add(`\`${name}\` must be from ${min.toHumanString()} to ${max.toHumanString()}; got ${value.toHumanString()}.`);
    }
  }

  /** Throws one error with every message, each prefixed with the construct's path. */
  public throwIfAny(): void {
    if (this.messages.length > 0) {
      throw new Error(this.messages.map((message) => `${this.where}: ${message}`).join('\n'));
    }
  }
}

/**
 * An SQS-encrypted, TLS-only queue that keeps its messages 14 days (the most SQS allows): the
 * end of the line for what `owner` gives up on, so it needs no dead-letter queue of its own.
 */
/** The function behind `fn`: itself, or the function of a version or an alias; undefined when imported. */
export function functionOf(fn: lambda.IFunction): lambda.Function | undefined {
  const target = fn instanceof lambda.Alias ? fn.version.lambda : fn instanceof lambda.Version ? fn.lambda : fn;
  return target instanceof lambda.Function ? target : undefined;
}

/** The timeout of the function behind `fn` (Lambda's 3 s when unset), or undefined when it cannot be known. */
export function functionTimeout(fn: lambda.IFunction): Duration | undefined {
  const target = functionOf(fn);
  return target ? target.timeout ?? Duration.seconds(3) : undefined;
}

/**
 * A mapping names an alias target `<function>:<alias>`, which refers to the function only: it
 * must wait for an alias of its stack, or CloudFormation may create it before the alias exists.
 */
export function waitForAlias(mapping: lambda.EventSourceMapping, target: lambda.IFunction): void {
  if (target instanceof lambda.Alias && Stack.of(target) === Stack.of(mapping)) {
    mapping.node.addDependency(target);
  }
}

/**
 * An event source mapping invokes its function synchronously: a function of this stack that
 * has no dead-letter queue gets `Serverless-LambdaDLQ` acknowledged, as a dead-letter queue only
 * receives failed asynchronous invocations. Not when it is acknowledged already.
 */
export function acknowledgeSynchronousInvocation(scope: IConstruct, fn: lambda.IFunction, reason: string): void {
  const target = functionOf(fn);
  if (target && Stack.of(target) === Stack.of(scope) && !target.deadLetterQueue && !acknowledges(target, 'Serverless-LambdaDLQ')) {
    Validations.of(target).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
  }
}

function acknowledges(construct: IConstruct, rule: string): boolean {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .some((entry) => Object.keys(entry.data as object).some((id) => id.endsWith(rule)));
}
