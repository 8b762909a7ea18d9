import { DataLakeColumn, DataLakeFormat } from '../../constructs/data-lake-schema';
import { EVENT_DELIVERY } from '../../constructs/event-delivery';
import { AppModel, FunctionModel, QueueModel, RouteModel, ServiceModel, WorkflowModel } from '../model';
import { KinesisStreamMode, WorkflowObjectTriggerOptions } from '../options';
import { lines } from './typescript';

/*
 * The data processing part of `docs/architecture.md` (buckets, streams, queues, data lake,
 * idempotency), and the Mermaid node ids the whole diagram shares. Every line here depends on a
 * data option: an app without them renders as if this file did not exist.
 */

/** Lambda retries a failed asynchronous invocation (an S3 notification) this many times. */
const ASYNC_RETRIES = 2;
/** How long a dead-letter or failure queue keeps what it receives. */
const DEAD_LETTER_RETENTION_DAYS = 14;
/** How long a DynamoDB stream keeps a record. */
const TABLE_STREAM_RETENTION_HOURS = 24;
/** SQS's default visibility timeout, for a queue without a consumer. */
const SQS_DEFAULT_VISIBILITY_SECONDS = 30;
/** A queue's default visibility timeout is this many times its consumer's timeout. */
const VISIBILITY_PER_TIMEOUT = 6;
/** The Glue table over the processed objects, as `ServerlessDataLake` names it. */
const LAKE_TABLE_NAME = 'processed';

// ---------------------------------------------------------------------------------------------
// Node ids: prefixed, so that a name like a keyword (`end`) cannot break the diagram

/** Mermaid node ids: prefixed, so that a service named like a keyword (`end`) cannot break the diagram. */
export function id(name: string): string {
  return name.replace(/-/g, '_');
}

export function functionNode(fn: FunctionModel): string {
  return `fn_${id(fn.service)}_${id(fn.name)}`;
}

export function tableNode(service: string): string {
  return `table_${id(service)}`;
}

export function workflowNode(workflow: WorkflowModel): string {
  return `wf_${id(workflow.service)}_${id(workflow.name)}`;
}

export function apiNode(propertyName: string): string {
  return `rest_${propertyName}`;
}

/** Where an asynchronously invoked function sends what failed. */
export function deadLetterNode(fn: FunctionModel): string {
  return `dlq_${id(fn.service)}_${id(fn.name)}`;
}

function bucketNode(service: string, bucket: string): string {
  return `bucket_${id(service)}_${id(bucket)}`;
}

function streamNode(service: string, stream: string | undefined): string {
  return stream === undefined ? `tablestream_${id(service)}` : `stream_${id(service)}_${id(stream)}`;
}

function queueNode(service: string, queue: string): string {
  return `queue_${id(service)}_${id(queue)}`;
}

function lakeNode(service: string, part: 'raw' | 'processed' | 'catalog' | 'athena' | 'results'): string {
  return `lake_${id(service)}_${part}`;
}

function idempotencyNode(service: string): string {
  return `idempotency_${id(service)}`;
}

