/** Buckets (encryption, TLS, versioning, lifecycle), and where each function may write objects. */
import { functionRef, hasBucketNotifications, orUndefined, row, rowLines, Section, serviceOf, serviceRef } from './helpers';
import { AppModel } from '../../model';
import { lines, str } from '../typescript';

/** Days a versioned bucket keeps a previous version, as the `versioned` option says. */
const NONCURRENT_VERSION_DAYS = 30;

export function bucketSection(app: AppModel): Section | undefined {
  // compliance.controlTower: ControlTowerCompliance encrypts with its key, and versions every bucket with a lifecycle rule of its own
  const kms = app.controlTower?.encryptionKey ?? false;
  const versionsAll = app.controlTower?.bucketVersioning ?? false;
  const bucketRow = (name: string, ref: string, ownVersioning: boolean, expireAfterDays?: number, transitionAfterDays?: number) => {
    const versioned = ownVersioning || versionsAll;
    const lifecycle = [
      expireAfterDays === undefined ? 'objects never expire' : `objects expire after ${expireAfterDays} days`,
      transitionAfterDays === undefined ? 'stay in S3 Standard' : `move to Standard-IA after ${transitionAfterDays} days`,
    ].join(', ');
    return row({
      name: str(name),
      bucket: `${ref}.bucket`,
      versioning: str(versioned ? `versioned, previous versions deleted after ${NONCURRENT_VERSION_DAYS} days` : 'not versioned'),
      versioned: String(versioned),
      lifecycle: str(lifecycle),
      expireAfterDays: orUndefined(expireAfterDays),
      transitionAfterDays: orUndefined(transitionAfterDays),
    });
  };
  const rows = app.services.flatMap((service) => [
    ...service.buckets.map((bucket) => bucketRow(`${service.name}/${bucket.name}`, `${serviceRef(service)}.${bucket.propertyName}`,
      bucket.versioned, bucket.expireAfterDays, bucket.transitionToInfrequentAccessAfterDays)),
    // the data lake's buckets are versioned, but for Athena's query results, which expire
    ...(service.dataLake ? [
      bucketRow(`${service.name}/data lake raw`, `${serviceRef(service)}.dataLake.rawBucket`, true),
      bucketRow(`${service.name}/data lake processed`, `${serviceRef(service)}.dataLake.processedBucket`, true),
      bucketRow(`${service.name}/data lake query results`, `${serviceRef(service)}.dataLake.queryResultsBucket`, false,
        service.dataLake.queryResultsExpireAfterDays),
    ] : []),
  ]);
  if (rows.length === 0) {
    return undefined;
  }
  return {
    helpers: [],
    text: lines(
      '',
      "describe('buckets', () => {",
      rowLines('buckets', rows),
      '',
      kms ? lines(
        "  test.each(buckets)('$name: encrypted with the compliance KMS key, public access blocked, ACLs disabled', ({ bucket }) => {",
        '    const encryption = resourceOf(bucket).Properties.BucketEncryption.ServerSideEncryptionConfiguration;',
        "    expect(encryption).toMatchObject([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }]);",
        '    // the key of the app\'s stack: by its logical id there, or through the parameter a nested stack is passed',
        "    expect(refersTo(encryption[0].ServerSideEncryptionByDefault.KMSMasterKeyID, stack.node.findChild('Compliance').node.findChild('Key'), bucket)).toBe(true);",
        '    expect(resourceOf(bucket).Properties).toMatchObject({',
      ) : lines(
        "  test.each(buckets)('$name: SSE-S3 encrypted, public access blocked, ACLs disabled', ({ bucket }) => {",
        '    expect(resourceOf(bucket).Properties).toMatchObject({',
        "      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },",
      ),
      '      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },',
      "      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },",
      '    });',
      '  });',
      '',
      "  test.each(buckets)('$name: its policy denies every request without TLS', ({ bucket }) => {",
      "    const arn = { 'Fn::GetAtt': [logicalId(bucket), 'Arn'] };",
      "    const policies = resources.filter((r) => r.Type === 'AWS::S3::BucketPolicy'",
      '      && JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: logicalId(bucket) }));',
      '    expect(policies).toHaveLength(1);',
      '    expect(policies[0].Properties.PolicyDocument.Statement).toContainEqual({',
      "      Effect: 'Deny',",
      "      Principal: { AWS: '*' },",
      "      Action: 's3:*',",
      "      Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],",
      "      Condition: { Bool: { 'aws:SecureTransport': 'false' } },",
      '    });',
      '  });',
      '',
      "  test.each(buckets)('$name: $versioning', ({ bucket, versioned }) => {",
      '    const props = resourceOf(bucket).Properties;',
      "    expect(props.VersioningConfiguration).toEqual(versioned ? { Status: 'Enabled' } : undefined);",
      versionsAll ? lines(
        '    // the bucket\'s own rule, or the one ControlTowerCompliance adds when it turns versioning on',
        '    const expirations = props.LifecycleConfiguration.Rules.map((rule: { NoncurrentVersionExpiration?: object }) => rule.NoncurrentVersionExpiration);',
        `    expect(expirations.filter(Boolean)).toEqual([{ NoncurrentDays: ${NONCURRENT_VERSION_DAYS} }]);`,
      ) : lines(
        '    expect(props.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration)',
        `      .toEqual(versioned ? { NoncurrentDays: ${NONCURRENT_VERSION_DAYS} } : undefined);`,
      ),
      '  });',
      '',
      "  test.each(buckets)('$name: $lifecycle', ({ bucket, expireAfterDays, transitionAfterDays }) => {",
      versionsAll
        ? "    const rules = resourceOf(bucket).Properties.LifecycleConfiguration.Rules.filter((rule: { Id?: string }) => rule.Id !== 'ComplianceNoncurrentVersions');"
        : '    const rules = resourceOf(bucket).Properties.LifecycleConfiguration.Rules;',
      "    expect(rules).toEqual([expect.objectContaining({ Status: 'Enabled' })]);",
      '    expect(rules[0].ExpirationInDays).toBe(expireAfterDays);',
      '    expect(rules[0].Transitions).toEqual(transitionAfterDays === undefined',
      '      ? undefined',
      "      : [{ StorageClass: 'STANDARD_IA', TransitionInDays: transitionAfterDays }]);",
      '  });',
      '});',
    ),
  };
}

