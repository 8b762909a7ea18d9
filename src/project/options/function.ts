import { RouteOptions } from './api';
import { BucketWriteOptions, ObjectEventsOptions } from './buckets';
import { SubscriptionOptions } from './events';
import { QueueEventsOptions } from './queues';
import { ScheduleOptions } from './schedule';
import { StreamEventsOptions } from './streams';
import { GraphqlFieldProps, TableAccess } from '../../constructs/microservice';
import { FunctionPreset, ProvisionedConcurrencyProps } from '../../presets';

/** A Lambda function of a service: one operation, one function. */
export interface FunctionOptions {
  /** Name, kebab-case; the handler lives in `src/handlers/<service>/<name>.ts`. */
  readonly name: string;

  /**
   * The API route that invokes the function.
   *
   * @default - no route
   */
  readonly route?: RouteOptions;

  /**
   * Workload preset giving memory and timeout.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB, 128-10240; overrides the preset's.
   *
   * @default - the preset's memory
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds, 1-900; overrides the preset's.
   *
   * @default - the preset's timeout
   */
  readonly timeoutSeconds?: number;

  /**
   * Provisioned concurrency of a `live` alias that the function's triggers invoke, auto-scaled
   * on utilization; fields left out come from the service, the preset, else 2 to 10 at 0.7.
   *
   * @default - the service's, else the preset's (`LATENCY_SENSITIVE` has it, the others none)
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyProps;

  /**
   * Concurrent executions reserved for the function, which also caps it: protects a downstream
   * that cannot take more.
   *
   * @default - none: the function draws on the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;

  /**
   * What the function may do with its service's table.
   *
   * @default - READ for GET routes, READ_WRITE for other routes, NONE without a route or a table
   */
  readonly tableAccess?: TableAccess;

  /**
   * Detail types of the events this function publishes, from its service's `events`.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];

  /**
   * Events that invoke the function, each by an EventBridge rule with retries and the function's
   * dead-letter queue: the app's services' events on the app's bus, AWS services' (`aws.*`
   * sources) on the account's default bus.
   *
   * @default - no subscriptions
   */
  readonly subscriptions?: SubscriptionOptions[];

  /**
   * The GraphQL field the function resolves, on the app's GraphQL API; one field per function.
   *
   * @default - resolves no field
   */
  readonly resolver?: GraphqlFieldProps;

  /**
   * A workflow of its service whose CALLBACK steps' task tokens it sends back: it may call
   * `states:SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` on that state machine only.
   *
   * @default - may send back no task token
   */
  readonly completesCallbacksOf?: string;

  /**
   * The objects of one of its service's buckets whose events invoke it (S3 notifications,
   * asynchronous: failed invocations go to its dead-letter queue). It may read that bucket.
   *
   * @default - no object events
   */
  readonly objectEvents?: ObjectEventsOptions;

  /**
   * Objects it may write: under a prefix of one of its service's buckets, outside the prefix
   * whose objects invoke it. Writing where another function is invoked makes a pipeline; a ring
   * of functions each writing where the next is invoked is refused.
   *
   * @default - writes no objects
   */
  readonly bucketWrites?: BucketWriteOptions[];

  /**
   * The stream it reads in batches: its service's table's stream, or one of its service's
   * Kinesis streams.
   *
   * @default - reads no stream
   */
  readonly streamEvents?: StreamEventsOptions;

  /**
   * Kinesis streams of its service it may put records to (`STREAM_NAME_<NAME>` in its environment).
   *
   * @default - puts no records
   */
  readonly streamWrites?: string[];

  /**
   * The queue of its service it consumes in batches.
   *
   * @default - consumes no queue
   */
  readonly queueEvents?: QueueEventsOptions;

  /**
   * Whether it processes each event once though its source delivers at least once (Powertools
   * idempotency): its service gets an idempotency table (TTL on `expiration`), it gets read and
   * write access and `IDEMPOTENCY_TABLE_NAME`. For functions with `subscriptions`,
   * `objectEvents`, `streamEvents` or `queueEvents`.
   *
   * @default - true for a function with `queueEvents` (its starter is idempotent), else false
   */
  readonly idempotency?: boolean;

  /**
   * When EventBridge Scheduler invokes it: a rate, a cron expression or once, in a time zone,
   * with retries and its dead-letter queue (docs/patterns/scheduled-task.md).
   *
   * @default - no schedule
   */
  readonly schedule?: ScheduleOptions;
}