/** `POST /orders (authorized, validated)`. */
export function routeLabel(route: RouteModel): string {
  const marks = routeMarks(route);
  return label(`${route.method} ${route.path}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
}

/** `` `POST /orders` (authorized, validated) ``: a route in a table cell. */
function routeCell(route: RouteModel): string {
  const marks = routeMarks(route);
  return `${code(`${route.method} ${route.path}`)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
}

function routeMarks(route: RouteModel): string[] {
  return [route.authorized && 'authorized', route.cacheTtlSeconds !== undefined && 'cached', route.bodySchemaFile && 'validated']
    .filter((mark): mark is string => typeof mark === 'string');
}

/** Text for a quoted Mermaid label: a double quote would end it. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}

// ---------------------------------------------------------------------------------------------
// Diagram

/** The service's data resources, declared inside its subgraph. */
export function dataNodes(service: ServiceModel): string[] {
  const name = service.name;
  const lake = service.dataLake;
  return [
    ...service.buckets.map((bucket) => `    ${bucketNode(name, bucket.name)}[("bucket: ${bucket.name}")]`),
    service.partitionKey && service.tableStreamView && `    ${streamNode(name, undefined)}[/"table stream: ${service.tableStreamView}"/]`,
    ...service.streams.map((stream) => `    ${streamNode(name, stream.name)}[/"Kinesis stream: ${stream.name}"/]`),
    ...service.queues.map((queue) => `    ${queueNode(name, queue.name)}[/"queue: ${queue.name}"/]`),
    service.hasIdempotencyTable && `    ${idempotencyNode(name)}[("idempotency table")]`,
    ...(lake ? [
      `    subgraph lake_${id(name)} ["data lake"]`,
      `      ${lakeNode(name, 'raw')}[("raw bucket")]`,
      `      ${lakeNode(name, 'processed')}[("processed bucket")]`,
      `      ${lakeNode(name, 'catalog')}[("${lake.columns ? `Glue table: ${LAKE_TABLE_NAME}` : 'Glue database (no table)'}")]`,
      `      ${lakeNode(name, 'athena')}{{"Athena workgroup"}}`,
      `      ${lakeNode(name, 'results')}[("query results bucket")]`,
      '    end',
    ] : []),
  ].filter((line): line is string => typeof line === 'string');
}

/** The edges of the service's data flows: notifications, writes, stream reads, queues, the lake, and where failures go. */
export function dataEdges(service: ServiceModel): string[] {
  const name = service.name;
  return [
    ...service.functions.flatMap((fn) => functionDataEdges(fn, service)),
    ...service.workflows.filter((workflow) => workflow.trigger?.objectCreated).map((workflow) => {
      const created = workflow.trigger!.objectCreated!;
      return `  ${bucketNode(name, created.bucket)} -- "${objectTriggerLabel(created)}" --> ${workflowNode(workflow)}`;
    }),
    ...service.buckets.filter((bucket) => startsWorkflows(service, bucket.name)).map((bucket) =>
      `  ${bucketNode(name, bucket.name)} -. "workflow not started" .-> ${bucketNode(name, bucket.name)}_dlq[("dead-letter queue")]`),
    service.partitionKey && service.tableStreamView && `  ${tableNode(name)} -- "changes" --> ${streamNode(name, undefined)}`,
    ...service.queues.flatMap((queue) => [
      service.api && `  ${apiNode(service.api.propertyName)} -- "${routeLabel(queue.route)}" --> ${queueNode(name, queue.name)}`,
      queue.consumer && `  ${queueNode(name, queue.name)} -- "${batchLabel(queue.consumer.queueEvents!.batchSize, 'messages')}" --> ${functionNode(queue.consumer)}`,
      `  ${queueNode(name, queue.name)} -. "after ${queue.maxReceiveCount} receives" .-> ${queueNode(name, queue.name)}_dlq[("dead-letter queue")]`,
    ]),
    ...lakeEdges(service),
  ].filter((line): line is string => typeof line === 'string');
}

function functionDataEdges(fn: FunctionModel, service: ServiceModel): Array<string | undefined | false> {
  const node = functionNode(fn);
  const lake = service.dataLake;
  const events = fn.streamEvents;
  return [
    fn.objectEvents && `  ${bucketNode(fn.service, fn.objectEvents.bucket)} -- "${fn.objectEvents.events.join(', ').toLowerCase()} ${keys(fn.objectEvents.prefix, fn.objectEvents.suffix)}" --> ${node}`,
    fn.dataLakeTransform && lake && `  ${lakeNode(fn.service, 'raw')} -- "created ${keys(lake.rawPrefix, lake.rawSuffix)}" --> ${node}`,
    // S3 invokes asynchronously; a subscriber's dead-letter queue is drawn with its subscriptions already
    fn.subscriptions.length === 0 && (fn.objectEvents || fn.dataLakeTransform) && `  ${node} -. "failed invocations" .-> ${deadLetterNode(fn)}[("dead-letter queue")]`,
    ...fn.bucketWrites.map((write) => `  ${node} -- "writes ${keys(write.prefix, '')}" --> ${bucketNode(fn.service, write.bucket)}`),
    fn.dataLakeTransform && lake && `  ${node} -- "writes ${keys(lake.processedPrefix, '')}" --> ${lakeNode(fn.service, 'processed')}`,
    ...fn.streamWrites.map((stream) => `  ${node} -- "puts records" --> ${streamNode(fn.service, stream)}`),
    events && `  ${streamNode(fn.service, events.stream)} -- "${[
      batchLabel(events.batchSize, 'records'),
      events.parallelizationFactor > 1 && `${events.parallelizationFactor} per shard`,
      events.filters.length > 0 && 'filtered',
      events.enhancedFanOut && 'enhanced fan-out',
    ].filter((part): part is string => typeof part === 'string').join(', ')}" --> ${node}`,
    events && `  ${node} -. "failed batches" .-> failures_${id(fn.service)}_${id(fn.name)}[("failure queue")]`,
    fn.idempotency && `  ${node} -. "idempotency" .-> ${idempotencyNode(fn.service)}`,
  ];
}

function lakeEdges(service: ServiceModel): string[] {
  const lake = service.dataLake;
  if (!lake) {
    return [];
  }
  const node = (part: Parameters<typeof lakeNode>[1]) => lakeNode(service.name, part);
  return [
    lake.columns
      ? `  ${node('processed')} -- "${keys(lake.processedPrefix, '')} ${FORMATS[lake.format]}${lake.partitionKeys.length > 0 ? `, by ${lake.partitionKeys.map((key) => key.name).join(', ')}` : ''}" --> ${node('catalog')}`
      : `  ${node('processed')} -. "not catalogued" .-> ${node('catalog')}`,
    `  ${node('catalog')} -- "queried in" --> ${node('athena')}`,
    `  ${node('athena')} -- "results, ${lake.queryResultsExpireAfterDays} days" --> ${node('results')}`,
  ];
}

/** `created large/*, 100 MiB or more, via the default bus`. */
function objectTriggerLabel(created: WorkflowObjectTriggerOptions): string {
  return `created ${keys(created.prefix ?? '', created.suffix ?? '')}` +
    `${created.minSizeBytes !== undefined ? `, ${bytes(created.minSizeBytes)} or more` : ''}, via the default bus`;
}

function batchLabel(size: number, items: string): string {
  return `batches of ${size} ${items}`;
}

function startsWorkflows(service: ServiceModel, bucket: string): boolean {
  return service.workflows.some((workflow) => workflow.trigger?.objectCreated?.bucket === bucket);
}

// ---------------------------------------------------------------------------------------------
// Text

/** `objects created in bucket `uploads` under large/ of 100 MiB or more, through EventBridge's default bus`: how a workflow starts. */
export function describeObjectTrigger(created: WorkflowObjectTriggerOptions): string {
  return `objects created in bucket \`${created.bucket}\`${keysText(created.prefix ?? '', created.suffix ?? '')}` +
    `${created.minSizeBytes !== undefined ? ` of ${bytes(created.minSizeBytes)} (${created.minSizeBytes} bytes) or more` : ''}` +
    ', through EventBridge\'s default bus (not the app\'s)';
}

/** The REST API rows of the routes that go straight to a queue. */
export function queueRouteRows(app: AppModel): string[] {
  return app.services.flatMap((service) => service.queues.map((queue) =>
    `| \`${queue.route.method} ${queue.route.path}\` | queue \`${service.name}/${queue.name}\` (no function) | ${queue.route.authorized ? 'yes' : 'no'} | - | - | ` +
    `${queue.route.bodySchemaFile ? `\`${queue.route.bodySchemaFile}\`` : '-'} |`));
}

/** ` Its stream holds ... records for 24 hours, read by ...`, for a table with a stream; empty otherwise. */
export function tableStreamSentence(service: ServiceModel): string {
  if (!service.tableStreamView) {
    return '';
  }
  const readers = service.functions.filter((fn) => fn.streamEvents && fn.streamEvents.stream === undefined);
  return ` Its stream holds ${service.tableStreamView} records for ${TABLE_STREAM_RETENTION_HOURS} hours` +
    `${readers.length > 0 ? `, read by ${names(readers)}` : ''}.`;
}

/** The sections of the data resources, each only when some service has them. */
export function dataSections(app: AppModel): string[] {
  const services = app.services;
  const functions = app.functions;
  return [
    services.some((service) => service.buckets.length > 0) && bucketsSection(app),
    functions.some((fn) => fn.streamEvents) || services.some((service) => service.streams.length > 0) ? streamsSection(app) : undefined,
    services.some((service) => service.queues.length > 0) && queuesSection(app),
    ...services.filter((service) => service.dataLake).map(dataLakeSection),
    services.some((service) => service.hasIdempotencyTable) && idempotencySection(app),
  ].filter((section): section is string => typeof section === 'string');
}

function bucketsSection(app: AppModel): string {
  const invoked = app.functions.filter((fn) => fn.objectEvents);
  const started = app.services.flatMap((service) => service.workflows).filter((workflow) => workflow.trigger?.objectCreated);
  const objectRows = app.services.flatMap((service) => [
    ...service.functions.filter((fn) => fn.objectEvents).map((fn) => {
      const objects = fn.objectEvents!;
      return `| \`${service.name}/${objects.bucket}\` | ${code(objects.prefix)} | ${code(objects.suffix)} | ${objects.events.join(', ').toLowerCase()} | ` +
        `${names([fn])} | dead-letter queue of ${names([fn])}${fn.subscriptions.length > 0 ? '' : ` (after ${ASYNC_RETRIES} retries)`} |`;
    }),
    ...service.workflows.filter((workflow) => workflow.trigger?.objectCreated).map((workflow) => {
      const created = workflow.trigger!.objectCreated!;
      return `| \`${service.name}/${created.bucket}\` | ${code(created.prefix ?? '')} | ${code(created.suffix ?? '')} | ` +
        `created${created.minSizeBytes !== undefined ? `, ${bytes(created.minSizeBytes)} or more` : ''} | workflow \`${service.name}/${workflow.name}\` | ` +
        `dead-letter queue of bucket \`${created.bucket}\` (after ${EVENT_DELIVERY.defaultRetryAttempts} retries over ${EVENT_DELIVERY.defaultEventAgeSeconds / 3600} hours) |`;
    }),
  ]);
  return lines(
    '## Buckets',
    '',
    'Every bucket: encrypted (SSE-S3), TLS only, public access blocked, server access logs to a logs bucket, retained when removed from the stack.',
    '',
    '| Bucket | Versioned | Lifecycle | Written by |',
    '|---|---|---|---|',
    ...app.services.flatMap((service) => service.buckets.map((bucket) => {
      const lifecycle = [
        bucket.transitionToInfrequentAccessAfterDays !== undefined && `to Standard-IA after ${bucket.transitionToInfrequentAccessAfterDays} days`,
        bucket.expireAfterDays !== undefined && `expire after ${bucket.expireAfterDays} days`,
      ].filter((part): part is string => typeof part === 'string');
      const writers = service.functions.flatMap((fn) => fn.bucketWrites.filter((write) => write.bucket === bucket.name)
        .map((write) => `${names([fn])}${write.prefix ? ` under ${code(write.prefix)}` : ' (any key)'}`));
      return `| \`${service.name}/${bucket.name}\` | ${bucket.versioned ? 'yes (previous versions deleted after 30 days)' : 'no'} | ` +
        `${lifecycle.join(', ') || '-'} | ${writers.join(', ') || '-'} |`;
    })),
    '',
    objectRows.length > 0 && lines(
      '### Object events',
      '',
      (invoked.length > 0 ? `S3 invokes each function asynchronously: Lambda retries a failed invocation ${ASYNC_RETRIES} times, then sends the event to the function's dead-letter queue. ` : '') +
        (started.length > 0 ? 'Workflows start through EventBridge\'s default bus, which the bucket sends its events to: a rule matches the key and size, ' +
          'and sends what it could not start to the bucket\'s dead-letter queue. ' : '') +
        '`-` matches any key.',
      '',
      '| Bucket | Prefix | Suffix | Events | Starts | Failures → |',
      '|---|---|---|---|---|---|',
      ...objectRows,
      '',
    ),
  );
}

