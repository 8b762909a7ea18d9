import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { createDeadLetterQueue, eventDelivery, eventDeliveryProblems, isAwsSource } from './event-delivery';
import { scheduleFunction } from './function-schedule';
import { FunctionScheduleProps } from './function-schedule-props';
import { ServerlessGraphqlApi } from './graphql-api';
import { IdempotencyTable } from './idempotency-table';
import { RestRouteProps, ServerlessRestApi } from './rest-api';
import { definedOnly } from '../defined-only';
import { FunctionDefaults, ServiceFunction, ServiceFunctionProps } from './service-function';
import { ServiceTable, ServiceTableProps } from './service-table';

/**
 * What a function may do with its service's table.
 */
export enum TableAccess {
  /** No access. */
  NONE = 'NONE',
  /** `GetItem`, `Query`, `Scan` and the other read actions. */
  READ = 'READ',
  /** Read and write actions. */
  READ_WRITE = 'READ_WRITE',
}

/**
 * Properties of a `Microservice`.
 */
export interface MicroserviceProps {
  /** The service's name: its functions' `POWERTOOLS_SERVICE_NAME` and, by default, its event source. */
  readonly serviceName: string;

  /**
   * The service's own table.
   *
   * @default - the service has no table
   */
  readonly table?: ServiceTableProps;

  /**
   * The API on which the service's routes are added.
   *
   * @default - functions with a `route` are rejected
   */
  readonly api?: ServerlessRestApi;

  /**
   * The GraphQL API whose fields the service's functions resolve.
   *
   * @default - functions with a `resolver` are rejected
   */
  readonly graphqlApi?: ServerlessGraphqlApi;

  /**
   * The bus the service publishes its events to.
   *
   * @default - functions that publish are rejected
   */
  readonly eventBus?: events.IEventBus;

  /**
   * Settings of every function of the service that the function's own props do not set.
   *
   * @default - the `ServiceFunction` defaults
   */
  readonly functionDefaults?: FunctionDefaults;

  /**
   * The `source` of the events the service publishes.
   *
   * @default - the service name
   */
  readonly eventSource?: string;
}

/**
 * An EventBridge rule that sends the matching events of the service's bus (or, for AWS services'
 * events, the account's default bus) to a function. At least `sources` or `detailTypes` must be
 * given: an empty pattern would send the function every event, its own included.
 */
export interface EventSubscriptionProps {
  /**
   * Sources of the events, e.g. the publishing service's name, or AWS services' sources
   * (`aws.s3`, `aws.health`), whose events are on the account's default bus.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Whether the rule is on the account's default bus, where AWS services put their events,
   * instead of the service's bus. Set it to `false` when a rule of yours forwards AWS services'
   * events to the service's bus.
   *
   * @default - true when every source is an AWS service's (`aws.*`), else false
   */
  readonly defaultBus?: boolean;

  /**
   * Detail types of the events.
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax, e.g.
   * `{ total: [{ numeric: ['>', 100] }], status: [{ 'anything-but': 'TEST' }] }`.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * How many times EventBridge retries a delivery to the function that failed (throttling,
   * for example) before it sends the event to the dead-letter queue, 0-185.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps retrying a delivery, 1 minute to 24 hours.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
}

/**
 * A field of a GraphQL type.
 */
export interface GraphqlFieldProps {
  /** The type, e.g. `Query`. */
  readonly typeName: string;
  /** The field, e.g. `getItem`. */
  readonly fieldName: string;
}

/**
 * Properties of a function added to a `Microservice`.
 */
export interface MicroserviceFunctionProps extends ServiceFunctionProps {
  /**
   * What the function may do with the service's table.
   *
   * @default TableAccess.NONE
   */
  readonly tableAccess?: TableAccess;

  /**
   * The API route that invokes the function.
   *
   * @default - no route
   */
  readonly route?: RestRouteProps;

  /**
   * The GraphQL field the function resolves, on the service's `graphqlApi`.
   *
   * @default - resolves no field
   */
  readonly resolver?: GraphqlFieldProps;

