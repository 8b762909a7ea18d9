/**
 * Local mode's S3: the buckets read from the template with their notifications, the records and
 * EventBridge events built as S3 sends them, s3rver driven by the real `@aws-sdk/client-s3` through
 * an `AWS_ENDPOINT_URL_S3` endpoint, and an `EventBucket` app run end to end by `startLocal`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { appDir, removeAppDir, synthesize, writeBundles } from './local-fixtures';
import { EventBucket, Microservice } from '../../src';
import { readAssembly } from '../../src/local/assembly';
import { localBucketName } from '../../src/local/assembly/resource-values';
import type { PutEventsRequestEntry } from '../../src/local/event-bridge';
import { LocalBucket } from '../../src/local/local-app';
import { LocalMode, startLocal } from '../../src/local/local-mode';
import {
  configurationId,
  coversEvent,
  encodeKey,
  eventBridgeEntry,
  LocalS3,
  matchesNotification,
  S3_CLIENT_ENVIRONMENT,
  S3Event,
  s3EventRecord,
  s3Limitations,
  S3ObjectChange,
  startS3,
} from '../../src/local/s3';
import { logicalId } from '../constructs/helpers';

/** What s3rver's listings do unlike S3's. */
const LISTING_ORDER = 'S3 listings: s3rver lists a folder\'s keys before a key that sorts before them (a/b before a.txt), '
  + 'and a paged listing can skip such a key';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('keys, filters and event types', () => {
  test.each([
    ['incoming/report.csv', 'incoming/report.csv'],
    ['incoming/cat photo.jpg', 'incoming/cat+photo.jpg'],
    ['a+b=c&d:e,f;g@h$i?j#k', 'a%2Bb%3Dc%26d%3Ae%2Cf%3Bg%40h%24i%3Fj%23k'],
    ["it's (1)!~", 'it%27s+%281%29%21%7E'],
    ['résumé/naïve*_-.txt', 'r%C3%A9sum%C3%A9/na%C3%AFve*_-.txt'],
  ])('the key %j is %j in a record', (key, encoded) => {
    expect(encodeKey(key)).toBe(encoded);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });

  test('an event type covers an event: exactly, or a family with *', () => {
    expect(coversEvent('s3:ObjectCreated:*', 'ObjectCreated:Put')).toBe(true);
    expect(coversEvent('s3:ObjectCreated:*', 'ObjectCreated:CompleteMultipartUpload')).toBe(true);
    expect(coversEvent('s3:ObjectCreated:Put', 'ObjectCreated:Put')).toBe(true);
    expect(coversEvent('s3:ObjectCreated:Put', 'ObjectCreated:Post')).toBe(false);
    expect(coversEvent('s3:ObjectCreated:*', 'ObjectRemoved:Delete')).toBe(false);
    expect(coversEvent('s3:ObjectRemoved:*', 'ObjectRemoved:DeleteMarkerCreated')).toBe(true);
    expect(coversEvent('s3:ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated')).toBe(false);
  });

  test('a notification matches its event types, and the encoded key\'s prefix and suffix, case-sensitive', () => {
    const csv = { events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.csv' };
    expect(matchesNotification(csv, 'ObjectCreated:Put', 'incoming/a.csv')).toBe(true);
    expect(matchesNotification(csv, 'ObjectCreated:Copy', 'incoming/sub/b.csv')).toBe(true);
    expect(matchesNotification(csv, 'ObjectRemoved:Delete', 'incoming/a.csv')).toBe(false);
    expect(matchesNotification(csv, 'ObjectCreated:Put', 'incoming/a.CSV')).toBe(false);
    expect(matchesNotification(csv, 'ObjectCreated:Put', 'other/incoming/a.csv')).toBe(false);
    expect(matchesNotification(csv, 'ObjectCreated:Put', 'incoming/a.csv.gz')).toBe(false);
    expect(matchesNotification({ events: ['s3:ObjectRemoved:*'], prefix: '', suffix: '' }, 'ObjectRemoved:Delete', 'anything')).toBe(true);
    // S3 compares the filters with the URL-encoded key: a space is written +
    const spaced = { events: ['s3:ObjectCreated:*'], prefix: 'my+folder/', suffix: '' };
    expect(matchesNotification(spaced, 'ObjectCreated:Put', 'my folder/x')).toBe(true);
    expect(matchesNotification({ ...spaced, prefix: 'my folder/' }, 'ObjectCreated:Put', 'my folder/x')).toBe(false);
  });

  test('a configuration without Id gets a stable, base64 id, as S3 makes one up', () => {
    const made = configurationId({ name: 'b' }, {}, 0);
    expect(made).toBe(configurationId({ name: 'b' }, {}, 0));
    expect(made).not.toBe(configurationId({ name: 'b' }, {}, 1));
    expect(Buffer.from(made, 'base64').toString()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(configurationId({ name: 'b' }, { id: 'csv' }, 0)).toBe('csv');
  });

  test('a bucket without BucketName: <stack>-<logicalId>, lowercase, at most 63 characters, long names kept apart by a hash', () => {
    expect(localBucketName('files-UploadsBucketC4B27CC7')).toBe('files-uploadsbucketc4b27cc7');
    const long = (id: string) => localBucketName(`a-very-long-stack-name-for-a-team-${'x'.repeat(20)}-${id}`);
    expect(long('UploadsBucketC4B27CC7')).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(long('UploadsBucketC4B27CC7')).toHaveLength(63);
    expect(long('UploadsBucketC4B27CC7')).not.toBe(long('UploadsBucketD5C38DD8'));
  });
});

describe('records and EventBridge events', () => {
  const bucket = { name: 'photos', arn: 'arn:aws:s3:::photos', versioned: false };
  const change: S3ObjectChange = {
    eventName: 'ObjectCreated:Put',
    key: 'incoming/cat photo.jpg',
    size: 5,
    eTag: md5('hello'),
    sequencer: '00018C2F5A1B2C0001',
    time: new Date('2024-05-01T10:00:00.123Z'),
    requestId: 'C3D13FE58DE4C810',
    hostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    sourceIp: '127.0.0.1',
    accessKeyId: 'local',
  };

  test('an S3 record: version 2.1, the key encoded, size, ETag and sequencer, who and where from', () => {
    expect(s3EventRecord(bucket, 'thumbnails', change)).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-05-01T10:00:00.123Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:local' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': change.hostId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'thumbnails',
        bucket: { name: 'photos', ownerIdentity: { principalId: expect.stringMatching(/^A[0-9A-F]{13}$/) }, arn: 'arn:aws:s3:::photos' },
        object: { key: 'incoming/cat+photo.jpg', size: 5, eTag: md5('hello'), sequencer: '00018C2F5A1B2C0001' },
      },
    });
  });

  test('a removed object\'s record has no size or ETag; an unsigned request is Anonymous', () => {
    const removed = s3EventRecord(bucket, 'c', { ...change, eventName: 'ObjectRemoved:Delete', size: undefined, eTag: undefined, accessKeyId: undefined });
    expect(removed.s3.object).toEqual({ key: 'incoming/cat+photo.jpg', sequencer: change.sequencer });
    expect(removed.userIdentity).toEqual({ principalId: 'Anonymous' });
  });

  test('Object Created on the default bus: source aws.s3, the bucket as resource, the key not encoded, the reason', () => {
    const entry = eventBridgeEntry(bucket, change);
    expect({ ...entry, Detail: JSON.parse(entry.Detail!) }).toEqual({
      Source: 'aws.s3',
      DetailType: 'Object Created',
      EventBusName: 'default',
      Resources: ['arn:aws:s3:::photos'],
      Time: change.time,
      Detail: {
        'version': '0',
        'bucket': { name: 'photos' },
        'object': { key: 'incoming/cat photo.jpg', size: 5, etag: md5('hello'), sequencer: change.sequencer },
        'request-id': change.requestId,
        'requester': '000000000000',
        'source-ip-address': '127.0.0.1',
        'reason': 'PutObject',
      },
    });
    const reason = (eventName: string) => JSON.parse(eventBridgeEntry(bucket, { ...change, eventName }).Detail!).reason;
    expect(['ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload'].map(reason))
      .toEqual(['POST Object', 'CopyObject', 'CompleteMultipartUpload']);
  });

  test('Object Deleted: permanently, or a delete marker in a versioned bucket', () => {
    const deleted = eventBridgeEntry(bucket, { ...change, eventName: 'ObjectRemoved:Delete', size: undefined, eTag: undefined });
    expect(deleted.DetailType).toBe('Object Deleted');
    expect(JSON.parse(deleted.Detail!)).toEqual(expect.objectContaining({
      'object': { key: 'incoming/cat photo.jpg', sequencer: change.sequencer },
      'reason': 'DeleteObject',
      'deletion-type': 'Permanently Deleted',
    }));
    const marker = eventBridgeEntry({ ...bucket, versioned: true }, { ...change, eventName: 'ObjectRemoved:DeleteMarkerCreated' });
    expect(JSON.parse(marker.Detail!)['deletion-type']).toBe('Delete Marker Created');
  });

  test('limitations: versions, events that never happen locally, batch deletes', () => {
    const buckets: LocalBucket[] = [
      {
        logicalId: 'A',
        name: 'a-bucket',
        arn: 'arn:aws:s3:::a-bucket',
        versioned: true,
        eventBridge: true,
        notifications: [{ events: ['s3:ObjectCreated:*', 's3:ObjectRestore:Completed', 's3:LifecycleExpiration:*'], prefix: '', suffix: '', function: 'Fn' }],
      },
      { logicalId: 'B', name: 'b-bucket', arn: 'arn:aws:s3:::b-bucket', versioned: false, eventBridge: false, notifications: [] },
    ];
    expect(s3Limitations(buckets)).toEqual([
      'bucket a-bucket: versioning (s3rver keeps the latest version only; records carry no versionId)',
      'bucket a-bucket: notifications of s3:ObjectRestore:Completed, s3:LifecycleExpiration:* (these events never happen locally)',
      'bucket a-bucket: EventBridge gets Object Created and Object Deleted only (no restore, tagging, ACL or storage class events)',
      'S3 DeleteObjects (several keys in one request) removes the objects without notifications: s3rver reports none',
      LISTING_ORDER,
    ]);
    expect(s3Limitations([buckets[1]])).toEqual([LISTING_ORDER]);
  });
});