function streamsSection(app: AppModel): string {
  const consumers = app.functions.filter((fn) => fn.streamEvents);
  const kinesisRows = app.services.flatMap((service) => service.streams.map((stream) => {
    const writers = service.functions.filter((fn) => fn.streamWrites.includes(stream.name));
    const readers = service.functions.filter((fn) => fn.streamEvents?.stream === stream.name);
    const capacity = stream.mode === KinesisStreamMode.ON_DEMAND ? 'on demand' : `${stream.shardCount} shard${stream.shardCount === 1 ? '' : 's'} (provisioned)`;
    return `| \`${service.name}/${stream.name}\` (Kinesis) | ${capacity} | ${stream.retentionHours} hours | ${names(writers) || '-'} | ${readersText(readers)} |`;
  }));
  const tableRows = app.services.filter((service) => service.partitionKey && service.tableStreamView).map((service) => {
    const readers = service.functions.filter((fn) => fn.streamEvents && fn.streamEvents.stream === undefined);
    return `| stream of table \`${service.name}\` (DynamoDB, ${service.tableStreamView}) | - | ${TABLE_STREAM_RETENTION_HOURS} hours | ` +
      `changes to the table | ${readersText(readers)} |`;
  });
  return lines(
    '## Streams',
    '',
    (kinesisRows.length > 0 ? 'Kinesis streams are encrypted with the AWS managed key. ' : '') +
      'Each consumer reads its stream through an event source mapping, in batches; ' +
      'its handler reports the records that failed. A failing batch is retried (split in two first, when set), then described, not copied, ' +
      `in the consumer's failure queue (kept ${DEAD_LETTER_RETENTION_DAYS} days) and skipped.`,
    '',
    '| Stream | Capacity | Retention | Written by | Read by |',
    '|---|---|---|---|---|',
    ...kinesisRows,
    ...tableRows,
    '',
    consumers.length > 0 && lines(
      '| Consumer | Stream | Batch | Starting position | Parallelization | Fan-out | Filters | Retries | Failures → |',
      '|---|---|---|---|---|---|---|---|---|',
      ...consumers.map((fn) => {
        const events = fn.streamEvents!;
        const stream = events.stream === undefined ? `stream of table \`${fn.service}\`` : `\`${fn.service}/${events.stream}\``;
        const filters = events.filters.map((filter) => code(JSON.stringify(filter))).join(' or ');
        return `| ${names([fn])} | ${stream} | up to ${events.batchSize} records, ${events.maxBatchingWindowSeconds} s window | ${events.startingPosition} | ` +
          `${events.parallelizationFactor} batch${events.parallelizationFactor === 1 ? '' : 'es'} per shard | ` +
          `${events.stream === undefined ? '-' : events.enhancedFanOut ? 'enhanced (2 MB/s per shard of its own)' : 'shared'} | ${filters || '-'} | ` +
          `${events.retryAttempts}${events.bisectBatchOnError ? ', halving the batch' : ''}; records older than ${events.maxRecordAgeSeconds} s skipped | ` +
          `failure queue of ${names([fn])} |`;
      }),
      '',
    ),
  );
}