  /**
   * What invokes the function synchronously when neither a route nor a resolver does, such as
   * a state machine (`ServerlessWorkflow`): the function then gets no dead-letter queue, as its
   * caller receives its errors.
   *
   * @default - invoked asynchronously unless it has a route or a resolver
   */
  readonly synchronousCaller?: string;

  /**
   * Detail types of the events the function publishes; it may publish these and nothing else.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];

  /**
   * The events of the service's bus that invoke the function: one rule each, whose target
   * retries and then sends what it could not deliver to the function's dead-letter queue.
   *
   * @default - no subscriptions
   */
  readonly subscriptions?: EventSubscriptionProps[];

  /**
   * Whether the function keeps Powertools idempotency records in the service's
   * `idempotencyTable` (created with the first such function), to process each event of an
   * at-least-once source once.
   *
   * @default false
   */
  readonly idempotency?: boolean;

  /**
   * An EventBridge Scheduler schedule that invokes the function (asynchronously: it gets a
   * dead-letter queue, where the schedule also sends the runs it could not deliver).
   *
   * @default - no schedule
   */
  readonly schedule?: FunctionScheduleProps;
}

/**
 * A serverless microservice (spec: Serverless Microservices): its own table, one function per
 * operation, each with least-privilege access to the table and permission to publish only the
 * event types it declares, under the service's source; functions subscribe to other services'
 * events with rules on the same bus, and to AWS services' events (`aws.*`) with rules on the
 * account's default bus. A function without a route is invoked asynchronously, so
 * it gets an encrypted dead-letter queue unless it brings one; its rules deliver there too what
 * they cannot deliver to it.
 */
export class Microservice extends Construct {
  /** The service's table, if it has one. */
  public readonly table?: ServiceTable;
  /** The `source` of the events the service publishes. */
  public readonly eventSource: string;
  private readonly props: MicroserviceProps;
  private _idempotencyTable?: IdempotencyTable;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    this.props = props;
    this.eventSource = props.eventSource ?? props.serviceName;
    if (props.table) {
      this.table = new ServiceTable(this, 'Table', props.table);
    }
  }

  /** The table of the idempotency records of its functions, once one has `idempotency`. */
  public get idempotencyTable(): IdempotencyTable | undefined {
    return this._idempotencyTable;
  }

