/*
 * The data processing sections of `docs/architecture.md` (buckets, streams, queues, data lake,
 * idempotency). Every line here depends on a data option: an app without them renders as if this
 * file did not exist.
 */
import { bytes, code, FORMATS, keysText, LAKE_TABLE_NAME, names, routeCell } from './text';
import { DataLakeColumn } from '../../../constructs/data-lake-schema';
import { EVENT_DELIVERY } from '../../../constructs/event-delivery';
import { AppModel, FunctionModel, QueueModel, ServiceModel } from '../../model';
import { KinesisStreamMode } from '../../options';
import { lines } from '../typescript';

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
