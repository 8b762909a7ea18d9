import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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
   * Detail types of the events the function publishes; it may publish these and nothing else.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];
}

/**
 * A serverless microservice (spec: Serverless Microservices): its own table, one function per
 * operation, each with least-privilege access to the table and permission to publish only the
 * event types it declares, under the service's source. A function without a route is invoked
 * asynchronously, so it gets an encrypted dead-letter queue unless it brings one.
 */
export class Microservice extends Construct {
  /** The service's table, if it has one. */
  public readonly table?: ServiceTable;
  /** The `source` of the events the service publishes. */
  public readonly eventSource: string;
  private readonly props: MicroserviceProps;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    this.props = props;
    this.eventSource = props.eventSource ?? props.serviceName;
    if (props.table) {
      this.table = new ServiceTable(this, 'Table', props.table);
    }
  }

  /**
   * Adds a function to the service and wires its table access, route and events.
   */
  public addFunction(id: string, props: MicroserviceFunctionProps): ServiceFunction {
    // Invoked asynchronously (no route): failed events land in a dead-letter queue, not nowhere.
    const deadLetterQueue = props.route || props.deadLetterQueue ? props.deadLetterQueue : this.deadLetterQueueFor(id);
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
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason: `Invoked synchronously by API Gateway (${props.route.method} ${props.route.path}): errors go back to the caller; a dead-letter queue only receives failed asynchronous invocations.`,
      });
    }
    if (props.publishes && props.publishes.length > 0) {
      this.grantPublish(id, fn, props.publishes);
    }
    return fn;
  }

  private deadLetterQueueFor(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, `${id}DeadLetterQueue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reason = `This queue is the dead-letter queue of function ${id}: the end of the line, it needs no dead-letter queue of its own.`;
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason }, { id: 'Serverless-SQSRedrivePolicy', reason });
    return queue;
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
