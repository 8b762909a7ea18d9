/**
 * Local mode's S3: s3rver (S3's REST API over the file system, in this process, on 127.0.0.1) with the
 * app's buckets, and the buckets' notifications as S3 sends them: for each object created or removed,
 * an asynchronous invocation of each function whose notification matches (event type, key prefix and
 * suffix) with an `S3Event` of one record, and, for a bucket with EventBridge on, an `Object Created` or
 * `Object Deleted` event from `aws.s3` on the default bus.
 *
 * How the functions' SDK reaches it, unmodified: `AWS_ENDPOINT_URL_S3=http://127.0.0.1:<port>`. The SDK
 * addresses buckets in the path (`/<bucket>/<key>`) when the endpoint's host is an IP address, without
 * `forcePathStyle` (which no environment variable sets); with `localhost` it would ask for
 * `<bucket>.localhost`, which does not resolve. And `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED`
 * (see {@link S3_CLIENT_ENVIRONMENT}): otherwise the SDK streams bodies `aws-chunked` with a checksum
 * trailer, which s3rver stores as the object's content.
 *
 * Records follow "Event message structure" of the S3 user guide (eventVersion 2.1); EventBridge events
 * "Using EventBridge" (detail version 0). The key of a record is URL-encoded as S3 encodes it (a space as
 * `+`, `/` kept), and prefix and suffix filters are compared with that encoded key, as S3 does (its guide
 * asks for filter values with special characters to be written URL-encoded).
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PutEventsRequestEntry } from './event-bridge';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalBucket, LocalBucketNotification } from './local-app';

/** What the functions' SDK needs, besides `AWS_ENDPOINT_URL_S3`, to store what it uploads as it is. */
export const S3_CLIENT_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
};

/** A record of an S3 event notification. */
export interface S3EventRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly awsRegion: string;
  /** ISO 8601, with milliseconds. */
  readonly eventTime: string;
  /** `ObjectCreated:Put`, `ObjectRemoved:Delete`...: the event type without `s3:`. */
  readonly eventName: string;
  readonly userIdentity: { readonly principalId: string };
  readonly requestParameters: { readonly sourceIPAddress: string };
  readonly responseElements: { readonly 'x-amz-request-id': string; readonly 'x-amz-id-2': string };
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly configurationId: string;
    readonly bucket: { readonly name: string; readonly ownerIdentity: { readonly principalId: string }; readonly arn: string };
    /** `key` URL-encoded; `size` and `eTag` for created objects only. */
    readonly object: {
      readonly key: string;
      readonly size?: number;
      readonly eTag?: string;
      readonly versionId?: string;
      readonly sequencer: string;
    };
  };
}

/** The event S3 invokes a function with. */
export interface S3Event {
  readonly Records: S3EventRecord[];
}

/** What happened to an object: one request's effect, from which records and EventBridge events are made. */
export interface S3ObjectChange {
  /** `ObjectCreated:Put`, `ObjectCreated:Post`, `ObjectCreated:Copy`, `ObjectCreated:CompleteMultipartUpload`, `ObjectRemoved:Delete`, `ObjectRemoved:DeleteMarkerCreated`. */
  readonly eventName: string;
  /** The key, as stored (not encoded). */
  readonly key: string;
  /** Created objects: size in bytes and ETag (hex MD5, no quotes). */
  readonly size?: number;
  readonly eTag?: string;
  readonly sequencer: string;
  readonly time: Date;
  readonly requestId: string;
  readonly hostId: string;
  readonly sourceIp: string;
  /** The access key that signed the request, if it was signed. */
  readonly accessKeyId?: string;
}

