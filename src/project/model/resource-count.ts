/**
 * How many CloudFormation resources each stack of the app holds, counted from the model as the
 * constructs create them, so that `npx projen` can refuse a stack CloudFormation would refuse
 * before any file is written. The generated architecture test asserts each count against the
 * synthesized template, for every example app: a construct that adds a resource fails there first.
 *
 * Not counted: `AWS::CDK::Metadata`, which `cdk synth` adds to the app's stack (one resource) and
 * the tests leave out.
 */
import { Counter, countQueue, dataResourceCounts, workflowResourceCounts } from './resource-count-data';
import { AppModel, FunctionModel, RouteModel, ServiceModel, StackResourceCount } from './types';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { ALARMS_PER_RESOURCE } from '../../constructs/operational-alarms-defaults';
import { CORS_ERROR_RESPONSES } from '../../constructs/rest-api-helpers';

/** The app before its counts. */
type CountedApp = Omit<AppModel, 'stacks'>;

/** What a REST API has created so far, in which stack: its path segments, and an invoke role per stack. */
class ApiState {
  public readonly paths = new Set<string>();
  public readonly invokeRoles = new Set<Counter>();

  constructor(public readonly cors: boolean) {}
}

/** The resources of each stack of `app`: the app's stack first, then, with `serviceStacks`, each service's. */
export function stackResourceCounts(app: CountedApp): StackResourceCount[] {
  // with stages, the stack as its most watched stage has it (`alarmsModel`)
  const alarms = app.alarms?.enabled ?? false;
  const root = new Counter(alarms);
  const apis = new Map(app.api.instances.map((instance) => [instance.constructId, new ApiState(app.api.cors.enabled)]));
  countApp(app, root);
  const services = app.services.map((service) => {
    const counter = app.serviceStacks ? new Counter(alarms) : root;
    if (app.serviceStacks) {
      root.add('AWS::CloudFormation::Stack');
    }
    countService(service, app, counter, root, apis);
    return { stackId: service.stackId, service: service.name, counter };
  });
  if (alarms) {
    countAlarmsTopic(app, root);
  }
  const nested = app.serviceStacks
    ? services.map(({ stackId, service, counter }) => ({ stackId, service, resources: counter.total, byType: counter.byType }))
    : [];
  return [{ resources: root.total, byType: root.byType }, ...nested];
}

/** What the app's stack creates before the services: REST APIs (the shared one), the authorizer, the GraphQL API, the bus. */
function countApp(app: CountedApp, root: Counter): void {
  if (app.authorizer) {
    countFunction(root, { provisioned: app.authorizer.provisionedConcurrency !== undefined });
  }
  app.api.instances.forEach((instance, index) => {
    if (!app.serviceStacks || instance.constructId === 'Api') {
      countRestApi(root, app, index === 0, root);
    }
  });
  if (app.graphql) {
    root.add('AWS::AppSync::GraphQLApi');
    root.add('AWS::AppSync::GraphQLSchema');
    root.add('AWS::Logs::LogGroup');
    root.add('AWS::IAM::Role');
    root.add('AWS::IAM::Policy');
    if (app.graphql.authorization === GraphqlAuthorization.API_KEY) {
      root.add('AWS::AppSync::ApiKey');
    }
    if (app.graphql.authorization === GraphqlAuthorization.USER_POOL) {
      root.add('AWS::Cognito::UserPool');
    }
  }
  if (app.controlTower?.encryptionKey) {
    // ControlTowerCompliance's key for log groups, buckets and Athena results
    root.add('AWS::KMS::Key');
  }
  if (app.hasEventBus) {
    root.add('AWS::Events::EventBus');
    if (app.eventArchiveRetentionDays !== undefined) {
      root.add('AWS::Events::Archive');
    }
  }
}

/**
 * What `OperationalAlarms` adds to the app's stack besides the alarms: the dashboard, and a topic
 * of its own (its KMS key, its TLS-only policy, the email subscription) unless one is brought in.
 */
function countAlarmsTopic(app: CountedApp, root: Counter): void {
  root.add('AWS::CloudWatch::Dashboard');
  if (app.alarms?.topicArn === undefined) {
    root.add('AWS::KMS::Key');
    root.add('AWS::SNS::Topic');
    root.add('AWS::SNS::TopicPolicy');
    if (app.alarms?.email !== undefined) {
      root.add('AWS::SNS::Subscription');
    }
  }
}

/**
 * A `ServerlessRestApi`: the API, its stage and deployment, access logs, validator, the root's
 * preflight, its authorizer; the authorizer function's permission goes to the function's stack.
 */