describe('the buckets of a template', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  function assembly(resources: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-s3-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      version: '55.0.0',
      artifacts: { app: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'app.template.json' } } },
    }));
    fs.writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify({ Resources: resources }));
    fs.mkdirSync(path.join(dir, 'asset.code'));
    fs.writeFileSync(path.join(dir, 'asset.code', 'index.js'), 'exports.handler = async () => ({});\n');
    return dir;
  }
  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
  const resources = {
    Fn: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:asset:path': 'asset.code' }, Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } },
    // CDK's handler of Custom::S3BucketNotifications
    Handler: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.13', Code: { ZipFile: 'def handler(e, c): pass' } } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } },
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my-named-bucket' } },
    Notifications: {
      Type: 'Custom::S3BucketNotifications',
      Properties: {
        ServiceToken: arnOf('Handler'),
        BucketName: { Ref: 'Bucket' },
        NotificationConfiguration: {
          EventBridgeConfiguration: {},
          LambdaFunctionConfigurations: [
            {
              Id: 'csv',
              Events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:Post'],
              Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'in/' }, { Name: 'suffix', Value: '.csv' }] } },
              LambdaFunctionArn: arnOf('Fn'),
            },
            { Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: { 'Fn::Sub': '${Fn.Arn}:live' } },
            { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:elsewhere' },
          ],
          QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q' }],
          TopicConfigurations: [{ Events: ['s3:ObjectCreated:*'], TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' }],
        },
      },
    },
    Imported: {
      Type: 'Custom::S3BucketNotifications',
      Properties: { ServiceToken: arnOf('Handler'), BucketName: 'someone-elses', NotificationConfiguration: { EventBridgeConfiguration: {} }, Managed: false },
    },
  };

  test('name, ARN, versioning, the function notifications with their filters, EventBridge; the rest counted, not the handler', () => {
    const app = readAssembly(assembly(resources));
    expect(app.buckets).toEqual([
      {
        logicalId: 'Bucket',
        name: 'app-bucket',
        arn: 'arn:aws:s3:::app-bucket',
        versioned: true,
        eventBridge: true,
        notifications: [
          { events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:Post'], prefix: 'in/', suffix: '.csv', function: 'Fn', id: 'csv' },
          { events: ['s3:ObjectRemoved:*'], prefix: '', suffix: '', function: 'Fn' },
        ],
      },
      { logicalId: 'Named', name: 'my-named-bucket', arn: 'arn:aws:s3:::my-named-bucket', versioned: false, eventBridge: false, notifications: [] },
    ]);
    expect(app.notEmulated).toEqual({
      'Custom::S3BucketNotifications (bucket outside the stack)': 1,
      'Custom::S3BucketNotifications (function outside the stack)': 1,
      'Custom::S3BucketNotifications (queue destination)': 1,
      'Custom::S3BucketNotifications (topic destination)': 1,
    });
  });

  test('a Python function that serves another custom resource too, or is a notification\'s target, is still counted', () => {
    const shared = readAssembly(assembly({ ...resources, Other: { Type: 'Custom::Other', Properties: { ServiceToken: arnOf('Handler') } } }));
    expect(shared.notEmulated).toEqual(expect.objectContaining({ 'AWS::Lambda::Function (python3.13)': 1, 'Custom::Other': 1 }));
    const target = readAssembly(assembly({
      Py: resources.Handler,
      Bucket: resources.Bucket,
      Notifications: {
        Type: 'Custom::S3BucketNotifications',
        Properties: {
          ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:cdk-handler',
          BucketName: { Ref: 'Bucket' },
          NotificationConfiguration: { LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: arnOf('Py') }] },
        },
      },
    }));
    expect(target.buckets[0].notifications).toEqual([]);
    expect(target.notEmulated).toEqual({ 'AWS::Lambda::Function (python3.13)': 1, 'Custom::S3BucketNotifications (function python3.13)': 1 });
  });

  test('a filter rule that is neither prefix nor suffix is an error naming the property', () => {
    const broken = JSON.parse(JSON.stringify(resources));
    broken.Notifications.Properties.NotificationConfiguration.LambdaFunctionConfigurations[0].Filter.Key.FilterRules[0].Name = 'middle';
    expect(() => readAssembly(assembly(broken)))
      .toThrow(/Resources\.Notifications\.Properties\.NotificationConfiguration\.LambdaFunctionConfigurations\[0\]\.Filter\.Key\.FilterRules\[0\]: must be a prefix or suffix rule/);
  });
});

