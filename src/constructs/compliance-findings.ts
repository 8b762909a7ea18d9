import { CfnResource, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * The stack's resources as CloudFormation will read them, resolved once, to find what refers to
 * what: which queues are dead-letter queues, which buckets receive access logs.
 */
export class ResolvedResources {
  private readonly properties: Array<{ logicalId: string; properties: unknown }>;

  constructor(private readonly stack: Stack) {
    this.properties = stack.node.findAll()
      .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct))
      .map((resource) => {
        const logicalId = stack.getLogicalId(resource);
        // what the template will hold for the resource (as aws-cdk-lib's assertions read it)
        const template = stack.resolve((resource as unknown as { _toCloudFormation(): object })._toCloudFormation()) as TemplateFragment;
        return { logicalId, properties: template.Resources?.[logicalId]?.Properties };
      });
  }

  /** Whether another resource names `target` (by `Ref` or `Fn::GetAtt`) under a property whose name matches `property`. */
  public refersTo(target: CfnResource, property: RegExp): boolean {
    const logicalId = this.stack.getLogicalId(target);
    return this.properties.some((resource) => resource.logicalId !== logicalId && refersUnder(resource.properties, logicalId, property, false));
  }

  /** Whether some bucket delivers its server access logs to `bucket`. */
  public receivesAccessLogs(bucket: s3.CfnBucket): boolean {
    return this.refersTo(bucket, /^DestinationBucketName$/);
  }
}

/** What `CfnResource._toCloudFormation()` returns, resolved. */
interface TemplateFragment {
  readonly Resources?: Record<string, { readonly Properties?: unknown }>;
}

/**
 * Whether `queue` is where something else sends what failed: another queue's redrive policy, a
 * function's dead-letter queue, an on-failure destination, a rule target's dead-letter queue.
 */
export function isDeadLetterQueue(queue: sqs.CfnQueue, resources: ResolvedResources): boolean {
  return resources.refersTo(queue, /deadLetter|DeadLetter|OnFailure/);
}

/** The S3 controls that do not apply to `bucket`, each with its reason. */
export function bucketAcknowledgements(bucket: s3.CfnBucket, receivesLogs: boolean): Array<[string, string]> {
  const acknowledgements: Array<[string, string]> = [[
    's3_bucket_object_lock_enabled_check',
    'Object Lock keeps objects write-once for a retention period, as records regulation asks to keep are; this bucket holds working data '
      + 'that the app processes, replaces and expires by lifecycle rules, and Object Lock, once on, cannot be turned off.',
  ]];
  if (receivesLogs) {
    acknowledgements.push(
      ['s3_bucket_default_encryption_kms_check', 'It receives server access logs, which S3 delivers only to buckets encrypted with SSE-S3.'],
      ['s3_bucket_logging_enabled_check', 'It receives server access logs: logging it to itself would log each delivery, and to another bucket only moves the question.'],
      ['s3_event_notifications_enabled_check', 'It receives server access logs: nothing in the app reacts to their delivery.'],
    );
  } else if (bucket.notificationConfiguration === undefined) {
    acknowledgements.push(['s3_event_notifications_enabled_check', bucket.node.scope?.node.tryFindChild('Notifications')
      ? 'Its notifications are configured by CDK\'s Custom::S3BucketNotifications resource, not by the NotificationConfiguration property the control reads.'
      : 'Nothing in the app reacts to changes of its objects (they are read, as a data lake\'s processed data and query results are): a notification would have no receiver.']);
  }
  return acknowledgements;
}

/** Whether `value` holds a `Ref` or `Fn::GetAtt` of `logicalId` under a key matching `property` (at any depth below it). */
function refersUnder(value: unknown, logicalId: string, property: RegExp, under: boolean): boolean {
  if (Array.isArray(value)) {
    return value.some((item) => refersUnder(item, logicalId, property, under));
  }
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (under && (record.Ref === logicalId || (Array.isArray(record['Fn::GetAtt']) && record['Fn::GetAtt'][0] === logicalId))) {
    return true;
  }
  return Object.entries(record).some(([key, child]) => refersUnder(child, logicalId, property, under || property.test(key)));
}