/** Options of `startS3`. */
export interface S3Options {
  /**
   * Starts an asynchronous invocation (`InvocationType: Event`) of a function, as S3 does: resolves once it is
   * accepted, not when the function is done; Lambda's retries and dead-letter queue are the caller's.
   */
  readonly invokeAsync: (functionLogicalId: string, event: S3Event) => Promise<void> | void;
  /** Puts an event on EventBridge (the entry names the default bus), for the buckets with EventBridge on. */
  readonly putEvent?: (entry: PutEventsRequestEntry) => Promise<void> | void;
  /**
   * Access keys the API accepts besides s3rver's own (`S3RVER`/`S3RVER`): those the functions sign with.
   * s3rver does not check version 4 signatures, only that the key is known.
   */
  readonly credentials?: ReadonlyArray<{ readonly accessKeyId: string; readonly secretAccessKey: string }>;
  /** @default 0: a free port */
  readonly port?: number;
  /** Receives an entry per notification sent or failed, and per internal error of s3rver. */
  readonly log?: (entry: object) => void;
  /** The clock of event times. Default: the system clock. */
  readonly now?: () => Date;
}

/** S3, running. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: the functions' `AWS_ENDPOINT_URL_S3`. */
  readonly endpoint: string;
  /** What of the buckets local S3 does not do as S3 does: said at start. */
  readonly limitations: string[];
  /** Notifications being handed to `invokeAsync` or `putEvent`. */
  readonly pending: number;
  /** Resolves when no notification is being handed over. */
  idle(): Promise<void>;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

/** The event types local S3 produces; the others of a notification (restore, replication, lifecycle, tagging, ACL...) never happen locally. */
const LOCAL_EVENT_NAMES = [
  'ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated',
];

/** EventBridge's `reason` of each event type. */
const REASONS: Record<string, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'DeleteObject',
  'ObjectRemoved:DeleteMarkerCreated': 'DeleteObject',
};

/**
 * A key as S3 writes it in event records, and as its notification filters are compared: URL-encoded like a form
 * value (a space is `+`), letters, digits, `.`, `-`, `_`, `*` and `/` kept, anything else percent-encoded in UTF-8.
 */
export function encodeKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** Whether an event type (`s3:ObjectCreated:*`) covers an event (`ObjectCreated:Put`). */
export function coversEvent(type: string, eventName: string): boolean {
  const full = `s3:${eventName}`;
  return type === full || (type.endsWith(':*') && full.startsWith(type.slice(0, -1)));
}

/** Whether a notification sends this event of this key: one of its types covers it, and the encoded key has its prefix and suffix. */
export function matchesNotification(notification: Pick<LocalBucketNotification, 'events' | 'prefix' | 'suffix'>, eventName: string, key: string): boolean {
  const encoded = encodeKey(key);
  return notification.events.some((type) => coversEvent(type, eventName))
    && encoded.startsWith(notification.prefix) && encoded.endsWith(notification.suffix);
}

/** The `configurationId` of a notification without an `Id`: S3 makes one up, a base64 UUID; this one is stable. */
export function configurationId(bucket: Pick<LocalBucket, 'name'>, notification: Pick<LocalBucketNotification, 'id'>, index: number): string {
  if (notification.id !== undefined) {
    return notification.id;
  }
  const hex = crypto.createHash('sha256').update(`${bucket.name}/${index}`).digest('hex');
  const uuid = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
  return Buffer.from(uuid).toString('base64');
}

/** The canonical id of the local account, as `ownerIdentity.principalId` names the bucket's owner. */
const OWNER_ID = `A${crypto.createHash('sha256').update(LOCAL_ACCOUNT).digest('hex').slice(0, 13).toUpperCase()}`;

/** The record S3 sends a function for a change to an object of the bucket. */
export function s3EventRecord(bucket: Pick<LocalBucket, 'name' | 'arn'>, configuration: string, change: S3ObjectChange): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: LOCAL_REGION,
    eventTime: change.time.toISOString(),
    eventName: change.eventName,
    userIdentity: { principalId: change.accessKeyId ? `AWS:${change.accessKeyId}` : 'Anonymous' },
    requestParameters: { sourceIPAddress: change.sourceIp },
    responseElements: { 'x-amz-request-id': change.requestId, 'x-amz-id-2': change.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: configuration,
      bucket: { name: bucket.name, ownerIdentity: { principalId: OWNER_ID }, arn: bucket.arn },
      object: {
        key: encodeKey(change.key),
        ...(change.size !== undefined && { size: change.size }),
        ...(change.eTag !== undefined && { eTag: change.eTag }),
        sequencer: change.sequencer,
      },
    },
  };
}