describe('s3rver, driven by @aws-sdk/client-s3 through AWS_ENDPOINT_URL_S3', () => {
  const photos: LocalBucket = {
    logicalId: 'Photos',
    name: 'photos-bucket',
    arn: 'arn:aws:s3:::photos-bucket',
    versioned: false,
    eventBridge: true,
    notifications: [
      { events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.jpg', function: 'Thumbnails' },
      { events: ['s3:ObjectRemoved:*'], prefix: '', suffix: '', function: 'Cleanup', id: 'cleanup' },
    ],
  };
  const archive: LocalBucket = {
    logicalId: 'Archive',
    name: 'archive-bucket',
    arn: 'arn:aws:s3:::archive-bucket',
    versioned: true,
    eventBridge: false,
    notifications: [{ events: ['s3:ObjectRemoved:DeleteMarkerCreated'], prefix: '', suffix: '', function: 'Audit' }],
  };
  const invocations: Array<{ fn: string; event: S3Event }> = [];
  const entries: PutEventsRequestEntry[] = [];
  const saved = { ...process.env };
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3([photos, archive], {
      invokeAsync: (fn, event) => {
        invocations.push({ fn, event });
      },
      putEvent: (entry) => {
        entries.push(entry);
      },
      credentials: [{ accessKeyId: 'local', secretAccessKey: 'local' }],
    });
    // what local mode gives the functions
    Object.assign(process.env, { AWS_ENDPOINT_URL_S3: s3.endpoint, ...S3_CLIENT_ENVIRONMENT });
    client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    process.env = saved;
  });

  /** The invocations and EventBridge entries `run` causes, once sent. */
  async function effects(run: () => Promise<unknown>) {
    const [before, eventsBefore] = [invocations.length, entries.length];
    await run();
    await s3.idle();
    expect(s3.pending).toBe(0);
    return {
      invocations: invocations.slice(before),
      events: entries.slice(eventsBefore).map((entry) => ({ type: entry.DetailType, detail: JSON.parse(entry.Detail!) })),
    };
  }

  test('the endpoint is 127.0.0.1, so the SDK puts the bucket in the path; PutObject of a stream and GetObject give back the bytes', async () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const paths: string[] = [];
    client.middlewareStack.add((next) => async (args) => {
      paths.push(`${(args.request as { hostname: string }).hostname} ${(args.request as { path: string }).path}`);
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordPaths' });
    // a stream of unknown checksum: streamed aws-chunked with a trailer unless AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED
    await client.send(new PutObjectCommand({ Bucket: photos.name, Key: 'raw/a b.bin', Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]), ContentLength: 11 }));
    const got = await client.send(new GetObjectCommand({ Bucket: photos.name, Key: 'raw/a b.bin' }));
    expect(await got.Body!.transformToString()).toBe('hello world');
    expect(got.ETag).toBe(`"${md5('hello world')}"`);
    expect(paths).toEqual(['127.0.0.1 /photos-bucket/raw/a%20b.bin', '127.0.0.1 /photos-bucket/raw/a%20b.bin']);
    client.middlewareStack.remove('recordPaths');
  });

  test('an object under the prefix with the suffix invokes the function with its record; EventBridge gets Object Created', async () => {
    let requestId: string | undefined;
    const { invocations: invoked, events } = await effects(async () => {
      requestId = (await client.send(new PutObjectCommand({ Bucket: photos.name, Key: 'incoming/cat photo.jpg', Body: 'meow' }))).$metadata.requestId;
    });
    expect(invoked).toHaveLength(1);
    expect(invoked[0].fn).toBe('Thumbnails');
    const [record] = invoked[0].event.Records;
    expect(invoked[0].event.Records).toHaveLength(1);
    expect(record).toEqual(expect.objectContaining({ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventName: 'ObjectCreated:Put' }));
    expect(Date.parse(record.eventTime)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(record.userIdentity).toEqual({ principalId: 'AWS:local' });
    expect(record.requestParameters.sourceIPAddress).toBe('127.0.0.1');
    // the request id the SDK got back
    expect(record.responseElements['x-amz-request-id']).toBe(requestId);
    expect(record.s3.bucket).toEqual(expect.objectContaining({ name: photos.name, arn: photos.arn }));
    expect(record.s3.configurationId).toBe(configurationId(photos, photos.notifications[0], 0));
    expect(record.s3.object).toEqual({ key: 'incoming/cat+photo.jpg', size: 4, eTag: md5('meow'), sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) });
    const detail = expect.objectContaining({
      'object': { key: 'incoming/cat photo.jpg', size: 4, etag: md5('meow'), sequencer: record.s3.object.sequencer },
      'reason': 'PutObject',
      'request-id': requestId,
    });
    expect(events).toEqual([{ type: 'Object Created', detail }]);
  });

  test('objects outside the prefix, without the suffix or with it in another case invoke nothing (EventBridge still gets them)', async () => {
    const { invocations: invoked, events } = await effects(async () => {
      for (const key of ['other/dog.jpg', 'incoming/notes.txt', 'incoming/DOG.JPG', 'incoming.jpg']) {
        await client.send(new PutObjectCommand({ Bucket: photos.name, Key: key, Body: key }));
      }
    });
    expect(invoked).toEqual([]);
    expect(events.map((event) => event.detail.object.key)).toEqual(['other/dog.jpg', 'incoming/notes.txt', 'incoming/DOG.JPG', 'incoming.jpg']);
  });

  test('CopyObject and CompleteMultipartUpload are ObjectCreated:Copy and :CompleteMultipartUpload, with size and ETag', async () => {
    const copied = await effects(() => client.send(new CopyObjectCommand({ Bucket: photos.name, Key: 'incoming/dog.jpg', CopySource: `${photos.name}/other/dog.jpg` })));
    const described = (invoked: typeof copied.invocations) => invoked.map(({ event: { Records: [record] } }) =>
      [record.eventName, record.s3.object.key, record.s3.object.size, record.s3.object.eTag]);
    expect(described(copied.invocations))
      .toEqual([['ObjectCreated:Copy', 'incoming/dog.jpg', 'other/dog.jpg'.length, md5('other/dog.jpg')]]);
    expect(copied.events[0].detail.reason).toBe('CopyObject');

    const multipart = await effects(async () => {
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: photos.name, Key: 'incoming/big.jpg' }));
      const part = await client.send(new UploadPartCommand({ Bucket: photos.name, Key: 'incoming/big.jpg', UploadId, PartNumber: 1, Body: 'one part' }));
      await client.send(new CompleteMultipartUploadCommand({
        Bucket: photos.name, Key: 'incoming/big.jpg', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }));
    });
    // s3rver's ETag of a multipart object is the MD5 of its content, not S3's MD5 of the parts' MD5s with -<parts>
    expect(described(multipart.invocations))
      .toEqual([['ObjectCreated:CompleteMultipartUpload', 'incoming/big.jpg', 'one part'.length, md5('one part')]]);
    expect(multipart.events[0].detail.reason).toBe('CompleteMultipartUpload');
  });

  test('DeleteObject is ObjectRemoved:Delete, a delete marker in a versioned bucket; the configuration\'s Id is its configurationId', async () => {
    const deleted = await effects(() => client.send(new DeleteObjectCommand({ Bucket: photos.name, Key: 'other/dog.jpg' })));
    expect(deleted.invocations).toHaveLength(1);
    const [record] = deleted.invocations[0].event.Records;
    expect([deleted.invocations[0].fn, record.eventName, record.s3.configurationId]).toEqual(['Cleanup', 'ObjectRemoved:Delete', 'cleanup']);
    expect(record.s3.object).toEqual({ key: 'other/dog.jpg', sequencer: expect.any(String) });
    expect(deleted.events).toEqual([{ type: 'Object Deleted', detail: expect.objectContaining({ 'reason': 'DeleteObject', 'deletion-type': 'Permanently Deleted' }) }]);

    await client.send(new PutObjectCommand({ Bucket: archive.name, Key: 'old.txt', Body: 'old' }));
    const marked = await effects(() => client.send(new DeleteObjectCommand({ Bucket: archive.name, Key: 'old.txt' })));
    expect(marked.invocations.map(({ fn, event }) => [fn, event.Records[0].eventName])).toEqual([['Audit', 'ObjectRemoved:DeleteMarkerCreated']]);
    // the archive does not send to EventBridge
    expect(marked.events).toEqual([]);
  });

  test('sequencers increase', () => {
    const sequencers = invocations.map(({ event }) => event.Records[0].s3.object.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(sequencers.length);
  });

  test('ListObjectsV2 pages with continuation tokens', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: photos.name, Prefix: 'incoming/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toEqual(['incoming/DOG.JPG', 'incoming/big.jpg', 'incoming/cat photo.jpg', 'incoming/dog.jpg', 'incoming/notes.txt']);
  });

  test('a limitation: s3rver lists in the order of its folders, so incoming.jpg comes after incoming/..., not before as on S3', async () => {
    const all = await client.send(new ListObjectsV2Command({ Bucket: photos.name }));
    expect(all.Contents!.map((object) => object.Key)).toEqual([
      'incoming/DOG.JPG', 'incoming/big.jpg', 'incoming/cat photo.jpg', 'incoming/dog.jpg', 'incoming/notes.txt', 'incoming.jpg', 'raw/a b.bin',
    ]);
    expect(s3.limitations).toContain(LISTING_ORDER);
  });

  test('an access key it was not given is refused', async () => {
    const stranger = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'nobody', secretAccessKey: 'x' } });
    await expect(stranger.send(new GetObjectCommand({ Bucket: photos.name, Key: 'incoming/dog.jpg' }))).rejects.toThrow(/Access Key Id you provided does not exist/);
    stranger.destroy();
  });
});

