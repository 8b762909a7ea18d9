import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledged, fakeBundle, logicalId, roleStatements } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import { EventBucket, EventBucketProps, Microservice, ServerlessWorkflow, ServiceFunction, WorkflowStepType } from '../../src/constructs';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** A function as a `Microservice` makes one that S3 invokes: with its own dead-letter queue. */
function worker(scope: Stack, id: string): ServiceFunction {
  const service = (scope.node.tryFindChild('Files') as Microservice | undefined) ?? new Microservice(scope, 'Files', { serviceName: 'files' });
  return service.addFunction(id, { assetPath });
}

function workflow(scope: Stack): ServerlessWorkflow {
  return new ServerlessWorkflow(scope, 'Ingest', { steps: [{ name: 'done', type: WorkflowStepType.SUCCEED }], tasks: {} });
}


const packs: Array<[string, () => NagPack]> = [
  ['AwsSolutions', () => new AwsSolutionsChecks()],
  ['Serverless', () => new ServerlessChecks()],
  ['ServerlessPatterns', () => new ServerlessPatternsChecks()],
];

function findings(pack: NagPack, scope: Stack): string[] {
  return pack.validateScope(scope).violations
    .map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** The Lambda notifications of the stack's buckets, filter rules sorted by name. */
function lambdaNotifications(template: Template): any[] {
  return Object.values(template.findResources('Custom::S3BucketNotifications'))
    .flatMap((resource: any) => resource.Properties.NotificationConfiguration.LambdaFunctionConfigurations ?? [])
    .map((config: any) => ({
      ...config,
      Filter: config.Filter && { Key: { FilterRules: [...config.Filter.Key.FilterRules].sort((a: any, b: any) => a.Name.localeCompare(b.Name)) } },
    }));
}

describe('EventBucket defaults', () => {
  // GIVEN / WHEN
  const scope = stack();
  const uploads = new EventBucket(scope, 'Uploads');
  const template = Template.fromStack(scope);
  const bucketId = logicalId(uploads.bucket);
  const logsId = logicalId(uploads.accessLogsBucket as s3.Bucket);

  test('private, SSE-S3, versioned, ACLs disabled, retained; old versions kept 30 days, stale uploads aborted after 7', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('TLS only: the bucket policy denies every request without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  test('server access logs go to a bucket of its own, under a prefix named after the construct', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: Match.stringLikeRegexp('^Test-Uploads-[0-9A-F]{8}/$') },
    });
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  test('the logs bucket: SSE-S3 (the only encryption log delivery takes), private, logs kept 90 days, retained', () => {
    const logs = template.toJSON().Resources[logsId];
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties).toEqual(expect.objectContaining({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, ExpirationInDays: 90, Status: 'Enabled' }] },
    }));
    expect(logs.Properties.VersioningConfiguration).toBeUndefined();
  });

  test('the logs bucket policy lets the logging service put logs of this bucket of this account, under its prefix only', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logsId, 'Arn'] }, Match.stringLikeRegexp('^/Test-Uploads-[0-9A-F]{8}/\\*$')]] },
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }]),
      },
    });
  });

  test.each(packs)('cdk-nag %s: no findings', (_name, pack) => {
    expect(findings(pack(), scope)).toEqual([]);
  });
});

