import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import {
  ApiTimeoutBeyondIntegration,
  AsyncFailureDestination,
  LambdaChaining,
  lambdaMonolith,
  LambdaRecursion,
  longRunningFunction,
  unreservedConcurrency,
} from './rules';

/**
 * Properties of `ServerlessPatternsChecks`.
 */
export interface ServerlessPatternsChecksProps extends NagPackProps {
  /**
   * Most routes, resolvers and event sources one function may serve before it is a monolith.
   *
   * @default 3
   */
  readonly maxTriggersPerFunction?: number;

  /**
   * Timeout in seconds above which a function is flagged as waiting synchronously.
   *
   * @default 300
   */
  readonly maxFunctionTimeoutSeconds?: number;

  /**
   * The account's concurrent executions quota in the region.
   *
   * @default 1000
   */
  readonly accountConcurrency?: number;

  /**
   * Concurrency Lambda keeps unreserved in the account; reservations may not eat into it.
   *
   * @default 100
   */
  readonly minimumUnreservedConcurrency?: number;
}

/**
 * The spec's serverless anti-patterns as a cdk-nag pack: Lambda monolith, recursion, chaining,
 * synchronous waiting, async sources without a failure destination, and reserved concurrency
 * that starves the account. Rule ids are `ServerlessPatterns-<Rule>`; see docs/checks.md.
 */
export class ServerlessPatternsChecks extends NagPack {
  public readonly name = 'ServerlessPatterns';
  private readonly maxTriggers: number;
  private readonly maxTimeout: number;
  private readonly accountConcurrency: number;
  private readonly minimumUnreserved: number;

  constructor(scope?: IConstruct, props: ServerlessPatternsChecksProps = {}) {
    super(scope, props);
    this.packName = 'ServerlessPatterns';
    this.maxTriggers = props.maxTriggersPerFunction ?? 3;
    this.maxTimeout = props.maxFunctionTimeoutSeconds ?? 300;
    this.accountConcurrency = props.accountConcurrency ?? 1000;
    this.minimumUnreserved = props.minimumUnreservedConcurrency ?? 100;
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: `The function serves more than ${this.maxTriggers} routes, resolvers or event sources (Lambda monolith).`,
      explanation: 'One function per operation deploys, scales, fails and is permitted on its own. Split the function: add one `functions` entry per route or event source.',
      level: NagMessageLevel.ERROR,
      rule: lambdaMonolith(this.maxTriggers),
      node,
    });
    this.applyRule({
      info: 'The function may invoke itself or write to the source that triggers it (recursive Lambda).',
      explanation: 'A function that re-triggers itself loops until something stops it, and bills every turn. Iterate with an SQS queue (each message one item) or a Step Functions Map state; never grant a function write access to its own trigger.',
      level: NagMessageLevel.ERROR,
      rule: LambdaRecursion,
      node,
    });
    this.applyRule({
      info: 'The function may invoke another Lambda function directly (Lambda chaining).',
      explanation: 'A chained call waits and bills twice, couples the two deployments and loses the failure handling of a queue. Publish an event to EventBridge, send to SQS, or orchestrate with Step Functions.',
      level: NagMessageLevel.ERROR,
      rule: LambdaChaining,
      node,
    });
    this.applyRule({
      info: 'The function is behind API Gateway with a timeout longer than the 29 s API Gateway waits (synchronous waiting).',
      explanation: 'The caller gets a 504 while the function runs on and bills. Keep API functions short (the SIMPLE preset), and move slow work behind a queue or a Step Functions workflow, answering 202.',
      level: NagMessageLevel.ERROR,
      rule: ApiTimeoutBeyondIntegration,
      node,
    });
    this.applyRule({
      info: `The function's timeout is longer than ${this.maxTimeout} s (synchronous waiting).`,
      explanation: 'A long timeout usually means the function waits for something slow. Let Step Functions wait: a task token callback, or a Wait state and a status check.',
      level: NagMessageLevel.WARN,
      rule: longRunningFunction(this.maxTimeout),
      node,
    });
    this.applyRule({
      info: 'An asynchronous source has no failure destination: an EventBridge target without a dead-letter queue, or a stream event source mapping without an on-failure destination.',
      explanation: 'Events that fail their retries are dropped without a trace. Give every rule target a dead-letter queue and every stream mapping an on-failure destination.',
      level: NagMessageLevel.ERROR,
      rule: AsyncFailureDestination,
      node,
    });
    this.applyRule({
      info: `The app reserves so much concurrency that fewer than ${this.minimumUnreserved} of the account's ${this.accountConcurrency} would stay unreserved.`,
      explanation: 'Lambda refuses the deployment, and every function without a reservation would share what is left. Lower the reservations, or raise the account quota and set `accountConcurrency`.',
      level: NagMessageLevel.ERROR,
      rule: unreservedConcurrency(this.accountConcurrency, this.minimumUnreserved),
      node,
    });
  }
}
