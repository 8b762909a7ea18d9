import { Aspects, Duration, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { bucketAcknowledgements, isDeadLetterQueue, ResolvedResources } from './compliance-findings';

/** Props of {@link ControlTowerCompliance}. */
export interface ControlTowerComplianceProps {
  /**
   * Whether one customer managed KMS key, rotated every year, encrypts every log group, every
   * bucket (but those that receive server access logs, which S3 delivers to SSE-S3 buckets only)
   * and the query results of every Athena workgroup of the stack that has no key of its own. The
   * key is billed: $1 a month, and its requests (docs/checks.md).
   *
   * @default true
   */
  readonly encryptionKey?: boolean;

  /**
   * Whether every bucket of the stack that has no versioning gets it, with its previous versions
   * deleted after `ControlTowerCompliance.NONCURRENT_VERSION_DAYS` (30) days.
   *
   * @default true
   */
  readonly bucketVersioning?: boolean;
}

/**
 * What a stack needs to pass AWS Control Tower's proactive controls, as
 * `@cdklabs/cdk-validator-cfnguard` checks them at synth: a KMS key for the log groups, buckets
 * and Athena results, versioning on every bucket; and, resource by resource, an acknowledgement
 * with its reason where a control does not apply (a dead-letter queue needs no dead-letter queue;
 * a service's permission to invoke a function is limited by a `SourceArn` the control cannot
 * read; a bucket that receives access logs cannot log to itself). Applied when the stack is
 * synthesized, to what the stack holds then, so resources added after it are covered too.
 */
export class ControlTowerCompliance extends Construct implements IAspect {
  /**
   * The name `@cdklabs/cdk-validator-cfnguard` reports its findings under: the rule `sqs_dlq_check`
   * is acknowledged as `cdk-validator-cfnguard::sqs_dlq_check` (or with {@link acknowledge}).
   */
  public static readonly PLUGIN_NAME = 'cdk-validator-cfnguard';

  /** Days a previous object version is kept in a bucket whose versioning this turned on. */
  public static readonly NONCURRENT_VERSION_DAYS = 30;

  /** Acknowledges the Control Tower control `rule` (`sqs_dlq_check`) on `scope` and everything under it, for `reason`. */
  public static acknowledge(scope: IConstruct, rule: string, reason: string): void {
    Validations.of(scope).acknowledge({ id: `${ControlTowerCompliance.PLUGIN_NAME}::${rule}`, reason });
  }

  /** The key of the log groups, buckets and Athena results; undefined with `encryptionKey: false`. */
  public readonly key?: kms.Key;
  private readonly bucketVersioning: boolean;

  constructor(scope: Construct, id: string, props: ControlTowerComplianceProps = {}) {
    super(scope, id);
    this.bucketVersioning = props.bucketVersioning ?? true;
    if (props.encryptionKey ?? true) {
      this.key = createKey(this);
    }
    Aspects.of(Stack.of(this)).add(this);
  }

  /** Applies the settings and acknowledgements to the whole stack, once, when the aspect reaches it. */
  public visit(node: IConstruct): void {
    const stack = Stack.of(this);
    if (node !== stack) {
      return;
    }
    const resources = new ResolvedResources(stack);
    for (const construct of stack.node.findAll()) {
      if (construct instanceof logs.CfnLogGroup && this.key && construct.kmsKeyId === undefined) {
        construct.kmsKeyId = this.key.keyArn;
      } else if (construct instanceof s3.CfnBucket) {
        this.applyToBucket(construct, resources);
      } else if (construct instanceof athena.CfnWorkGroup && this.key) {
        encryptResults(construct, this.key, stack);
      } else if (construct instanceof sqs.CfnQueue && construct.redrivePolicy === undefined && isDeadLetterQueue(construct, resources)) {
        acknowledge(construct, 'sqs_dlq_check', 'A dead-letter queue or on-failure destination: where failed messages and events end. '
          + 'One of its own would only move them once more; any other queue without one fails cdk-nag\'s AwsSolutions-SQS3.');
      } else if (construct instanceof lambda.CfnPermission) {
        acknowledgeServicePermission(construct, stack);
      }
    }
  }

  private applyToBucket(bucket: s3.CfnBucket, resources: ResolvedResources): void {
    const stack = Stack.of(bucket);
    const receivesLogs = resources.receivesAccessLogs(bucket);
    const encryption = stack.resolve(bucket.bucketEncryption) as BucketEncryption | undefined;
    const kmsEncrypted = encryption?.serverSideEncryptionConfiguration?.some((rule) => rule.serverSideEncryptionByDefault?.sseAlgorithm?.startsWith('aws:kms'));
    if (this.key && !receivesLogs && !kmsEncrypted) {
      bucket.bucketEncryption = {
        serverSideEncryptionConfiguration: [{
          serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.keyArn },
          // one data key per bucket instead of one KMS request per object
          bucketKeyEnabled: true,
        }],
      };
    }
    const versioning = stack.resolve(bucket.versioningConfiguration) as { status?: string } | undefined;
    if (this.bucketVersioning && versioning?.status !== 'Enabled') {
      bucket.versioningConfiguration = { status: 'Enabled' };
      const owner = bucket.node.scope;
      if (owner instanceof s3.Bucket) {
        owner.addLifecycleRule({ id: 'ComplianceNoncurrentVersions', noncurrentVersionExpiration: Duration.days(ControlTowerCompliance.NONCURRENT_VERSION_DAYS) });
      }
    }
    for (const [rule, reason] of bucketAcknowledgements(bucket, receivesLogs)) {
      acknowledge(bucket, rule, reason);
    }
  }
}