describe('EventBucket options', () => {
  test('a KMS key: SSE-KMS with an S3 Bucket Key', () => {
    const scope = stack();
    const key = new kms.Key(scope, 'Key', { enableKeyRotation: true });
    new EventBucket(scope, 'Uploads', { encryptionKey: key });
    Template.fromStack(scope).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } },
        }],
      },
    });
  });

  test('lifecycle: expiry, Standard-IA after 30 days, previous versions kept 7 days', () => {
    const scope = stack();
    new EventBucket(scope, 'Uploads', { expireAfterDays: 365, transitionToInfrequentAccessAfterDays: 30, noncurrentVersionExpireAfterDays: 7 });
    Template.fromStack(scope).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [{
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          ExpirationInDays: 365,
          Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
          Status: 'Enabled',
        }],
      },
    });
  });

  test('without versioning, no version rules', () => {
    const scope = stack();
    const uploads = new EventBucket(scope, 'Uploads', { versioned: false });
    const bucket = Template.fromStack(scope).toJSON().Resources[logicalId(uploads.bucket)];
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }]);
  });

  test('buckets share a logs bucket: each logs under its own prefix, and no other logs bucket is made', () => {
    // GIVEN
    const scope = stack();
    const first = new EventBucket(scope, 'First');

    // WHEN
    const second = new EventBucket(scope, 'Second', { accessLogsBucket: first.accessLogsBucket });

    // THEN
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::S3::Bucket', 3);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(first.accessLogsBucket as s3.Bucket) }, LogFilePrefix: Match.stringLikeRegexp('^Test-Second-') },
    });
    expect(second.accessLogsBucket).toBe(first.accessLogsBucket);
  });

  test.each<[string, EventBucketProps, string]>([
    ['expiry of 0 days', { expireAfterDays: 0 }, '`expireAfterDays` must be a whole number of days, 1 or more; got 0.'],
    ['Standard-IA before 30 days', { transitionToInfrequentAccessAfterDays: 10 }, '`transitionToInfrequentAccessAfterDays` must be a whole number of days, 30 or more (S3\'s minimum for Standard-IA); got 10.'],
    ['expiry before the transition', { transitionToInfrequentAccessAfterDays: 60, expireAfterDays: 60 }, '`expireAfterDays` must be greater than `transitionToInfrequentAccessAfterDays` (60); got 60.'],
    ['version expiry without versions', { versioned: false, noncurrentVersionExpireAfterDays: 7 }, '`noncurrentVersionExpireAfterDays` applies to previous versions, which a bucket without versioning has none of'],
    ['log days for a bucket it does not make', { accessLogsBucket: s3.Bucket.fromBucketName(new Stack(), 'Logs', 'logs'), accessLogsExpireAfterDays: 30 }, 'Set `accessLogsBucket` or `accessLogsExpireAfterDays`, not both'],
  ])('fails on %s, naming the option', (_case, props, message) => {
    expect(() => new EventBucket(stack(), 'Uploads', props)).toThrow(`Test/Uploads: ${message}`);
  });
});