function queuesSection(app: AppModel): string {
  return lines(
    '## Queues',
    '',
    'API Gateway sends each request\'s body straight to the queue (no function in the request path), with a role allowed only `sqs:SendMessage` on it, ' +
      'and answers once SQS has it. Queues are encrypted (SSE-SQS). The consumer reads in batches and reports the messages that failed; ' +
      `a message received too many times moves to the queue's dead-letter queue (kept ${DEAD_LETTER_RETENTION_DAYS} days).`,
    '',
    '| Route | Queue | Consumer | Batch | Visibility timeout | Retention | Max receives | Dead-letter queue |',
    '|---|---|---|---|---|---|---|---|',
    ...app.services.flatMap((service) => service.queues.map((queue) => {
      const events = queue.consumer?.queueEvents;
      const batch = events
        ? `up to ${events.batchSize} messages${events.maxBatchingWindowSeconds ? `, ${events.maxBatchingWindowSeconds} s window` : ''}` +
          `${events.maxConcurrency !== undefined ? `, at most ${events.maxConcurrency} at once` : ''}`
        : '-';
      return `| ${routeCell(queue.route)} | \`${service.name}/${queue.name}\` | ${queue.consumer ? names([queue.consumer]) : '- (none)'} | ${batch} | ` +
        `${visibility(queue)} | ${queue.retentionDays} days | ${queue.maxReceiveCount} | dead-letter queue of \`${service.name}/${queue.name}\` |`;
    })),
    '',
  );
}

