/**
 * What `Ref` and `Fn::GetAtt` give for a resource in local mode: its local name (the physical
 * name the template sets, else `<stack>-<logicalId>`, as CloudFormation would generate one but
 * without the random suffix) and ARNs in the local account and region, formed as AWS forms them.
 *
 * Types not listed get a `Ref` (their `Name` property, else the generated name) and an `Arn` of
 * the usual shape; their other attributes are unknown, and asking for one is an error.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { ResourceValues } from '../intrinsics';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-app';
import type { TemplateProperties } from './template-properties';

/** The label of every local table stream (a stream ARN ends with the time the stream was enabled). */
export const LOCAL_STREAM_LABEL = '1970-01-01T00:00:00.000';

/** An ARN of the local account and region. */
export function localArn(service: string, resource: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT): string {
  return `arn:aws:${service}:${region}:${account}:${resource}`;
}

/** A Lambda function's ARN from its name, or the ARN given. */
export function functionArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : localArn('lambda', `function:${nameOrArn}`);
}

/** The function name in a Lambda function ARN (with or without a qualifier) or a name (`name` or `name:alias`). */
export function functionNameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  return match ? match[1] : nameOrArn.split(':')[0];
}

/**
 * The name of a bucket without `BucketName`: `<stack>-<logicalId>` as S3 accepts it, lowercase, of
 * 3 to 63 letters, digits and hyphens, a letter or digit at each end; a longer one is cut and ends
 * with a hash of the whole, so that two long names stay distinct (CloudFormation cuts its generated
 * names too).
 */
export function localBucketName(generated: string): string {
  const name = generated.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  if (name.length <= 63) {
    return name.padEnd(3, '0');
  }
  return `${name.slice(0, 54).replace(/-+$/, '')}-${createHash('sha256').update(generated).digest('hex').slice(0, 8)}`;
}