/** The `PutEvents` entry of the EventBridge event S3 sends for the change, on the default bus. */
export function eventBridgeEntry(bucket: Pick<LocalBucket, 'name' | 'arn' | 'versioned'>, change: S3ObjectChange): PutEventsRequestEntry {
  const created = change.eventName.startsWith('ObjectCreated:');
  const object = created
    ? { key: change.key, size: change.size, etag: change.eTag, sequencer: change.sequencer }
    : { key: change.key, sequencer: change.sequencer };
  const detail = {
    'version': '0',
    'bucket': { name: bucket.name },
    object,
    'request-id': change.requestId,
    'requester': LOCAL_ACCOUNT,
    'source-ip-address': change.sourceIp,
    'reason': REASONS[change.eventName] ?? change.eventName,
    ...(!created && { 'deletion-type': change.eventName === 'ObjectRemoved:DeleteMarkerCreated' ? 'Delete Marker Created' : 'Permanently Deleted' }),
  };
  return {
    Source: 'aws.s3',
    DetailType: created ? 'Object Created' : 'Object Deleted',
    Detail: JSON.stringify(detail),
    EventBusName: 'default',
    Resources: [bucket.arn],
    Time: change.time,
  };
}

/** What local S3 cannot do as S3 does for these buckets. */
export function s3Limitations(buckets: readonly LocalBucket[]): string[] {
  const lines: string[] = [];
  for (const bucket of buckets) {
    if (bucket.versioned) {
      lines.push(`bucket ${bucket.name}: versioning (s3rver keeps the latest version only; records carry no versionId)`);
    }
    const types = bucket.notifications.flatMap((notification) => notification.events);
    const never = [...new Set(types.filter((type) => !LOCAL_EVENT_NAMES.some((name) => coversEvent(type, name))))];
    if (never.length > 0) {
      lines.push(`bucket ${bucket.name}: notifications of ${never.join(', ')} (these events never happen locally)`);
    }
    if (bucket.eventBridge) {
      lines.push(`bucket ${bucket.name}: EventBridge gets Object Created and Object Deleted only (no restore, tagging, ACL or storage class events)`);
    }
  }
  if (buckets.some((bucket) => bucket.notifications.length > 0 || bucket.eventBridge)) {
    lines.push('S3 DeleteObjects (several keys in one request) removes the objects without notifications: s3rver reports none');
  }
  if (buckets.length > 0) {
    // s3rver walks its directories: `a/` (a directory) comes before `a.txt._S3rver_object`, though `.` sorts before `/`
    lines.push('S3 listings: s3rver lists a folder\'s keys before a key that sorts before them (a/b before a.txt), and a paged listing can skip such a key');
  }
  return lines;
}

/** The request being served, for the records of what it changed. */
interface RequestContext {
  readonly requestId: string;
  readonly hostId: string;
  readonly sourceIp: string;
  readonly accessKeyId?: string;
  /** Whether it completes a multipart upload (`POST ?uploadId=`). */
  readonly completesUpload: boolean;
}

/** What s3rver emits for each object it stores or deletes: S3Event-like, from which the key, size and ETag are taken. */
interface S3rverEvent {
  readonly Records: Array<{ readonly eventName: string; readonly s3: { readonly bucket: { readonly name: string }; readonly object: S3rverObject } }>;
}
interface S3rverObject {
  readonly key: string;
  readonly size?: number;
  readonly eTag?: string;
}