  /**
   * Adds a function to the service and wires its table access, route or resolver, and events.
   */
  public addFunction(id: string, props: MicroserviceFunctionProps): ServiceFunction {
    // Invoked asynchronously (neither by API Gateway nor AppSync, or by rules): failed events land in a dead-letter queue, not nowhere.
    const invokedSynchronously = props.route !== undefined || props.resolver !== undefined || props.synchronousCaller !== undefined;
    const invokedAsynchronously = !invokedSynchronously || (props.subscriptions ?? []).length > 0 || props.schedule !== undefined;
    const deadLetterQueue = props.deadLetterQueue ?? (invokedAsynchronously ? createDeadLetterQueue(this, `${id}DeadLetterQueue`, `function ${id}`) : undefined);
    const fn = new ServiceFunction(this, id, {
      ...this.props.functionDefaults,
      ...definedOnly(props),
      deadLetterQueue,
      environment: { POWERTOOLS_SERVICE_NAME: this.props.serviceName, ...props.environment },
    });
    this.grantTableAccess(id, fn, props.tableAccess ?? TableAccess.NONE);
    if (props.route) {
      if (!this.props.api) {
        throw new Error(`${this.node.path}/${id}: \`route\` ${props.route.method} ${props.route.path} needs the service's \`api\`.`);
      }
      this.props.api.addRoute(props.route, fn.invocable);
      // a Lambda proxy integration answers CORS itself: the starters' apiHandler reads these
      if (this.props.api.corsAllowOrigins.length > 0) {
        fn.addEnvironment('CORS_ALLOW_ORIGINS', this.props.api.corsAllowOrigins.join(','));
        if (this.props.api.corsAllowCredentials) {
          fn.addEnvironment('CORS_ALLOW_CREDENTIALS', 'true');
        }
      }
    }
    if (props.resolver) {
      if (!this.props.graphqlApi) {
        throw new Error(`${this.node.path}/${id}: \`resolver\` ${props.resolver.typeName}.${props.resolver.fieldName} needs the service's \`graphqlApi\`.`);
      }
      this.props.graphqlApi.addResolver(props.resolver.typeName, props.resolver.fieldName, fn.invocable);
    }
    if (invokedSynchronously && !deadLetterQueue) {
      const caller = props.route ? `API Gateway (${props.route.method} ${props.route.path})`
        : props.resolver ? `AppSync (${props.resolver.typeName}.${props.resolver.fieldName})`
          : props.synchronousCaller;
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked synchronously by ${caller}: errors go back to the caller; a dead-letter queue only receives failed asynchronous invocations.`,
      });
    }
    if (props.publishes && props.publishes.length > 0) {
      this.grantPublish(id, fn, props.publishes);
    }
    (props.subscriptions ?? []).forEach((subscription, index) => this.subscribe(id, fn, subscription, index));
    if (props.schedule) {
      scheduleFunction(this, `${id}Schedule`, fn.invocable, props.schedule, deadLetterQueue!);
    }
    if (props.idempotency) {
      this._idempotencyTable ??= new IdempotencyTable(this, 'IdempotencyTable');
      this._idempotencyTable.grantIdempotency(fn);
    }
    return fn;
  }

  private subscribe(id: string, fn: ServiceFunction, subscription: EventSubscriptionProps, index: number): events.Rule {
    const where = `${this.node.path}/${id}: \`subscriptions[${index}]\``;
    const sources = subscription.sources ?? [];
    const awsSources = sources.filter(isAwsSource);
    if (subscription.defaultBus === undefined && awsSources.length > 0 && awsSources.length < sources.length) {
      throw new Error(`${where}: \`sources\` mixes AWS services' (${awsSources.join(', ')}), whose events are on the default bus, with others `
        + `(${sources.filter((source) => !isAwsSource(source)).join(', ')}), on the service's bus; split it into two subscriptions, or set \`defaultBus\`.`);
    }
    const defaultBus = subscription.defaultBus ?? (sources.length > 0 && awsSources.length === sources.length);
    // no eventBus: the rule is on the account's default bus
    const bus = defaultBus ? undefined : this.props.eventBus;
    if (!defaultBus && !bus) {
      throw new Error(`${where} needs the service's \`eventBus\`.`);
    }
    if (!subscription.sources?.length && !subscription.detailTypes?.length) {
      throw new Error(`${where} must name \`sources\` or \`detailTypes\`: an empty pattern matches every event on the bus, the function's own included.`);
    }
    const [problem] = eventDeliveryProblems(subscription, (field) => `${where}.${field}`);
    if (problem) {
      throw new Error(problem);
    }
    const name = [subscription.sources?.join('|'), subscription.detailTypes?.join('|')].filter(Boolean).join(' ');
    return new events.Rule(this, `${id}Subscription${index + 1}`, {
      eventBus: bus,
      description: `${name} to ${this.props.serviceName}/${id}`,
      eventPattern: {
        source: subscription.sources,
        detailType: subscription.detailTypes,
        detail: subscription.detail,
      },
      targets: [new targets.LambdaFunction(fn.invocable, { deadLetterQueue: fn.deadLetterQueue, ...eventDelivery(subscription) })],
    });
  }

  private grantTableAccess(id: string, fn: ServiceFunction, access: TableAccess): void {
    if (access === TableAccess.NONE) {
      return;
    }
    if (!this.table) {
      throw new Error(`${this.node.path}/${id}: \`tableAccess\` ${access} needs the service's \`table\`.`);
    }
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    if (access === TableAccess.READ) {
      this.table.grantReadData(fn);
    } else {
      this.table.grantReadWriteData(fn);
    }
  }

  private grantPublish(id: string, fn: ServiceFunction, detailTypes: string[]): void {
    const bus = this.props.eventBus;
    if (!bus) {
      throw new Error(`${this.node.path}/${id}: \`publishes\` ${detailTypes.join(', ')} needs the service's \`eventBus\`.`);
    }
    fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    fn.addEnvironment('EVENT_SOURCE', this.eventSource);
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: {
        StringEquals: {
          'events:source': this.eventSource,
          'events:detail-type': [...detailTypes].sort(),
        },
      },
    }));
  }
}