/** The resource's values, by type. */
export function localResourceValues(template: TemplateProperties, logicalId: string, type: string): ResourceValues {
  const local = new LocalResource(template, logicalId);
  const make = VALUES[type] ?? (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' ? customResource : generic(type));
  const { ref, attributes } = make(local);
  return { type, ref, attributes: attributes ?? {} };
}

/** A resource whose values are being made. */
class LocalResource {
  constructor(private readonly template: TemplateProperties, public readonly logicalId: string) {}

  /** The name CloudFormation would generate, without its random suffix: `shop-ItemsTable1A2B3C4D`. */
  public get generatedName(): string {
    return `${this.template.stackName}-${this.logicalId}`;
  }

  public get stackName(): string {
    return this.template.stackName;
  }

  public get sqsEndpoint(): string {
    return this.template.sqsEndpoint;
  }

  /** The physical name set by `property`, else the generated one. */
  public name(property: string): string {
    return this.template.string(this.logicalId, property) ?? this.generatedName;
  }

  /** The `property` when it is a string (some types' `Name` is not), else the generated name. */
  public nameIfString(property: string): string {
    const value = this.template.prop(this.logicalId, property);
    return typeof value === 'string' ? value : this.generatedName;
  }

  public string(property: string): string | undefined {
    return this.template.string(this.logicalId, property);
  }

  public required(property: string): string {
    return this.template.requiredString(this.logicalId, property);
  }

  public has(property: string): boolean {
    return this.template.raw(this.logicalId, property) !== undefined;
  }

  public boolean(property: string): boolean {
    return this.template.boolean(this.logicalId, property, false);
  }

  /** A stable id of `length` lowercase hex digits, as API Gateway and others make up ids. */
  public id(length = 10, salt = ''): string {
    return createHash('sha256').update(`${this.template.stackName}/${this.logicalId}${salt}`).digest('hex').slice(0, length);
  }

  /** A stable UUID. */
  public uuid(): string {
    const hex = this.id(32);
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }
}

type Values = { readonly ref: unknown; readonly attributes?: Record<string, unknown> };
type MakeValues = (resource: LocalResource) => Values;

/** The last part of an ARN after `marker` (`event-bus/`), or the value when it is not an ARN. */
function nameInArn(value: string, marker: string): string {
  return value.startsWith('arn:') && value.includes(marker) ? value.slice(value.lastIndexOf(marker) + marker.length) : value;
}

const lambdaFunction: MakeValues = (r) => {
  const name = r.name('FunctionName');
  return { ref: name, attributes: { Arn: functionArn(name) } };
};

const table: MakeValues = (r) => {
  const name = r.name('TableName');
  const arn = localArn('dynamodb', `table/${name}`);
  const stream = r.has('StreamSpecification') ? { StreamArn: `${arn}/stream/${LOCAL_STREAM_LABEL}` } : {};
  return { ref: name, attributes: { Arn: arn, TableId: r.uuid(), ...stream } };
};

const VALUES: Record<string, MakeValues> = {
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Alias': (r) => {
    const arn = `${functionArn(r.required('FunctionName'))}:${r.required('Name')}`;
    return { ref: arn, attributes: { AliasArn: arn } };
  },
  'AWS::Lambda::Version': (r) => {
    const arn = `${functionArn(r.required('FunctionName'))}:1`;
    return { ref: arn, attributes: { Version: '1', FunctionArn: arn } };
  },
  'AWS::Lambda::EventSourceMapping': (r) => {
    const id = r.uuid();
    return { ref: id, attributes: { Id: id, EventSourceMappingArn: localArn('lambda', `event-source-mapping:${id}`) } };
  },
  'AWS::Lambda::LayerVersion': (r) => {
    const arn = localArn('lambda', `layer:${r.name('LayerName')}:1`);
    return { ref: arn, attributes: { LayerVersionArn: arn } };
  },
  'AWS::Lambda::Url': (r) => {
    const arn = functionArn(r.required('TargetFunctionArn'));
    return { ref: arn, attributes: { FunctionArn: arn, FunctionUrl: `https://${r.id(32)}.lambda-url.${LOCAL_REGION}.on.aws/` } };
  },
  'AWS::DynamoDB::Table': table,
  'AWS::DynamoDB::GlobalTable': table,
  'AWS::SQS::Queue': (r) => {
    const name = r.string('QueueName') ?? `${r.generatedName}${r.boolean('FifoQueue') ? '.fifo' : ''}`;
    const url = `${r.sqsEndpoint}/${LOCAL_ACCOUNT}/${name}`;
    return { ref: url, attributes: { Arn: localArn('sqs', name), QueueName: name, QueueUrl: url } };
  },
  'AWS::SNS::Topic': (r) => {
    const name = r.string('TopicName') ?? `${r.generatedName}${r.boolean('FifoTopic') ? '.fifo' : ''}`;
    const arn = localArn('sns', name);
    return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  'AWS::Events::EventBus': (r) => {
    const name = r.required('Name');
    return { ref: name, attributes: { Arn: localArn('events', `event-bus/${name}`), Name: name } };
  },
  'AWS::Events::Rule': (r) => {
    const name = r.name('Name');
    const bus = nameInArn(r.string('EventBusName') ?? 'default', 'event-bus/');
    return { ref: name, attributes: { Arn: localArn('events', bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`) } };
  },
  'AWS::Events::Archive': (r) => {
    const name = r.name('ArchiveName');
    return { ref: name, attributes: { Arn: localArn('events', `archive/${name}`), ArchiveName: name } };
  },
  'AWS::Kinesis::Stream': (r) => {
    const name = r.name('Name');
    return { ref: name, attributes: { Arn: localArn('kinesis', `stream/${name}`) } };
  },
  'AWS::Kinesis::StreamConsumer': (r) => {
    const streamArn = r.required('StreamARN');
    const name = r.required('ConsumerName');
    const arn = `${streamArn}/consumer/${name}:0`;
    return {
      ref: arn,
      attributes: { ConsumerARN: arn, ConsumerName: name, ConsumerStatus: 'ACTIVE', StreamARN: streamArn, ConsumerCreationTimestamp: '0' },
    };
  },
  'AWS::KinesisFirehose::DeliveryStream': (r) => {
    const name = r.name('DeliveryStreamName');
    return { ref: name, attributes: { Arn: localArn('firehose', `deliverystream/${name}`) } };
  },
  'AWS::StepFunctions::StateMachine': (r) => {
    const name = r.name('StateMachineName');
    const arn = localArn('states', `stateMachine:${name}`);
    return { ref: arn, attributes: { Arn: arn, Name: name, StateMachineRevisionId: arn } };
  },
  'AWS::StepFunctions::Activity': (r) => {
    const name = r.required('Name');
    const arn = localArn('states', `activity:${name}`);
    return { ref: arn, attributes: { Arn: arn, Name: name } };
  },
  'AWS::S3::Bucket': (r) => {
    const name = r.string('BucketName') ?? localBucketName(r.generatedName);
    return {
      ref: name,
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${LOCAL_REGION}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${LOCAL_REGION}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${LOCAL_REGION}.amazonaws.com`,
      },
    };
  },
  'AWS::IAM::Role': (r) => {
    const name = r.name('RoleName');
    return { ref: name, attributes: { Arn: `arn:aws:iam::${LOCAL_ACCOUNT}:role${r.string('Path') ?? '/'}${name}`, RoleId: `AROA${r.id(17).toUpperCase()}` } };
  },
  'AWS::IAM::Policy': (r) => ({ ref: r.generatedName, attributes: { Id: r.generatedName } }),
  'AWS::IAM::ManagedPolicy': (r) => {
    const arn = `arn:aws:iam::${LOCAL_ACCOUNT}:policy${r.string('Path') ?? '/'}${r.name('ManagedPolicyName')}`;
    return { ref: arn, attributes: { PolicyArn: arn, PolicyId: `ANPA${r.id(17).toUpperCase()}` } };
  },
  'AWS::Logs::LogGroup': (r) => {
    const name = r.name('LogGroupName');
    return { ref: name, attributes: { Arn: localArn('logs', `log-group:${name}:*`) } };
  },
  'AWS::ApiGateway::RestApi': (r) => {
    const id = r.id();
    return { ref: id, attributes: { RestApiId: id, RootResourceId: r.id(10, '/') } };
  },
  'AWS::ApiGateway::Resource': (r) => ({ ref: r.id(), attributes: { ResourceId: r.id() } }),
  'AWS::ApiGateway::Method': (r) => ({ ref: r.id() }),
  'AWS::ApiGateway::Authorizer': (r) => ({ ref: r.id(), attributes: { AuthorizerId: r.id() } }),
  'AWS::ApiGateway::GatewayResponse': (r) => ({ ref: r.id() }),
  'AWS::ApiGateway::Deployment': (r) => ({ ref: r.id(), attributes: { DeploymentId: r.id() } }),
  'AWS::ApiGateway::RequestValidator': (r) => ({ ref: r.id(), attributes: { RequestValidatorId: r.id() } }),
  'AWS::ApiGateway::Stage': (r) => ({ ref: r.required('StageName') }),
  'AWS::ApiGateway::Model': (r) => ({ ref: r.string('Name') ?? r.logicalId }),
  'AWS::ApiGateway::ApiKey': (r) => ({ ref: r.id(), attributes: { APIKeyId: r.id() } }),
  'AWS::AppSync::GraphQLApi': (r) => {
    const id = r.id(26);
    const arn = localArn('appsync', `apis/${id}`);
    const dns = `${id}.appsync-api.${LOCAL_REGION}.amazonaws.com`;
    const realtimeDns = `${id}.appsync-realtime-api.${LOCAL_REGION}.amazonaws.com`;
    return {
      ref: arn,
      attributes: {
        ApiId: id,
        Arn: arn,
        GraphQLEndpointArn: arn,
        GraphQLDns: dns,
        GraphQLUrl: `https://${dns}/graphql`,
        RealtimeDns: realtimeDns,
        RealtimeUrl: `wss://${realtimeDns}/graphql`,
      },
    };
  },
  'AWS::Glue::Database': (r) => ({ ref: r.string('DatabaseInput.Name') ?? r.generatedName.toLowerCase() }),
  'AWS::Glue::Table': (r) => ({ ref: r.string('TableInput.Name') ?? r.generatedName.toLowerCase() }),
  'AWS::Athena::WorkGroup': (r) => ({ ref: r.required('Name'), attributes: { CreationTime: '1970-01-01T00:00:00Z' } }),
  'AWS::KMS::Key': (r) => {
    const id = r.uuid();
    return { ref: id, attributes: { Arn: localArn('kms', `key/${id}`), KeyId: id } };
  },
  'AWS::KMS::Alias': (r) => ({ ref: r.required('AliasName') }),
  'AWS::SSM::Parameter': (r) => ({ ref: r.name('Name'), attributes: { Type: r.string('Type') ?? 'String', Value: r.string('Value') } }),
  'AWS::SecretsManager::Secret': (r) => {
    const arn = localArn('secretsmanager', `secret:${r.name('Name')}-${r.id(6)}`);
    return { ref: arn, attributes: { Id: arn } };
  },
  'AWS::CloudWatch::Alarm': (r) => {
    const name = r.name('AlarmName');
    return { ref: name, attributes: { Arn: localArn('cloudwatch', `alarm:${name}`) } };
  },
};

/** A custom resource: its physical id is what its provider says, its attributes what it returns; neither is known before it runs. */
const customResource: MakeValues = (r) => ({ ref: r.generatedName });

/** Any other type: its name, and an ARN of the usual shape. */
function generic(type: string): MakeValues {
  const [, service = 'unknown', kind = 'resource'] = type.split('::');
  return (r) => {
    const name = r.nameIfString('Name');
    return { ref: name, attributes: { Arn: localArn(service.toLowerCase(), `${kind.toLowerCase()}/${name}`) } };
  };
}
