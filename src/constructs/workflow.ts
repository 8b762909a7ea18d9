import { Duration, Fn, Names, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, IConstruct } from 'constructs';
import { createDeadLetterQueue, eventDelivery, eventDeliveryProblems } from './event-delivery';
import { findingText } from './nag-finding';
import { resolveDefinition } from './workflow-definition';
import { buildStates } from './workflow-states';
import { WorkflowStep, WorkflowType } from './workflow-steps';
import { checkSteps, EXPRESS_MAX_SECONDS } from './workflow-validation';

/**
 * The EventBridge rule that starts the workflow: matching events of `eventBus` start an
 * execution. At least `sources` or `detailTypes` must be given: an empty pattern would start
 * the workflow for every event on the bus.
 */
export interface WorkflowTriggerProps {
  /** The bus whose events start the workflow. */
  readonly eventBus: events.IEventBus;

  /**
   * Sources of the events, e.g. the publishing service's name.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Detail types of the events, e.g. `OrderPlaced`.
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax, e.g.
   * `{ total: [{ numeric: ['>', 0] }] }`.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * JSONPath of the part of the event the execution starts with; `$` for the whole event.
   *
   * @default "$.detail"
   */
  readonly inputPath?: string;

  /**
   * Where EventBridge sends the events it could not start an execution with.
   *
   * @default - an encrypted, TLS-only queue that keeps them 14 days
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * How many times EventBridge retries starting an execution (throttling, for example) before
   * it sends the event to the dead-letter queue, 0-185.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps retrying, 1 minute to 24 hours.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
}

/**
 * Properties of a `ServerlessWorkflow`.
 */
export interface ServerlessWorkflowProps {
  /**
   * Name of the state machine.
   *
   * @default - a name CloudFormation generates
   */
  readonly workflowName?: string;

  /**
   * STANDARD for business processes (up to a year, exactly once), EXPRESS for high-volume
   * event processing (up to 5 minutes, at least once, no CALLBACK steps).
   *
   * @default WorkflowType.STANDARD
   */
  readonly type?: WorkflowType;

  /** The steps; the execution starts at the first. */
  readonly steps: WorkflowStep[];

  /**
   * The function of each TASK and CALLBACK step, by step name, those of branches and item
   * steps included. Step Functions invokes them synchronously.
   */
  readonly tasks: { [stepName: string]: lambda.IFunction };

  /**
   * The EventBridge rule that starts the workflow.
   *
   * @default - no rule: executions are started by `StartExecution` calls
   */
  readonly trigger?: WorkflowTriggerProps;

  /**
   * Time after which an execution fails with States.Timeout.
   *
   * @default - none: a STANDARD execution may run a year, an EXPRESS one 5 minutes
   */
  readonly timeout?: Duration;

  /**
   * Whether executions are traced with X-Ray.
   *
   * @default true
   */
  readonly tracingEnabled?: boolean;

  /**
   * How long the workflow's log group keeps its logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Whether the logs hold the states' input and output. They may carry personal data, so they
   * are left out unless you choose otherwise.
   *
   * @default false
   */
  readonly includeExecutionData?: boolean;
}

/**
 * A Step Functions workflow written as steps (spec: Orchestration Patterns; EventBridge + Step
 * Functions): the state machine orchestrates the functions, instead of functions calling each
 * other (Lambda chaining) or waiting (synchronous waiting). Every event of every execution is
 * logged, without the states' data unless `includeExecutionData`, to a log group of its own;
 * executions are traced with X-Ray. With a `trigger`, an EventBridge rule starts the workflow,
 * retrying and then sending what it could not start to a dead-letter queue.
 *
 * Each step is a state of the same name. Task states invoke their function with its result
 * as theirs (`Resource` is the function ARN) and retry the transient Lambda errors; CALLBACK
 * states pass `{ taskToken, input }` and wait for the token to be sent back.
 */
export class ServerlessWorkflow extends Construct {
  /** The state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The log group of the state machine. */
  public readonly logGroup: logs.LogGroup;
  /** The rule that starts the workflow, if it has a `trigger`. */
  public readonly rule?: events.Rule;
  /** The dead-letter queue of the rule's target, if it has a `trigger`. */
  public readonly deadLetterQueue?: sqs.IQueue;
  private readonly tasks: { [stepName: string]: lambda.IFunction };