describe('EventBucket routes', () => {
  // GIVEN
  const scope = stack();
  const uploads = new EventBucket(scope, 'Uploads');
  const images = worker(scope, 'Images');
  const csv = worker(scope, 'Csv');
  const cleanup = worker(scope, 'Cleanup');

  // WHEN
  const imageRoute = uploads.addRoute({ prefix: 'incoming/', suffix: '.jpg' }, images);
  uploads.addRoute({ suffix: '.csv' }, csv);
  uploads.addRoute({ prefix: 'incoming/', events: [s3.EventType.OBJECT_REMOVED] }, cleanup);
  const template = Template.fromStack(scope);

  test('each route is an S3 notification to its function, filtered by prefix and suffix', () => {
    const arn = (fn: ServiceFunction) => ({ 'Fn::GetAtt': [logicalId(fn), 'Arn'] });
    expect(lambdaNotifications(template)).toEqual([
      { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: arn(images), Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.jpg' }] } } },
      { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: arn(csv), Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }] } } },
      { Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: arn(cleanup), Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } },
    ]);
    template.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: { Ref: logicalId(uploads.bucket) }, NotificationConfiguration: { EventBridgeConfiguration: Match.absent() } });
  });

  test('a route for any key is a notification without a filter', () => {
    const anyKey = new Stack(new App({ builtinCloudFormationValidation: false }), 'AnyKey');
    const bucket = new EventBucket(anyKey, 'Bucket');
    const handler = new ServiceFunction(anyKey, 'Handler', { assetPath: fakeBundle(), deadLetterQueue: new sqs.Queue(anyKey, 'Dlq') });
    bucket.addRoute({}, handler);
    expect(lambdaNotifications(Template.fromStack(anyKey))).toEqual([
      { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(handler), 'Arn'] } },
    ]);
  });

  test('S3 of this account may invoke the function for this bucket only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(images), 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [logicalId(uploads.bucket), 'Arn'] },
    });
  });

  test('the routes are exposed, so a caller can check where a function may write', () => {
    expect(uploads.routes.map((route) => [route.prefix, route.suffix, route.events, route.handler.node.id])).toEqual([
      ['incoming/', '.jpg', [s3.EventType.OBJECT_CREATED], 'Images'],
      ['', '.csv', [s3.EventType.OBJECT_CREATED], 'Csv'],
      ['incoming/', '', [s3.EventType.OBJECT_REMOVED], 'Cleanup'],
    ]);
    expect(imageRoute.handler).toBe(images);
  });

  test('CDK\'s notifications handler is acknowledged for its AWS managed policy, and for nothing else', () => {
    const handler = scope.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'))!;
    expect(acknowledged(handler)).toEqual(['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]']);
  });

  test.each(packs)('cdk-nag %s: no findings', (_name, pack) => {
    expect(findings(pack(), scope)).toEqual([]);
  });

  test('fails on a route S3 would refuse: it can match the same event as another', () => {
    const other = worker(scope, 'Other');
    expect(() => uploads.addRoute({ prefix: 'incoming/photos/' }, other)).toThrow(
      "Test/Uploads: route: The route under 'incoming/photos/' overlaps the route under 'incoming/' ending in '.jpg' to Test/Files/Images: S3 refuses two notifications that can match the same event.",
    );
  });

  test.each<[string, { prefix?: string; suffix?: string; events?: s3.EventType[] }, string]>([
    ['a wildcard', { prefix: 'incoming/*.png' }, '`prefix` is matched literally, S3 and EventBridge key filters have no wildcards; got \'incoming/*.png\'.'],
    ['a leading slash', { prefix: '/incoming/' }, '`prefix` must not start with `/`: S3 keys have no leading slash; got \'/incoming/\'.'],
    ['no events', { prefix: 'other/', events: [] }, '`events` must name at least one event type; leave it out for OBJECT_CREATED.'],
  ])('fails on %s, naming the option', (_case, route, message) => {
    expect(() => uploads.addRoute(route, images)).toThrow(`Test/Uploads: route: ${message}`);
  });

  test('a function without dead-letter queue gets a warning: S3 invokes it asynchronously', () => {
    // GIVEN
    const other = stack();
    const bucket = new EventBucket(other, 'Uploads');
    const plain = new ServiceFunction(other, 'Plain', { assetPath });

    // WHEN
    bucket.addRoute({ prefix: 'a/' }, plain);
    bucket.addRoute({ prefix: 'b/' }, worker(other, 'Queued'));

    // THEN
    const warnings = Annotations.fromStack(other).findWarning('*', Match.stringLikeRegexp('invoked asynchronously by S3'));
    expect(warnings.map((warning) => warning.entry.data)).toEqual([expect.stringMatching(/^Test\/Plain is invoked asynchronously by S3 but has no dead-letter queue/)]);
  });
});

