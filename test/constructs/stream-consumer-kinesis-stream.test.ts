import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ServerlessKinesisStream, ServerlessKinesisStreamProps } from '../../src/constructs';

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

describe('ServerlessKinesisStream', () => {
  test('defaults: on-demand, encrypted with the AWS managed key, records kept 24 hours, retained', () => {
    // GIVEN
    const scope = stack();

    // WHEN
    const stream = new ServerlessKinesisStream(scope, 'Clicks');

    // THEN
    Template.fromStack(scope).hasResource('AWS::Kinesis::Stream', {
      Properties: {
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        ShardCount: Match.absent(),
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
        RetentionPeriodHours: 24,
      },
      DeletionPolicy: 'Retain',
    });
    expect(stream.retentionPeriod.toHours()).toBe(24);
  });

  test('provisioned shards, a year of retention, a customer managed key, destroyed with the stack', () => {
    const scope = stack();
    new ServerlessKinesisStream(scope, 'Clicks', {
      streamName: 'clicks',
      streamMode: kinesis.StreamMode.PROVISIONED,
      shardCount: 4,
      retentionPeriod: Duration.hours(8760),
      encryptionKey: new kms.Key(scope, 'Key', { enableKeyRotation: true }),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Template.fromStack(scope).hasResource('AWS::Kinesis::Stream', {
      Properties: {
        Name: 'clicks',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        ShardCount: 4,
        RetentionPeriodHours: 8760,
        StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('provisioned without a shard count: one shard', () => {
    const scope = stack();
    new ServerlessKinesisStream(scope, 'Clicks', { streamMode: kinesis.StreamMode.PROVISIONED });
    Template.fromStack(scope).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1 });
  });

  test('cdk-nag: its defaults comply with AwsSolutions (KDS1 encryption, KDS3 the AWS managed key)', () => {
    const scope = stack();
    new ServerlessKinesisStream(scope, 'Clicks');
    expect(new AwsSolutionsChecks().validateScope(scope).violations).toEqual([]);
  });

  test.each<[string, ServerlessKinesisStreamProps, string]>([
    ['a shard count on demand', { shardCount: 2 }, '`shardCount` needs `streamMode` PROVISIONED; got 2 with ON_DEMAND, which scales its shards itself.'],
    ['no shards', { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 0 }, '`shardCount` must be a whole number of at least 1; got 0.'],
    ['a retention under a day', { retentionPeriod: Duration.hours(12) }, '`retentionPeriod` must be whole hours from 24 to 8760 (365 days); got 12 hours.'],
    ['a retention over a year', { retentionPeriod: Duration.hours(8761) }, '`retentionPeriod` must be whole hours from 24 to 8760 (365 days); got 365 days 1 hour.'],
    ['a retention in part hours', { retentionPeriod: Duration.minutes(1470) }, '`retentionPeriod` must be whole hours from 24 to 8760 (365 days); got 1 day 30 minutes.'],
  ])('fails on %s, naming the prop', (_case, props, message) => {
    expect(() => new ServerlessKinesisStream(stack(), 'Clicks', props)).toThrow(`Test/Clicks: ${message}`);
  });
});
