import * as fs from 'node:fs';
import { DATA_PROCESSING } from './data-fixtures';
import { freshDir, synthApp } from './helpers';
import { FunctionOptions, HttpMethod, KinesisStreamMode, ObjectEvent, ServiceOptions, StreamStartingPosition, TableAccess, TableStreamView, WorkflowStepType } from '../../src';

/** A valid data service: a bucket, a stream, a queue and a table; `change` edits it. */
function dataService(change: Partial<ServiceOptions> = {}, ...functions: FunctionOptions[]): ServiceOptions[] {
  return [{
    name: 'ingest',
    table: { partitionKey: { name: 'id' } },
    buckets: [{ name: 'uploads' }],
    streams: [{ name: 'clicks' }],
    queues: [{ name: 'orders', route: { path: '/orders' } }],
    functions: functions.length > 0 ? functions : [{ name: 'process', objectEvents: { bucket: 'uploads', prefix: 'incoming/' } }],
    ...change,
  }];
}

const at = '`services[0].functions[0]';

describe('bad data processing options fail at npx projen, naming the option', () => {
  test.each<[string, ServiceOptions[], string]>([
    ['an unknown bucket', dataService({}, { name: 'process', objectEvents: { bucket: 'upload' } }),
      `${at}.objectEvents.bucket\` ('ingest/process') names 'upload', which is not in \`buckets\` of service 'ingest' (uploads).`],
    ['a wildcard in a prefix', dataService({}, { name: 'process', objectEvents: { bucket: 'uploads', prefix: 'in/*' } }),
      `${at}.objectEvents.prefix\` is matched literally, S3 and EventBridge key filters have no wildcards; got 'in/*'.`],
    ['no object events', dataService({}, { name: 'process', objectEvents: { bucket: 'uploads', events: [] } }),
      `${at}.objectEvents.events\` ('ingest/process') is empty; name CREATED or REMOVED, or leave it out for CREATED.`],
    ['an unknown object event', dataService({}, { name: 'process', objectEvents: { bucket: 'uploads', events: ['COPIED' as ObjectEvent] } }),
      `${at}.objectEvents.events[0]\` must be one of CREATED, REMOVED; got 'COPIED'.`],
    ['a function that writes where it is invoked', dataService({}, {
      name: 'process', objectEvents: { bucket: 'uploads', prefix: 'incoming/' }, bucketWrites: [{ bucket: 'uploads', prefix: 'incoming/done/' }],
    }), `${at}.bucketWrites[0]\` ('ingest/process') writes under 'incoming/done/' of bucket 'uploads', where the objects that invoke it are (prefix 'incoming/'): each object it writes would invoke it again, without end. Write under a prefix outside 'incoming/', or to another bucket.`],
    ['two functions writing where the other is invoked', dataService({},
      { name: 'split', objectEvents: { bucket: 'uploads', prefix: 'a/' }, bucketWrites: [{ bucket: 'uploads', prefix: 'b/' }] },
      { name: 'merge', objectEvents: { bucket: 'uploads', prefix: 'b/' }, bucketWrites: [{ bucket: 'uploads', prefix: 'a/' }] },
    ), "`services[0]` ('ingest'): 'split' writes where 'merge' writes where 'split' is invoked: what they write goes round without end."],
    ['two functions putting records to the stream the other reads', dataService({ streams: [{ name: 'clicks' }, { name: 'views' }] },
      { name: 'a', streamEvents: { stream: 'clicks' }, streamWrites: ['views'] },
      { name: 'b', streamEvents: { stream: 'views' }, streamWrites: ['clicks'] },
    ), "`services[0]` ('ingest'): 'a' writes where 'b' writes where 'a' is invoked: what they write goes round without end."],
    ['an empty stream filter', dataService({}, { name: 'read', streamEvents: { stream: 'clicks', filters: [{}] } }),
      `${at}.streamEvents.filters[0]\` ('ingest/read') must be a pattern object, like { eventName: ['INSERT'] }; got {}.`],
    ['overlapping notifications', dataService({},
      { name: 'csv', objectEvents: { bucket: 'uploads', prefix: 'in/', suffix: '.csv' } },
      { name: 'all', objectEvents: { bucket: 'uploads', prefix: 'in/' } },
    ), "the object events of 'all' and 'csv' on bucket 'uploads' can match the same object"],
    ['two triggers', dataService({}, { name: 'process', objectEvents: { bucket: 'uploads' }, queueEvents: { queue: 'orders' } }),
      `${at}\` ('ingest/process') has \`objectEvents\` and \`queueEvents\`: a function has one trigger; give each its own function.`],
    ['a transition under 30 days', dataService({ buckets: [{ name: 'uploads', transitionToInfrequentAccessAfterDays: 7 }] }),
      '`services[0].buckets[0].transitionToInfrequentAccessAfterDays` must be a whole number 30 or more (S3 moves objects to Standard-IA after 30 days at the earliest); got 7.'],
    ['expiry before the transition', dataService({ buckets: [{ name: 'uploads', transitionToInfrequentAccessAfterDays: 60, expireAfterDays: 45 }] }),
      '`services[0].buckets[0].expireAfterDays` (45) must be more than `transitionToInfrequentAccessAfterDays` (60): objects would expire before they move.'],
    ['a bucket name that is not kebab-case', dataService({ buckets: [{ name: 'Uploads' }] }),
      "`services[0].buckets` must name each bucket in kebab-case (like 'uploads'); got 'Uploads'."],
    ['shards on an on-demand stream', dataService({ streams: [{ name: 'clicks', shardCount: 2 }] }),
      '`services[0].streams[0].shardCount` is set but `mode` is not PROVISIONED: an ON_DEMAND stream scales its shards itself.'],
    ['a retention under a day', dataService({ streams: [{ name: 'clicks', mode: KinesisStreamMode.PROVISIONED, retentionHours: 12 }] }),
      '`services[0].streams[0].retentionHours` must be a whole number from 24 to 8760 (Kinesis keeps records 24 hours to 365 days); got 12.'],
    ['a stream consumer with no source', dataService({}, { name: 'read', streamEvents: {} }),
      `${at}.streamEvents\` ('ingest/read') must set \`table: true\` (the service's table's stream) or \`stream\` (one of clicks).`],
    ['an unknown stream', dataService({}, { name: 'read', streamEvents: { stream: 'click' } }),
      `${at}.streamEvents.stream\` ('ingest/read') names 'click', which is not in \`streams\` of service 'ingest' (clicks).`],
    ['a table stream without a table', dataService({ table: undefined }, { name: 'read', streamEvents: { table: true } }),
      `${at}.streamEvents.table\` ('ingest/read') is true but service 'ingest' has no \`table\`.`],
    ['enhanced fan-out on a table stream', dataService({}, { name: 'read', streamEvents: { table: true, enhancedFanOut: true } }),
      `${at}.streamEvents.enhancedFanOut\` ('ingest/read') is for Kinesis streams; a table's stream has no enhanced fan-out.`],
    ['a parallelization factor of 11', dataService({}, { name: 'read', streamEvents: { stream: 'clicks', parallelizationFactor: 11 } }),
      `${at}.streamEvents.parallelizationFactor\` must be a whole number from 1 to 10; got 11.`],
    ['a record age under a minute', dataService({}, { name: 'read', streamEvents: { stream: 'clicks', maxRecordAgeSeconds: 30 } }),
      `${at}.streamEvents.maxRecordAgeSeconds\` must be a whole number from 60 to 604800 (Lambda allows 1 minute to 7 days); got 30.`],
    ['an unknown starting position', dataService({}, { name: 'read', streamEvents: { stream: 'clicks', startingPosition: 'AT_TIMESTAMP' as StreamStartingPosition } }),
      `${at}.streamEvents.startingPosition\` must be one of TRIM_HORIZON, LATEST; got 'AT_TIMESTAMP'.`],
    ['a filter that is not a pattern', dataService({}, { name: 'read', streamEvents: { stream: 'clicks', filters: ['INSERT' as any] } }),
      `${at}.streamEvents.filters[0]\` ('ingest/read') must be a pattern object, like { eventName: ['INSERT'] }; got "INSERT".`],
    ['a consumer that puts records to the stream it reads', dataService({}, { name: 'read', streamEvents: { stream: 'clicks' }, streamWrites: ['clicks'] }),
      `${at}.streamWrites\` ('ingest/read') names 'clicks', the stream it reads: each record it puts would invoke it again, without end`],
    ['a table stream consumer that writes to the table', dataService({}, { name: 'read', streamEvents: { table: true }, tableAccess: TableAccess.READ_WRITE }),
      `${at}.tableAccess\` ('ingest/read') is READ_WRITE but the function reads its table's stream`],
    ['writes to an unknown stream', dataService({}, { name: 'track', streamWrites: ['views'] }),
      `${at}.streamWrites\` ('ingest/track') names 'views', which is not in \`streams\` of service 'ingest' (clicks).`],
    ['an unknown queue', dataService({}, { name: 'fulfil', queueEvents: { queue: 'order' } }),
      `${at}.queueEvents.queue\` ('ingest/fulfil') names 'order', which is not in \`queues\` of service 'ingest' (orders).`],
    ['a queue batch over 10 without a window', dataService({}, { name: 'fulfil', queueEvents: { queue: 'orders', batchSize: 50 } }),
      `${at}.queueEvents.batchSize\` ('ingest/fulfil') is 50: more than 10 messages per batch needs \`maxBatchingWindowSeconds\` of 1 or more.`],
    ['two consumers of one queue', dataService({}, { name: 'a', queueEvents: { queue: 'orders' } }, { name: 'b', queueEvents: { queue: 'orders' } }),
      "`services[0].queues[0]` ('ingest/orders') is consumed by 'a' and 'b': SQS gives each message to one consumer"],
    ['a visibility timeout under 6 times the consumer timeout',
      dataService({ queues: [{ name: 'orders', route: { path: '/orders' }, visibilityTimeoutSeconds: 60 }] }, { name: 'fulfil', queueEvents: { queue: 'orders' }, timeoutSeconds: 30 }),
      "`services[0].queues[0].visibilityTimeoutSeconds` ('ingest/orders') is 60 but must be at least 6 times the timeout of its consumer 'fulfil' (30 s), 180"],
    ['a GET queue route', dataService({ queues: [{ name: 'orders', route: { path: '/orders', method: HttpMethod.GET } }] }),
      "`services[0].queues[0].route.method` ('ingest/orders') must be one of POST, PUT, PATCH: the request body is the message; got 'GET'."],
    ['a queue route taken by a function', dataService({}, { name: 'place', route: { method: HttpMethod.POST, path: '/orders' } }),
      "`services[0].queues[0].route` ('ingest/orders (queue)'): route POST /orders is declared twice on the shared API, by 'ingest/place' (`services[0].functions[0].route`) too; a route has one integration."],
    ['a queue consumer without idempotency', dataService({}, { name: 'fulfil', queueEvents: { queue: 'orders' }, idempotency: false }),
      `${at}.idempotency\` ('ingest/fulfil') is false but the function consumes queue 'orders'`],
    ['idempotency without an at-least-once source', dataService({}, { name: 'list', route: { method: HttpMethod.GET, path: '/items' }, idempotency: true }),
      `${at}.idempotency\` ('ingest/list') is true but nothing delivers events to it at least once`],
    ['a data lake transform that is no function', dataService({ dataLake: { transform: 'transfrom' } }),
      "`services[0].dataLake.transform` names 'transfrom', which is not a function of service 'ingest' (process)."],
    ['a data lake transform with a trigger of its own', dataService({ dataLake: { transform: 'process' } }),
      "`services[0].dataLake.transform` names 'process', which has `objectEvents`: the lake's raw objects invoke its transform; give it no trigger of its own."],
    ['a processed prefix that is no folder', dataService({ dataLake: { transform: 'transform', processedPrefix: 'out' } }, { name: 'transform' }),
      "`services[0].dataLake.processedPrefix` must end with `/` (the table reads a folder), or be empty; got 'out'."],
    ['a scan limit under 10 MB', dataService({ dataLake: { transform: 'transform', bytesScannedCutoffPerQuery: 1000 } }, { name: 'transform' }),
      "`services[0].dataLake.bytesScannedCutoffPerQuery` must be a whole number 10000000 or more (Athena's smallest limit is 10 MB); got 1000."],
    ['an unknown table stream view', dataService({ table: { partitionKey: { name: 'id' }, streamView: 'ALL' as TableStreamView } }),
      "`services[0].table.streamView` must be one of NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY; got 'ALL'."],
    ['a workflow started by objects and events', dataService({
      workflows: [{ name: 'large', trigger: { objectCreated: { bucket: 'uploads' }, detailTypes: ['X'] }, steps: [{ name: 'split', type: WorkflowStepType.TASK }] }],
    }), "`services[0].workflows[0].trigger` ('ingest/large') sets `objectCreated` and an event pattern (`sources`, `detailTypes`, `detail`); a workflow is started by one or the other."],
    ['a workflow started by objects of an unknown bucket', dataService({
      workflows: [{ name: 'large', trigger: { objectCreated: { bucket: 'big' } }, steps: [{ name: 'split', type: WorkflowStepType.TASK }] }],
    }), "`services[0].workflows[0].trigger.objectCreated.bucket` ('ingest/large') names 'big', which is not in `buckets` of service 'ingest' (uploads)."],
  ])('%s', (_case, services, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services })).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a pipeline that writes where the next function is invoked is fine', () => {
    expect(() => synthApp(freshDir(), {
      services: dataService({},
        { name: 'stage', objectEvents: { bucket: 'uploads', prefix: 'incoming/' }, bucketWrites: [{ bucket: 'uploads', prefix: 'staged/' }] },
        { name: 'publish', objectEvents: { bucket: 'uploads', prefix: 'staged/' }, bucketWrites: [{ bucket: 'uploads', prefix: 'published/' }] },
      ),
    })).not.toThrow();
  });

  test('the data processing fixture is valid', () => {
    expect(() => synthApp(freshDir(), DATA_PROCESSING)).not.toThrow();
  });
});