  constructor(scope: Construct, id: string, props: ServerlessWorkflowProps) {
    super(scope, id);
    const type = props.type ?? WorkflowType.STANDARD;
    checkSteps(this.node.path, props.steps, Object.keys(props.tasks), type);
    this.checkTimeout(type, props.timeout);
    if (props.trigger) {
      this.checkTrigger(props.trigger);
    }
    this.tasks = { ...props.tasks };

    const start = buildStates(new Construct(this, 'Steps'), props.steps, this.tasks);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.workflowName,
      stateMachineType: type === WorkflowType.EXPRESS ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      timeout: props.timeout,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: this.logGroupName(),
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.addObservability(props.tracingEnabled ?? true, props.includeExecutionData ?? false);
    this.acknowledgeTaskFunctions();

    if (props.trigger) {
      this.deadLetterQueue = props.trigger.deadLetterQueue
        ?? createDeadLetterQueue(this, 'TriggerDeadLetterQueue', `the rule that starts ${this.node.path}`);
      this.rule = this.createRule(props.trigger, this.deadLetterQueue);
    }
  }

  /**
   * The state machine's Amazon States Language definition as a JSON object, for validation and
   * offline runs: each task's function ARN is replaced by a placeholder naming its step,
   * `arn:aws:lambda:us-east-1:123456789012:function:<step name>`.
   */
  public definition(): { [key: string]: any } {
    return resolveDefinition(this.node.path, this.stateMachine, this.tasks);
  }

  private checkTimeout(type: WorkflowType, timeout?: Duration): void {
    if (!timeout) {
      return;
    }
    const seconds = timeout.toSeconds();
    const max = type === WorkflowType.EXPRESS ? EXPRESS_MAX_SECONDS : Duration.days(365).toSeconds();
    if (seconds < 1 || seconds > max) {
      const allowed = type === WorkflowType.EXPRESS ? '1 second to 5 minutes for an EXPRESS workflow' : '1 second to 365 days';
      throw new Error(`${this.node.path}: \`timeout\` must be ${allowed}; got ${timeout.toHumanString()}.`);
    }
  }

  private checkTrigger(trigger: WorkflowTriggerProps): void {
    const where = `${this.node.path}: \`trigger\``;
    if (!trigger.sources?.length && !trigger.detailTypes?.length) {
      throw new Error(`${where} must name \`sources\` or \`detailTypes\`: an empty pattern matches every event on the bus.`);
    }
    const [problem] = eventDeliveryProblems(trigger, (field) => `${where}.${field}`);
    if (problem) {
      throw new Error(problem);
    }
    if (trigger.inputPath !== undefined && !trigger.inputPath.startsWith('$')) {
      throw new Error(`${where}.inputPath must be a JSONPath on the event, starting with \`$\`; got ${JSON.stringify(trigger.inputPath)}.`);
    }
  }

  /**
   * Under `/aws/vendedlogs/states/`, so that Step Functions' log deliveries share one entry of
   * the account's CloudWatch Logs resource policy (whose size is limited) instead of one per log
   * group; the stack's id keeps the name free when a deleted stack left its log group behind.
   */
  private logGroupName(): string {
    const stackGuid = Fn.select(2, Fn.split('/', Stack.of(this).stackId));
    return `/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-${stackGuid}`;
  }