describe('EventBucket workflow routes', () => {
  // GIVEN
  const scope = stack();
  const uploads = new EventBucket(scope, 'Uploads');
  const ingest = workflow(scope);

  // WHEN
  const rule = uploads.addWorkflowRoute({ prefix: 'large/', suffix: '.csv', minSizeBytes: 100_000_000 }, ingest.stateMachine);
  const template = Template.fromStack(scope);
  const bucketRef = { Ref: logicalId(uploads.bucket) };

  test('the bucket sends its events to EventBridge', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', { BucketName: bucketRef, NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  test('a rule on the default bus matches Object Created of this bucket by key (prefix and suffix as one wildcard) and size', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': {
          bucket: { name: [bucketRef] },
          object: { key: [{ wildcard: 'large/*.csv' }], size: [{ numeric: ['>=', 100000000] }] },
        },
      },
    });
  });

  test('the rule starts the state machine with the event\'s detail, retries, and sends what it cannot start to an encrypted queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({
        Arn: { Ref: logicalId(ingest.stateMachine) },
        InputPath: '$.detail',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(uploads.workflowDeadLetterQueue as sqs.Queue), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    expect(uploads.workflowRoutes).toEqual([{ prefix: 'large/', suffix: '.csv', minSizeBytes: 100_000_000, stateMachine: ingest.stateMachine, rule }]);
  });

  test.each(packs)('cdk-nag %s: no findings', (_name, pack) => {
    expect(findings(pack(), scope)).toEqual([]);
  });

  test.each<[string, { prefix?: string; suffix?: string }, any]>([
    ['a prefix', { prefix: 'large/' }, { key: [{ prefix: 'large/' }] }],
    ['a suffix', { suffix: '.parquet' }, { key: [{ suffix: '.parquet' }] }],
    ['neither: any object of the bucket', {}, Match.absent()],
  ])('matches keys by %s', (_case, route, object) => {
    const other = stack();
    new EventBucket(other, 'Uploads').addWorkflowRoute(route, workflow(other).stateMachine);
    Template.fromStack(other).hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { bucket: Match.anyValue(), object } } });
  });

  test('a route with its own queue, retries and the whole event; the queue of the bucket is not made', () => {
    const other = stack();
    const bucket = new EventBucket(other, 'Uploads');
    const queue = new sqs.Queue(other, 'Failed');
    bucket.addWorkflowRoute({ prefix: 'large/', deadLetterQueue: queue, retryAttempts: 3, maxEventAge: Duration.hours(1), inputPath: '$' }, workflow(other).stateMachine);
    Template.fromStack(other).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({
        InputPath: Match.absent(),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      })],
    });
    expect(bucket.workflowDeadLetterQueue).toBeUndefined();
  });

  test.each<[string, object, string]>([
    ['a negative size', { minSizeBytes: -1 }, '`minSizeBytes` must be a whole number of bytes, 0 or more; got -1.'],
    ['too many retries', { retryAttempts: 200 }, '`retryAttempts` must be a whole number from 0 to 185; got 200.'],
    ['an event age over a day', { maxEventAge: Duration.days(2) }, '`maxEventAge` must be from 1 minute to 24 hours; got 2 days.'],
    ['an input path that is no JSONPath', { inputPath: 'detail' }, '`inputPath` must be a JSONPath on the event, starting with `$`; got "detail".'],
    ['a wildcard suffix', { suffix: '*.csv' }, '`suffix` is matched literally'],
  ])('fails on %s, naming the option', (_case, route, message) => {
    expect(() => uploads.addWorkflowRoute(route, ingest.stateMachine)).toThrow(`Test/Uploads: workflow route: ${message}`);
  });
});