function dataLakeSection(service: ServiceModel): string {
  const lake = service.dataLake!;
  const transform = service.functions.find((fn) => fn.name === lake.transform)!;
  const column = (col: DataLakeColumn, partition: boolean) =>
    `| \`${col.name}\` | \`${col.type.replace(/\|/g, '\\|')}\` | ${partition ? 'yes' : 'no'} | ${col.comment ? col.comment.replace(/\|/g, '\\|') : '-'} |`;
  return lines(
    `## Data lake of \`${service.name}\``,
    '',
    `Objects uploaded to the raw bucket${keysText(lake.rawPrefix, lake.rawSuffix)} invoke ${names([transform])} (asynchronously: failed invocations go to its dead-letter queue), ` +
      `which may read the raw objects${keysText(lake.rawPrefix, '')} and write ${lake.processedPrefix ? `only under ${code(lake.processedPrefix)} of` : 'to'} ` +
      'the processed bucket, a bucket of its own, so that it cannot invoke itself. ' +
      (lake.columns
        ? `The Glue table \`${LAKE_TABLE_NAME}\` reads the processed objects as ${FORMATS[lake.format]}` +
          (lake.partitionKeys.length > 0
            ? `, partitioned Hive-style by ${lake.partitionKeys.map((key) => `\`${key.name}\``).join(', ')} (Athena sees a new partition once it is added: \`MSCK REPAIR TABLE\`)`
            : '') + '. '
        : 'The Glue database has no table: crawl the processed objects or declare one. ') +
      `Queries run in an Athena workgroup that enforces its settings: at most ${bytes(lake.bytesScannedCutoffPerQuery)} scanned per query, ` +
      `results encrypted in the query results bucket and kept ${lake.queryResultsExpireAfterDays} days, CloudWatch metrics. ` +
      'The three buckets are encrypted, TLS only, private and retained, with server access logs.',
    '',
    lake.columns && lines(
      '| Column | Type | Partition key | Comment |',
      '|---|---|---|---|',
      ...lake.columns.map((col) => column(col, false)),
      ...lake.partitionKeys.map((col) => column(col, true)),
      '',
    ),
  );
}