function countRestApi(counter: Counter, app: CountedApp, first: boolean, root: Counter): void {
  counter.add('AWS::ApiGateway::RestApi');
  counter.addAlarms(ALARMS_PER_RESOURCE.restApi);
  counter.add('AWS::ApiGateway::Deployment');
  counter.add('AWS::ApiGateway::Stage');
  counter.add('AWS::Logs::LogGroup');
  counter.add('AWS::ApiGateway::RequestValidator');
  if (app.api.cors.enabled) {
    counter.add('AWS::ApiGateway::Method');
  }
  if (app.api.cors.errorResponses) {
    // API Gateway's own errors with the CORS headers
    CORS_ERROR_RESPONSES.forEach(() => counter.add('AWS::ApiGateway::GatewayResponse'));
  }
  if (first && app.api.createsCloudWatchRole) {
    counter.add('AWS::IAM::Role');
    counter.add('AWS::ApiGateway::Account');
  }
  if (app.authorizer) {
    counter.add('AWS::ApiGateway::Authorizer');
    root.add('AWS::Lambda::Permission');
  }
}

/** A `ServiceFunction`: the function, its role, its log group, its alarms; the alias and its scaling with provisioned concurrency. */
export function countFunction(counter: Counter, fn: { provisioned: boolean }): void {
  counter.add('AWS::Lambda::Function');
  counter.addAlarms(ALARMS_PER_RESOURCE.function);
  counter.add('AWS::IAM::Role');
  counter.add('AWS::Logs::LogGroup');
  if (fn.provisioned) {
    counter.add('AWS::Lambda::Version');
    counter.add('AWS::Lambda::Alias');
    counter.add('AWS::ApplicationAutoScaling::ScalableTarget');
    counter.add('AWS::ApplicationAutoScaling::ScalingPolicy');
  }
}

function countService(service: ServiceModel, app: CountedApp, counter: Counter, root: Counter, apis: Map<string, ApiState>): void {
  if (service.api && app.serviceStacks && service.api.constructId !== 'Api') {
    countRestApi(counter, app, app.api.instances[0] === service.api, root);
  }
  if (service.partitionKey) {
    counter.add('AWS::DynamoDB::Table');
  }
  const api = service.api && apis.get(service.api.constructId);
  for (const fn of service.functions) {
    countServiceFunction(fn, counter, api);
  }
  if (service.hasIdempotencyTable) {
    counter.add('AWS::DynamoDB::Table');
  }
  dataResourceCounts(service, counter, (queue) => api && countRoute(queue.route, counter, api));
  workflowResourceCounts(service, app, counter);
}

/** A function of `Microservice.addFunction`, with its dead-letter queue, route, resolver and subscriptions. */
function countServiceFunction(fn: FunctionModel, counter: Counter, api: ApiState | undefined): void {
  countFunction(counter, { provisioned: fn.provisionedConcurrency !== undefined });
  // invoked asynchronously (see Microservice.addFunction): a dead-letter queue
  const synchronous = fn.route !== undefined || fn.resolver !== undefined || fn.workflowStep !== undefined
    || fn.streamEvents !== undefined || fn.queueEvents !== undefined;
  if (!synchronous || fn.subscriptions.length > 0) {
    // a dead-letter queue (`createDeadLetterQueue`)
    countQueue(counter);
  }
  if (fn.route && api) {
    countRoute(fn.route, counter, api);
    if (!api.invokeRoles.has(counter)) {
      api.invokeRoles.add(counter);
      counter.add('AWS::IAM::Role');
    }
  }
  if (fn.resolver) {
    counter.add('AWS::AppSync::DataSource');
    counter.add('AWS::IAM::Role');
    counter.add('AWS::IAM::Policy');
    counter.add('AWS::AppSync::Resolver');
  }
  for (const _subscription of fn.subscriptions) {
    counter.add('AWS::Events::Rule');
    counter.add('AWS::Lambda::Permission');
  }
  if (fn.schedule) {
    // the schedule, and the role Scheduler assumes to invoke the function, with its policy
    counter.add('AWS::Scheduler::Schedule');
    counter.add('AWS::IAM::Role');
    counter.add('AWS::IAM::Policy');
  }
}

/** A route's method, its body model, and the path segments it is the first to need (a resource each, and its preflight with CORS). */
export function countRoute(route: RouteModel, counter: Counter, api: ApiState): void {
  counter.add('AWS::ApiGateway::Method');
  if (route.bodySchemaFile) {
    counter.add('AWS::ApiGateway::Model');
  }
  let current = '';
  for (const part of route.path.split('/').filter((segment) => segment !== '')) {
    current += `/${part}`;
    if (!api.paths.has(current)) {
      api.paths.add(current);
      counter.add('AWS::ApiGateway::Resource');
      if (api.cors) {
        counter.add('AWS::ApiGateway::Method');
      }
    }
  }
}
