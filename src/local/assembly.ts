/**
 * Reads a synthesized app (the cloud assembly `cdk synth` writes to `cdk.out`) into the
 * `LocalApp` that local mode runs: its functions with their staged code, tables, REST APIs,
 * buses and rules, queues and event source mappings, every value of the template resolved to its
 * local equivalent, and the count of what local mode does not run.
 *
 * Local names: a resource's physical name when the template sets one (`TableName`, `QueueName`,
 * `FunctionName`, `Name`...), else `<stack>-<logicalId>` (`shop-ItemsTable1A2B3C4D`): the name
 * CloudFormation would generate, without its random suffix. ARNs are those AWS forms, in
 * `LOCAL_ACCOUNT` and `LOCAL_REGION`; queue URLs start with the SQS endpoint of the options.
 *
 * @module
 */
import * as path from 'node:path';
import { BUCKET_NOTIFICATIONS, readBuckets, withoutNotificationHandlers } from './assembly/buckets';
import { readFunctions, skippedFunctions } from './assembly/functions';
import { NotEmulated, TemplateIndex } from './assembly/lookup';
import { readJson, selectStack } from './assembly/manifest';
import { readEventBuses, readEventSourceMappings, readQueues, readRules } from './assembly/messaging';
import { withNestedStacks } from './assembly/nested-stacks';
import { readRestApis } from './assembly/rest-apis';
import { readSchedules } from './assembly/schedules';
import { readStateMachines } from './assembly/state-machines';
import { readKinesisStreams, withStreamSettings } from './assembly/streams';
import { isObject, StackTemplate } from './assembly/template';
import { LocalApp } from './local-app';

export { AssemblyError } from './assembly/template';
export { listStacks } from './assembly/manifest';
export type { StackArtifact } from './assembly/manifest';

/** Where local mode's services listen, for the URLs written into the app. */
export interface LocalEndpoints {
  /**
   * The SQS endpoint: queue URLs are `<sqs>/000000000000/<queue name>`.
   *
   * @default "http://127.0.0.1:9324"
   */
  readonly sqs?: string;
}

/** Options of `readAssembly`. */
export interface ReadAssemblyOptions {
  /** Where local mode's services listen. */
  readonly endpoints?: LocalEndpoints;

  /**
   * Values of the template's parameters, over their `Default`.
   *
   * @default - each parameter's `Default`
   */
  readonly parameters?: Record<string, string>;
}

/** The default SQS endpoint of queue URLs. */
export const DEFAULT_SQS_ENDPOINT = 'http://127.0.0.1:9324';

/**
 * Resource types that are wiring around what local mode runs (permissions, logs, versions,
 * deployments, scaling), not something it should run: never reported as not emulated.
 */
const INFRASTRUCTURE = new Set([
  'AWS::ApiGateway::Account',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Model',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::Stage',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::CDK::Metadata',
  'AWS::Events::EventBusPolicy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Version',
  'AWS::Logs::LogGroup',
  'AWS::Logs::ResourcePolicy',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
]);

/**
 * Types read into the `LocalApp`; what of them local mode cannot run (a Python function, a
 * scheduled rule, a Cognito authorizer...) is counted as `<type> (<what>)` by the readers.
 */
const EMULATED = new Set([
  BUCKET_NOTIFICATIONS,
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::RestApi',
  'AWS::DynamoDB::GlobalTable',
  'AWS::DynamoDB::Table',
  'AWS::Events::EventBus',
  'AWS::Events::Rule',
  'AWS::Kinesis::Stream',
  'AWS::Kinesis::StreamConsumer',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  'AWS::S3::Bucket',
  'AWS::Scheduler::Schedule',
  'AWS::SQS::Queue',
  'AWS::StepFunctions::StateMachine',
]);

/**
 * Reads the stack `stackName` of the cloud assembly in `assemblyDir` into the app local mode runs.
 *
 * @param assemblyDir the `cdk.out` directory, with `manifest.json`, the stack templates and the staged assets
 * @param stackName the stack to read (its name, artifact id or display name); may be left out when the assembly has one stack
 * @param options the endpoints written into queue URLs, and parameter values
 * @throws AssemblyError naming the file, the logical id and the property of what cannot be read
 */