/** `BucketEncryption` of a `CfnBucket`, resolved. */
interface BucketEncryption {
  readonly serverSideEncryptionConfiguration?: Array<{ readonly serverSideEncryptionByDefault?: { readonly sseAlgorithm?: string } }>;
}

/** `WorkGroupConfiguration` of a `CfnWorkGroup`, resolved. */
interface WorkGroupConfiguration {
  readonly resultConfiguration?: { readonly encryptionConfiguration?: { readonly encryptionOption?: string } };
}

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  ControlTowerCompliance.acknowledge(scope, rule, reason);
}

/**
 * A permission for an AWS service (API Gateway, AppSync, S3, EventBridge) with a `SourceArn`: only
 * that resource may invoke the function. CT.LAMBDA.PR.2 accepts a `SourceArn` only as a literal or a
 * plain reference, and CDK builds it with `Fn::Join` (the stage, method and path of a route).
 */
function acknowledgeServicePermission(permission: lambda.CfnPermission, stack: Stack): void {
  const principal = stack.resolve(permission.principal);
  if (typeof principal === 'string' && principal.endsWith('.amazonaws.com') && permission.sourceArn !== undefined) {
    acknowledge(permission, 'lambda_function_public_access_prohibited_check',
      `Only ${principal} may invoke the function, and only from the resource its SourceArn names; `
      + 'the control reads a SourceArn only as a literal or a plain reference, and this one is built with Fn::Join.');
  }
}

/** The key: rotated yearly, usable by CloudWatch Logs for this account's log groups and through S3 by this account. */
function createKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'Key', {
    description: `Encrypts the log groups, buckets and Athena query results of ${stack.stackName} (AWS Control Tower's proactive controls)`,
    enableKeyRotation: true,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
  // as the AWS managed key aws/s3: whoever this account allows to read or write an object may use
  // the key for it, through S3 only; no grant of a bucket needs a grant of the key besides
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ThroughS3ForThisAccount',
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
  }));
  // CT.KMS.PR.3: grants of the key only for AWS services' resources (S3 and CloudWatch Logs need none)
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'GrantsForAwsServicesOnly',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

/** Athena's query results encrypted with `key`, unless the workgroup names a key already. */
function encryptResults(workGroup: athena.CfnWorkGroup, key: kms.IKey, stack: Stack): void {
  const configuration = stack.resolve(workGroup.workGroupConfiguration) as WorkGroupConfiguration | undefined;
  const option = configuration?.resultConfiguration?.encryptionConfiguration?.encryptionOption;
  if (option === 'SSE_KMS' || option === 'CSE_KMS') {
    return;
  }
  workGroup.addPropertyOverride('WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration', { EncryptionOption: 'SSE_KMS', KmsKey: key.keyArn });
}