/** Where each function may write objects: its `bucketWrites`, and a transform's processed prefix. */
export function writerSection(app: AppModel): Section | undefined {
  if (!hasBucketNotifications(app)) {
    return undefined;
  }
  const rows = app.functions.map((fn) => {
    const service = serviceOf(fn, app);
    const writes = fn.bucketWrites.map((write) => {
      const bucket = service.buckets.find((b) => b.name === write.bucket)!;
      return { name: `the ${bucket.name} bucket`, ref: `${serviceRef(service)}.${bucket.propertyName}.bucket`, prefix: write.prefix };
    });
    if (fn.dataLakeTransform && service.dataLake) {
      writes.push({ name: 'the data lake processed bucket', ref: `${serviceRef(service)}.dataLake.processedBucket.bucket`, prefix: service.dataLake.processedPrefix });
    }
    const puts = writes.length === 0 ? 'may put no objects'
      : `may put objects ${writes.map((write) => (write.prefix ? `under ${write.prefix} of ${write.name}` : `anywhere in ${write.name}`)).join(', ')}, nowhere else`;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      puts: str(puts),
      writes: `[${writes.map((write) => `{ bucket: ${write.ref}, prefix: ${str(write.prefix)} }`).join(', ')}]`,
    });
  });
  return {
    helpers: ['Statement', 'resourcesOf', 'objectsArn'],
    text: lines(
      '',
      "describe('writes to buckets', () => {",
      '  interface Writer {',
      '    readonly name: string;',
      '    readonly fn: ServiceFunction;',
      '    readonly puts: string;',
      '    readonly writes: Array<{ bucket: IConstruct; prefix: string }>;',
      '  }',
      '',
      rowLines('writers', rows, 'Writer'),
      '',
      "  test.each(writers)('$name: $puts', ({ fn, writes }) => {",
      "    const puts = resourcesOf(fn, 's3:PutObject');",
      '    expect(puts).toHaveLength(writes.length);',
      '    expect(puts).toEqual(expect.arrayContaining(writes.map(({ bucket, prefix }) => objectsArn(bucket, prefix))));',
      '  });',
      '});',
    ),
  };
}