export function readAssembly(assemblyDir: string, stackName?: string, options: ReadAssemblyOptions = {}): LocalApp {
  const dir = path.resolve(assemblyDir);
  const stack = selectStack(dir, stackName);
  const body = readJson(stack.templateFile, 'stack template');
  // a service's nested stack runs as part of the app: its resources, with what crosses stacks resolved
  const template = new StackTemplate(stack.templateFile, isTemplate(body) ? withNestedStacks(body, stack) : body, {
    stackName: stack.stackName,
    sqsEndpoint: (options.endpoints?.sqs ?? DEFAULT_SQS_ENDPOINT).replace(/\/+$/, ''),
    parameters: options.parameters,
  });
  const notEmulated = new NotEmulated();
  const skipped = skippedFunctions(template);
  const lookup = new TemplateIndex(template, skipped);
  const app: LocalApp = {
    stackName: stack.stackName,
    assemblyDir: dir,
    functions: readFunctions(template, stack, lookup, skipped, notEmulated),
    tables: readTables(template),
    restApis: readRestApis(template, lookup, notEmulated),
    eventBuses: readEventBuses(template),
    rules: readRules(template, lookup, notEmulated),
    schedules: readSchedules(template, stack, lookup, notEmulated),
    queues: readQueues(template, lookup),
    buckets: readBuckets(template, skipped, notEmulated),
    eventSourceMappings: withStreamSettings(template, readEventSourceMappings(template, lookup, notEmulated)),
    kinesisStreams: readKinesisStreams(template),
    stateMachines: readStateMachines(template, notEmulated),
    notEmulated: {},
  };
  for (const [, resource] of template.entries()) {
    if (!EMULATED.has(resource.Type) && !INFRASTRUCTURE.has(resource.Type)) {
      notEmulated.add(resource.Type);
    }
  }
  return { ...app, notEmulated: withoutNotificationHandlers(template, skipped, notEmulated.toRecord()) };
}

/** The DynamoDB tables of the template: keys, global secondary indexes, stream and TTL. */
function readTables(template: StackTemplate): LocalApp['tables'] {
  return template.ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(([logicalId]) => {
    const types = attributeTypes(template, logicalId);
    const keys = (at: string) => keySchema(template, logicalId, at, types);
    const indexes = template.prop(logicalId, 'GlobalSecondaryIndexes') ?? [];
    if (!Array.isArray(indexes)) {
      return template.fail(logicalId, 'GlobalSecondaryIndexes', 'must be a list.');
    }
    const streamView = template.string(logicalId, 'StreamSpecification.StreamViewType');
    const ttl = template.boolean(logicalId, 'TimeToLiveSpecification.Enabled', false)
      ? template.requiredString(logicalId, 'TimeToLiveSpecification.AttributeName')
      : undefined;
    return {
      logicalId,
      name: String(template.valuesOf(logicalId)!.ref),
      ...keys('KeySchema'),
      globalIndexes: indexes.map((_index, i) => ({
        name: template.requiredString(logicalId, `GlobalSecondaryIndexes.${i}.IndexName`),
        ...keys(`GlobalSecondaryIndexes.${i}.KeySchema`),
      })),
      ...(streamView !== undefined && { streamView }),
      ...(ttl !== undefined && { timeToLiveAttribute: ttl }),
    };
  });
}

/** `S`, `N` or `B` by attribute name, from `AttributeDefinitions`. */
function attributeTypes(template: StackTemplate, logicalId: string): Map<string, string> {
  const definitions = template.prop(logicalId, 'AttributeDefinitions');
  if (!Array.isArray(definitions)) {
    return template.fail(logicalId, 'AttributeDefinitions', 'must list the key attributes and their types.');
  }
  return new Map(definitions.map((_definition, i) => {
    const name = template.requiredString(logicalId, `AttributeDefinitions.${i}.AttributeName`);
    const type = template.requiredString(logicalId, `AttributeDefinitions.${i}.AttributeType`);
    if (!['S', 'N', 'B'].includes(type)) {
      template.fail(logicalId, `AttributeDefinitions.${i}.AttributeType`, `must be S, N or B, got ${type}.`);
    }
    return [name, type];
  }));
}

function keySchema(template: StackTemplate, logicalId: string, at: string, types: Map<string, string>) {
  const schema = template.prop(logicalId, at);
  if (!Array.isArray(schema) || schema.length < 1 || schema.length > 2) {
    return template.fail(logicalId, at, 'must have a HASH key, and at most one RANGE key.');
  }
  const key = (keyType: string) => {
    const index = schema.findIndex((element) => element !== null && typeof element === 'object' && element.KeyType === keyType);
    if (index < 0) {
      return undefined;
    }
    const name = template.requiredString(logicalId, `${at}.${index}.AttributeName`);
    const type = types.get(name) ?? template.fail(logicalId, at, `the key attribute ${name} is not in AttributeDefinitions.`);
    return { name, type };
  };
  const partitionKey = key('HASH') ?? template.fail(logicalId, at, 'has no HASH key.');
  const sortKey = key('RANGE');
  return { partitionKey, ...(sortKey && { sortKey }) };
}

/** Whether `body` has a Resources section (else `StackTemplate` says what is wrong with it). */
function isTemplate(body: unknown): body is Record<string, unknown> & { Resources: Record<string, Record<string, unknown>> } {
  return isObject(body) && isObject(body.Resources);
}