const BUNDLES = {
  process: `
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    const object = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
    const text = await object.Body.transformToString();
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET_NAME, Key: 'processed/' + key, Body: text.toUpperCase() }));
    console.log('PROCESSED ' + key);
  }
};
`,
};

describe('an EventBucket app, run by local mode', () => {
  let dir: string;
  let local: LocalMode | undefined;
  let ids: { process: string; uploads: string; workflowRule: string };
  let client: S3Client;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = appDir('s3');
    const assets = writeBundles(dir, BUNDLES);
    const { assemblyDir, built } = synthesize(dir, (app) => {
      const stack = new Stack(app, 'files');
      const service = new Microservice(stack, 'Files', { serviceName: 'files' });
      const uploads = new EventBucket(stack, 'Uploads');
      const fn = service.addFunction('Process', { assetPath: assets.process, environment: { BUCKET_NAME: uploads.bucket.bucketName } });
      uploads.addRoute({ prefix: 'incoming/' }, fn);
      uploads.grantRead(fn, 'incoming/');
      uploads.grantPut(fn, 'processed/');
      const workflow = new sfn.StateMachine(stack, 'Archive', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Done')) });
      const rule = uploads.addWorkflowRoute({ prefix: 'large/' }, workflow);
      return { process: logicalId(fn), uploads: logicalId(uploads.bucket), workflowRule: logicalId(rule) };
    });
    ids = built;
    local = await startLocal({ assemblyDir, port: 0, log: (line) => logs.push(line) });
    client = new S3Client({
      endpoint: local.endpoints.AWS_ENDPOINT_URL_S3,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await local?.stop();
    removeAppDir(dir);
  });

  function running(): LocalMode {
    if (!local) throw new Error('local mode is not running');
    return local;
  }

  const processed = () => running().history.invocations.filter((invocation) => invocation.function === 'Files/Process');

  test('it reads the bucket and its route, and lists neither the bucket nor CDK\'s notifications handler as not run', () => {
    const uploads = running().app.buckets.find((bucket) => bucket.logicalId === ids.uploads);
    expect(uploads).toEqual(expect.objectContaining({
      versioned: true,
      eventBridge: true,
      notifications: [{ events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '', function: ids.process }],
    }));
    expect(running().app.buckets).toHaveLength(2); // and its access logs bucket
    expect(running().endpoints.AWS_ENDPOINT_URL_S3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running().endpoints).toEqual(expect.objectContaining(S3_CLIENT_ENVIRONMENT));
    expect(running().notEmulated.join('\n')).not.toMatch(/S3::Bucket|S3BucketNotifications|Lambda::Function/);
    expect(running().notEmulated).toContain(`bucket ${uploads!.name}: versioning (s3rver keeps the latest version only; records carry no versionId)`);
  });

  test('an upload under incoming/ invokes the function, which reads it and writes processed/<key>', async () => {
    const bucket = running().app.buckets.find((b) => b.logicalId === ids.uploads)!.name;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/report 1.txt', Body: 'hello' }));
    await running().idle();
    const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'processed/incoming/report 1.txt' }));
    expect(await result.Body!.transformToString()).toBe('HELLO');
    expect(processed()).toEqual([expect.objectContaining({ ok: true })]);
    expect(logs).toContainEqual(expect.stringMatching(/^\[Files\/Process\] \S+ PROCESSED incoming\/report 1\.txt$/));
  });

  test('an object outside the prefix, and the function\'s own output, invoke nothing', async () => {
    const bucket = running().app.buckets.find((b) => b.logicalId === ids.uploads)!.name;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/report 2.txt', Body: 'other' }));
    await running().idle();
    expect(processed()).toHaveLength(1);
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'processed/elsewhere/report 2.txt' }))).rejects.toThrow(/does not exist/);
  });

  test('its events reach EventBridge\'s default bus: an object under large/ matches the workflow route\'s rule', async () => {
    const bucket = running().app.buckets.find((b) => b.logicalId === ids.uploads)!.name;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'large/data.bin', Body: 'x'.repeat(1024) }));
    await running().idle();
    const s3Events = running().history.events.filter((event) => event.source === 'aws.s3');
    // incoming/report 1.txt, processed/incoming/report 1.txt (written by the function), elsewhere/report 2.txt, large/data.bin
    expect(s3Events).toHaveLength(4);
    expect(s3Events.every((event) => event.detailType === 'Object Created')).toBe(true);
    expect(s3Events.map((event) => event.rules)).toEqual([[], [], [], [ids.workflowRule]]);
    expect(processed()).toHaveLength(1);
  });
});