describe('EventBucket grants', () => {
  function routed() {
    const scope = stack();
    const uploads = new EventBucket(scope, 'Uploads');
    const thumbnails = worker(scope, 'Thumbnails');
    uploads.addRoute({ prefix: 'incoming/', suffix: '.jpg' }, thumbnails);
    return { scope, uploads, thumbnails };
  }

  test('grantRead and grantPut cover one prefix each, with the actions they name and nothing else', () => {
    // GIVEN
    const { scope, uploads, thumbnails } = routed();

    // WHEN
    uploads.grantRead(thumbnails, 'incoming/');
    uploads.grantPut(thumbnails, 'thumbnails/');

    // THEN
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(uploads.bucket), 'Arn'] }, `/${prefix}*`]] });
    const statements = roleStatements(Template.fromStack(scope), logicalId(thumbnails.role as IConstruct))
      .filter((statement: any) => [].concat(statement.Action).some((action: string) => action.startsWith('s3:') || action.startsWith('kms:')));
    expect(statements).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('incoming/') },
      { Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Effect: 'Allow', Resource: objects('thumbnails/') },
    ]);
    const bucketArn = `<${logicalId(uploads.bucket)}.Arn>`;
    // (X-Ray's `*`, in the role's own policy, is acknowledged with the role)
    expect(acknowledged(thumbnails.role!)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'Serverless-LambdaStarPermissions',
      `AwsSolutions-IAM5[Resource::${bucketArn}/incoming/*]`,
      `AwsSolutions-IAM5[Resource::${bucketArn}/thumbnails/*]`,
    ]);
    expect(findings(new AwsSolutionsChecks(), scope)).toEqual([]);
  });

  test('with a KMS key, readers may decrypt and writers generate data keys, with that key only', () => {
    const scope = stack();
    const key = new kms.Key(scope, 'Key', { enableKeyRotation: true });
    const uploads = new EventBucket(scope, 'Uploads', { encryptionKey: key });
    const fn = worker(scope, 'Copy');
    uploads.grantRead(fn, 'in/');
    uploads.grantPut(fn, 'out/');
    expect(roleStatements(Template.fromStack(scope), logicalId(fn.role as IConstruct))).toEqual(expect.arrayContaining([
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } },
    ]));
  });

  test.each([
    ['inside the prefix that invokes it', 'incoming/thumbnails/'],
    ['to the whole bucket', ''],
    ['to a shorter prefix that contains it', 'in'],
  ])('grantPut fails for a function writing %s: it would invoke itself', (_case, prefix) => {
    const { uploads, thumbnails } = routed();
    expect(() => uploads.grantPut(thumbnails, prefix)).toThrow(
      `Test/Uploads: grantPut: '${prefix}' overlaps the prefix 'incoming/' whose objects invoke Test/Files/Thumbnails: each object it writes would invoke it again.`,
    );
  });

  test('grantPut fails through an alias of the function too: it invokes the same code', () => {
    const scope = stack();
    const uploads = new EventBucket(scope, 'Uploads');
    const fn = worker(scope, 'Resize');
    const alias = new lambda.Alias(scope, 'Live', { aliasName: 'live', version: fn.currentVersion });
    uploads.addRoute({ prefix: 'incoming/' }, alias);
    expect(() => uploads.grantPut(fn, 'incoming/small/')).toThrow('overlaps the prefix \'incoming/\' whose objects invoke Test/Live');
  });

  test('a route added after the grant fails the same way', () => {
    const scope = stack();
    const uploads = new EventBucket(scope, 'Uploads');
    const fn = worker(scope, 'Resize');
    uploads.grantPut(fn, 'incoming/');
    expect(() => uploads.addRoute({ prefix: 'incoming/raw/' }, fn)).toThrow(
      "Test/Uploads: route: Test/Files/Resize may write under 'incoming/' (`grantPut`), which overlaps the route's prefix 'incoming/raw/': each object it writes would invoke it again.",
    );
  });

  test('another function may write under the prefix: only a function that triggers itself loops', () => {
    const { scope, uploads } = routed();
    expect(() => uploads.grantPut(worker(scope, 'Uploader'), 'incoming/')).not.toThrow();
  });

  test('the notification is visible to ServerlessPatterns-LambdaRecursion: a write into the trigger through the raw bucket is reported', () => {
    // GIVEN a grant that goes around grantPut
    const { scope, uploads, thumbnails } = routed();
    uploads.bucket.grantPut(thumbnails, 'incoming/*');

    // THEN
    expect(findings(new ServerlessPatternsChecks(), scope)).toEqual([
      `ServerlessPatterns-LambdaRecursion[WritesToTrigger:${logicalId(uploads.bucket)}] at ${thumbnails.node.path}/Resource`,
    ]);
  });
});