  /**
   * Logs (level ALL) and tracing, set on the L1 resource with their grants in a policy of their
   * own: log deliveries and X-Ray take no resource but `*`, and acknowledging that wildcard on
   * this policy leaves any other `*` granted to the state machine's role to be reported.
   */
  private addObservability(tracing: boolean, includeExecutionData: boolean): void {
    const statements = [new iam.PolicyStatement({
      actions: [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      resources: ['*'],
    })];
    if (tracing) {
      statements.push(new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
        resources: ['*'],
      }));
    }
    const policy = new iam.Policy(this, 'ObservabilityPolicy', { roles: [this.stateMachine.role], statements });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CloudWatch Logs log deliveries and X-Ray support no resource-level permissions: `*` is the only resource these actions take.',
    });
    const resource = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    resource.loggingConfiguration = {
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: this.logGroup.logGroupArn } }],
      includeExecutionData,
      level: sfn.LogLevel.ALL,
    };
    resource.tracingConfiguration = { enabled: tracing };
    // Step Functions refuses a state machine whose role may not yet deliver its logs
    resource.addResourceDependency(policy.node.defaultChild as iam.CfnPolicy);
  }

  /**
   * The grant to invoke a function covers `<arn>:*` too (its versions and aliases): acknowledged
   * by its exact finding id. A function of this stack invoked only by the workflow needs no
   * dead-letter queue: Step Functions invokes it synchronously and handles its failures.
   */
  private acknowledgeTaskFunctions(): void {
    const stack = Stack.of(this);
    const stepsByFunction = new Map<lambda.IFunction, string[]>();
    for (const [stepName, fn] of Object.entries(this.tasks)) {
      stepsByFunction.set(fn, [...(stepsByFunction.get(fn) ?? []), stepName]);
    }
    const wildcards = new Set<string>();
    for (const [fn, stepNames] of stepsByFunction) {
      fn.resourceArnsForGrantInvoke
        .map((arn) => findingText(stack.resolve(arn)))
        .filter((arn) => arn.includes('*'))
        .forEach((arn) => wildcards.add(arn));
      const target = fn instanceof lambda.Alias ? fn.version.lambda : fn;
      if (target instanceof lambda.Function && Stack.of(target) === stack && !target.deadLetterQueue && !acknowledges(target, 'Serverless-LambdaDLQ')) {
        Validations.of(target).acknowledge({
          id: 'Serverless-LambdaDLQ',
          reason: `Invoked synchronously by the state machine of ${this.node.path} (step ${stepNames.join(', ')}): failures go to the step's retry and catch, not to a dead-letter queue.`,
        });
      }
    }
    if (wildcards.size > 0) {
      Validations.of(this.stateMachine.role).acknowledge(...[...wildcards].map((arn) => ({
        id: `AwsSolutions-IAM5[Resource::${arn}]`,
        reason: 'CDK\'s grant lets the state machine invoke the versions and aliases of its task functions, and those functions only.',
      })));
    }
  }

  private createRule(trigger: WorkflowTriggerProps, deadLetterQueue: sqs.IQueue): events.Rule {
    const inputPath = trigger.inputPath ?? '$.detail';
    const name = [trigger.sources?.join('|'), trigger.detailTypes?.join('|')].filter(Boolean).join(' ');
    return new events.Rule(this, 'Trigger', {
      eventBus: trigger.eventBus,
      description: `${name} starts ${this.node.path}`,
      eventPattern: { source: trigger.sources, detailType: trigger.detailTypes, detail: trigger.detail },
      targets: [new targets.SfnStateMachine(this.stateMachine, {
        input: inputPath === '$' ? undefined : events.RuleTargetInput.fromEventPath(inputPath),
        deadLetterQueue,
        ...eventDelivery(trigger),
      })],
    });
  }
}

/** Whether `rule` is acknowledged on `construct` already, e.g. by `Microservice` for its `synchronousCaller`. */
function acknowledges(construct: IConstruct, rule: string): boolean {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .some((entry) => Object.keys(entry.data as object).some((id) => id.endsWith(rule)));
}