/** The part of an s3rver instance used here (a Koa application). */
interface S3rver {
  readonly store: { getMetadata(bucket: string, key: string): Promise<{ readonly 'etag'?: string; readonly 'content-length'?: number }> };
  configureBuckets(): Promise<unknown>;
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
  on(event: 'error', listener: (error: Error & { status?: number }) => void): void;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rver;

/**
 * Starts s3rver in this process on 127.0.0.1 with the buckets, in a temporary directory removed at `close`, and
 * sends the buckets' notifications through `options.invokeAsync` and `options.putEvent`. s3rver is loaded from
 * the app's dependencies.
 */
export async function startS3(buckets: readonly LocalBucket[], options: S3Options): Promise<LocalS3> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const S3rverServer = require('s3rver') as S3rverClass;
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  for (const { accessKeyId, secretAccessKey } of options.credentials ?? []) {
    DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  }
  const log = (entry: object) => {
    try {
      options.log?.(entry);
    } catch {
      // a failing logger must not fail a request
    }
  };
  const now = options.now ?? (() => new Date());
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'local-s3-'));
  const releaseDes = enableDes();
  const s3rver = new S3rverServer({ silent: true, directory, configureBuckets: buckets.map((bucket) => ({ name: bucket.name })) });
  s3rver.on('error', (error) => {
    if ((error.status ?? 500) >= 500) {
      log({ component: 's3', event: 'internal-error', message: error.message });
    }
  });
  const requests = new AsyncLocalStorage<RequestContext>();
  const byName = new Map(buckets.map((bucket) => [bucket.name, bucket]));
  const running = new Set<Promise<void>>();
  const nextSequencer = sequencer();

  const deliver = async (bucket: LocalBucket, change: S3ObjectChange) => {
    for (const [index, notification] of bucket.notifications.entries()) {
      if (!matchesNotification(notification, change.eventName, change.key)) {
        continue;
      }
      const entry = { component: 's3', bucket: bucket.name, key: change.key, eventName: change.eventName, function: notification.function };
      try {
        await options.invokeAsync(notification.function, { Records: [s3EventRecord(bucket, configurationId(bucket, notification, index), change)] });
        log({ ...entry, event: 'notified' });
      } catch (error) {
        log({ ...entry, event: 'notification-failed', message: (error as Error).message });
      }
    }
    if (bucket.eventBridge && options.putEvent) {
      try {
        await options.putEvent(eventBridgeEntry(bucket, change));
      } catch (error) {
        log({ component: 's3', event: 'eventbridge-failed', bucket: bucket.name, key: change.key, message: (error as Error).message });
      }
    }
  };

  s3rver.on('event', (event) => {
    const record = event.Records[0];
    const bucket = record && byName.get(record.s3.bucket.name);
    const request = requests.getStore();
    if (!bucket || !request) {
      return;
    }
    // what S3 records is decided now, in the request; the records are made and sent once its ETag is known
    const described = { time: now(), sequencer: nextSequencer(), eventName: eventNameOf(record.eventName, request, bucket) };
    const send = (async () => {
      const { key, size, eTag } = record.s3.object;
      const copied = described.eventName === 'ObjectCreated:Copy' ? await s3rver.store.getMetadata(bucket.name, key).catch(() => undefined) : undefined;
      const created = described.eventName.startsWith('ObjectCreated:');
      await deliver(bucket, {
        ...described,
        key,
        ...(created && { size: copied ? Number(copied['content-length']) : size, eTag: copied?.etag ? JSON.parse(copied.etag) : eTag }),
        requestId: request.requestId,
        hostId: request.hostId,
        sourceIp: request.sourceIp,
        ...(request.accessKeyId !== undefined && { accessKeyId: request.accessKeyId }),
      });
    })();
    running.add(send);
    void send.finally(() => running.delete(send));
  });

  const handle = s3rver.callback();
  const server = http.createServer((req, res) => {
    const context = requestContext(req);
    res.setHeader('x-amz-request-id', context.requestId);
    res.setHeader('x-amz-id-2', context.hostId);
    requests.run(context, () => handle(req, res));
  });
  try {
    await s3rver.configureBuckets();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    releaseDes();
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const idle = async () => {
    while (running.size > 0) {
      await Promise.allSettled([...running]);
    }
  };
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    limitations: s3Limitations(buckets),
    get pending() {
      return running.size;
    },
    idle,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      releaseDes();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The event type of what s3rver reported, as S3 names it for this bucket and request. */
function eventNameOf(reported: string, request: RequestContext, bucket: LocalBucket): string {
  if (reported === 'ObjectCreated:Post' && request.completesUpload) {
    return 'ObjectCreated:CompleteMultipartUpload';
  }
  if (reported === 'ObjectRemoved:Delete' && bucket.versioned) {
    // a DeleteObject without a version id in a versioned bucket adds a delete marker
    return 'ObjectRemoved:DeleteMarkerCreated';
  }
  return reported;
}

function requestContext(req: http.IncomingMessage): RequestContext {
  const url = new URL(req.url ?? '/', 'http://local');
  const credential = /Credential=([^/,\s]+)/.exec(req.headers.authorization ?? '')?.[1]
    ?? url.searchParams.get('X-Amz-Credential')?.split('/')[0]
    ?? /^AWS ([^:]+):/.exec(req.headers.authorization ?? '')?.[1];
  return {
    requestId: crypto.randomBytes(8).toString('hex').toUpperCase(),
    hostId: crypto.randomBytes(56).toString('base64'),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    ...(credential && { accessKeyId: credential }),
    completesUpload: req.method === 'POST' && url.searchParams.has('uploadId'),
  };
}

/** S3's sequencers: hexadecimal, increasing for the events of one key (here, of every key), compared as strings of equal length. */
function sequencer(): () => string {
  let last = 0n;
  return () => {
    // the time in ms, times 65536 for the events of one ms; never less than the last one plus one
    const fromClock = BigInt(Date.now()) * 65536n;
    last = fromClock > last ? fromClock : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}

type CipherFactory = (algorithm: string, key: Buffer, ...rest: unknown[]) => unknown;

/** How many running local S3s need DES. */
let desUsers = 0;
let restoreDes: (() => void) | undefined;

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES (`des`, DES-CBC), which OpenSSL 3 keeps in its legacy
 * provider: without `--openssl-legacy-provider` every truncated listing fails. While a local S3 runs, `des` is
 * served as two-key triple DES with both keys the same, which is DES itself (E-D-E with one key is one E); other
 * algorithms are untouched, and nothing changes where `des` is available. Returns what undoes it.
 */
function enableDes(): () => void {
  let released = false;
  const release = () => {
    if (!released) {
      released = true;
      desUsers -= 1;
      if (desUsers === 0) {
        restoreDes?.();
        restoreDes = undefined;
      }
    }
  };
  desUsers += 1;
  if (desUsers > 1 || desAvailable()) {
    return release;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mutable = require('node:crypto') as { createCipheriv: CipherFactory; createDecipheriv: CipherFactory };
  const originals = { createCipheriv: mutable.createCipheriv, createDecipheriv: mutable.createDecipheriv };
  const substitute = (original: CipherFactory): CipherFactory => (algorithm, key, ...rest) =>
    (typeof algorithm === 'string' && /^des(-cbc)?$/i.test(algorithm) && Buffer.isBuffer(key) && key.length === 8
      ? original('des-ede-cbc', Buffer.concat([key, key]), ...rest)
      : original(algorithm, key, ...rest));
  mutable.createCipheriv = substitute(originals.createCipheriv);
  mutable.createDecipheriv = substitute(originals.createDecipheriv);
  restoreDes = () => Object.assign(mutable, originals);
  return release;
}

function desAvailable(): boolean {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}
