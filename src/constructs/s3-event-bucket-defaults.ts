import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Smallest age S3 accepts for a transition to S3 Standard-IA. */
export const MIN_INFREQUENT_ACCESS_DAYS = 30;

/** What `EventBucket` reads to build its bucket. */
export interface BucketSettings {
  readonly bucketName?: string;
  readonly encryptionKey?: kms.IKey;
  readonly versioned: boolean;
  readonly expireAfterDays?: number;
  readonly transitionToInfrequentAccessAfterDays?: number;
  readonly noncurrentVersionExpireAfterDays?: number;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The props every bucket of ours has: private (all public access blocked, ACLs disabled),
 * TLS only, encrypted at rest, incomplete multipart uploads aborted after a week.
 */
export function secureBucketProps(settings: BucketSettings): s3.BucketProps {
  const { encryptionKey, versioned } = settings;
  return {
    bucketName: settings.bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey,
    // one data key per bucket instead of one KMS call per object
    bucketKeyEnabled: encryptionKey ? true : undefined,
    versioned,
    removalPolicy: settings.removalPolicy,
    lifecycleRules: [{
      abortIncompleteMultipartUploadAfter: Duration.days(7),
      expiration: days(settings.expireAfterDays),
      transitions: settings.transitionToInfrequentAccessAfterDays === undefined ? undefined : [{
        storageClass: s3.StorageClass.INFREQUENT_ACCESS,
        transitionAfter: Duration.days(settings.transitionToInfrequentAccessAfterDays),
      }],
      noncurrentVersionExpiration: versioned ? days(settings.noncurrentVersionExpireAfterDays) : undefined,
    }],
  };
}

/** Problems with the lifecycle settings, each naming the option, its value and what is allowed. */
export function lifecycleErrors(settings: BucketSettings): string[] {
  const errors: string[] = [];
  const { expireAfterDays, transitionToInfrequentAccessAfterDays: transition, noncurrentVersionExpireAfterDays } = settings;
  for (const [option, value] of Object.entries({ expireAfterDays, noncurrentVersionExpireAfterDays })) {
    if (isLiteral(value) && (!Number.isInteger(value) || value < 1)) {
      errors.push(`\`${option}\` must be a whole number of days, 1 or more; got ${value}.`);
    }
  }
  if (isLiteral(transition) && (!Number.isInteger(transition) || transition < MIN_INFREQUENT_ACCESS_DAYS)) {
    errors.push(`\`transitionToInfrequentAccessAfterDays\` must be a whole number of days, ${MIN_INFREQUENT_ACCESS_DAYS} or more (S3's minimum for Standard-IA); got ${transition}.`);
  }
  if (isLiteral(transition) && isLiteral(expireAfterDays) && expireAfterDays <= transition) {
    errors.push(`\`expireAfterDays\` must be greater than \`transitionToInfrequentAccessAfterDays\` (${transition}); got ${expireAfterDays}.`);
  }
  if (!settings.versioned && noncurrentVersionExpireAfterDays !== undefined) {
    errors.push(`\`noncurrentVersionExpireAfterDays\` applies to previous versions, which a bucket without versioning has none of; set \`versioned\` or leave it out; got ${noncurrentVersionExpireAfterDays}.`);
  }
  return errors;
}

/**
 * A bucket for server access logs: SSE-S3 (the only encryption S3 delivers logs to), private,
 * TLS only, logs expiring after `expireAfterDays`, retained on delete.
 */
export function createAccessLogsBucket(scope: Construct, id: string, expireAfterDays: number): s3.Bucket {
  return new s3.Bucket(scope, id, secureBucketProps({ versioned: false, expireAfterDays, removalPolicy: RemovalPolicy.RETAIN }));
}

function days(value: number | undefined): Duration | undefined {
  return value === undefined ? undefined : Duration.days(value);
}

function isLiteral(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}