function idempotencySection(app: AppModel): string {
  return lines(
    '## Idempotency',
    '',
    'These functions process each event once although their sources deliver at least once: Powertools idempotency keeps a record per event ' +
      'in their service\'s idempotency table (partition key `id`, records expire through TTL on `expiration`; on-demand, encrypted, removed with the stack). ' +
      'Queue consumers always use it: their starter is idempotent.',
    '',
    '| Service | Functions |',
    '|---|---|',
    ...app.services.filter((service) => service.hasIdempotencyTable).map((service) =>
      `| \`${service.name}\` | ${names(service.functions.filter((fn) => fn.idempotency))} |`),
    '',
  );
}

/** `analytics` (enhanced fan-out), ... */
function readersText(readers: FunctionModel[]): string {
  return readers.map((fn) => `${names([fn])}${fn.streamEvents!.enhancedFanOut ? ' (enhanced fan-out)' : ''}`).join(', ') || '-';
}

function visibility(queue: QueueModel): string {
  if (queue.visibilityTimeoutSeconds !== undefined) {
    return `${queue.visibilityTimeoutSeconds} s`;
  }
  return queue.consumer
    ? `${VISIBILITY_PER_TIMEOUT * queue.consumer.timeoutSeconds} s (${VISIBILITY_PER_TIMEOUT} times the consumer's timeout)`
    : `${SQS_DEFAULT_VISIBILITY_SECONDS} s`;
}

const FORMATS: Record<DataLakeFormat, string> = {
  [DataLakeFormat.JSON]: 'JSON Lines',
  [DataLakeFormat.PARQUET]: 'Parquet',
};

/** `` `ingest/process-upload`, `ingest/fulfil` ``. */
function names(functions: FunctionModel[]): string {
  return functions.map((fn) => `\`${fn.service}/${fn.name}\``).join(', ');
}

/** `incoming/*.csv`, `*`: the keys a prefix and suffix match (they hold no `*` of their own). */
function keys(prefix: string, suffix: string): string {
  return label(`${prefix}*${suffix}`);
}

/** ` under `incoming/` ending in `.csv``, or nothing for any key. */
function keysText(prefix: string, suffix: string): string {
  return `${prefix ? ` under ${code(prefix)}` : ''}${suffix ? ` ending in ${code(suffix)}` : ''}`;
}

/** A table cell's code, `-` when empty. */
function code(text: string): string {
  return text ? `\`${text.replace(/\|/g, '\\|')}\`` : '-';
}

/** `100 MiB`, `100 GB`, `1500 bytes`: the largest unit that divides it, binary or decimal. */
function bytes(count: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 4, 'TiB'], [1e12, 'TB'], [1024 ** 3, 'GiB'], [1e9, 'GB'], [1024 ** 2, 'MiB'], [1e6, 'MB'], [1024, 'KiB'], [1e3, 'kB'],
  ];
  const unit = units.find(([size]) => count >= size && count % size === 0);
  return unit ? `${count / unit[0]} ${unit[1]}` : `${count} bytes`;
}
