/**
 * What an app is billed for, as data: the functions, the ways in (routes, resolvers, events,
 * queues, streams, object events, workflows) and what is billed by time. Read from the
 * synthesized templates (`template-inventory.ts`) or written from the project's model (the
 * architecture doc), and priced by the same `estimate`.
 */
import { LambdaArchitecture } from './prices/types';

/** A Lambda function. */
export interface InventoryFunction {
  /** Construct path inside its stack, `ItemsService/Create`: the key the other items use. */
  readonly key: string;
  /** `items/create`: its service and name, as the options name it. */
  readonly name: string;
  /** Its service (`POWERTOOLS_SERVICE_NAME`), when it has one. */
  readonly service?: string;
  readonly memoryMb: number;
  readonly architecture: LambdaArchitecture;
  /** Whether it sends X-Ray traces (active tracing). */
  readonly tracing: boolean;
  /** Environments its alias keeps initialized. */
  readonly provisionedConcurrency?: number;
  /** Whether auto-scaling tracks the provisioned concurrency's utilization (target tracking: two CloudWatch alarms). */
  readonly provisionedAutoScaling?: boolean;
  /** Whether it may read its service's table. */
  readonly tableReads: boolean;
  /** Whether it may write its service's table. */
  readonly tableWrites: boolean;
  /** Whether it keeps idempotency records (a service's idempotency table). */
  readonly idempotency: boolean;
  /** Whether it may put events on an event bus. */
  readonly publishesEvents: boolean;
}

/** A REST API stage. */
export interface InventoryRestApi {
  /** Construct path, `Api`, `OrdersApi`. */
  readonly key: string;
  readonly tracing: boolean;
  /** Execution log level of the stage. */
  readonly executionLogs: 'INFO' | 'ERROR' | 'OFF';
  /** Cache cluster size in GB, as CloudFormation spells it, when the stage has a cache. */
  readonly cacheSizeGb?: string;
}

/** How requests or events come in, each priced per million. */
export type EntryKind = 'route' | 'queue-route' | 'resolver' | 'events' | 'queue' | 'stream' | 'objects' | 'workflow';

/** Where a stream's records come from. */
export type StreamSource = 'kinesis' | 'kinesis-on-demand' | 'dynamodb';

/** One way in: its requests or events, priced per million. */
export interface InventoryEntry {
  readonly kind: EntryKind;
  /** `GET /items`, `Query.note`, `orders/notify` (the function an event source invokes), `orders/order-processing (workflow)`. */
  readonly name: string;
  readonly service?: string;
  /** The function it invokes, by key. */
  readonly fn?: string;
  /** The REST API of a route, by key. */
  readonly api?: string;
  /** The HTTP method of a route. */
  readonly method?: string;
  /** Records or messages per invocation, for a queue or stream. */
  readonly batchSize?: number;
  /** Where a stream's records come from. */
  readonly streamSource?: StreamSource;
  /** Whether the stream consumer reads through enhanced fan-out. */
  readonly fanOut?: boolean;
  /** The Kinesis stream a consumer reads, by key: its writes are priced with the first of its consumers by name. */
  readonly stream?: string;
  /** Whether an object-events function is invoked only for removed objects (no request of S3 is billed then). */
  readonly removalsOnly?: boolean;
  /** A workflow's type, its state transitions on one pass, and its task functions by key. */
  readonly workflow?: { readonly type: 'STANDARD' | 'EXPRESS'; readonly transitions: number; readonly tasks: string[] };
}

/** What is billed by time, other than provisioned concurrency (read from the functions). */
export type FixedKind = 'kinesis-shards' | 'kinesis-on-demand' | 'kinesis-fan-out' | 'kms-key' | 'alarm' | 'dashboard';

/** A resource billed by time. */
export interface InventoryFixed {
  readonly kind: FixedKind;
  /** Construct path inside its stack. */
  readonly key: string;
  readonly service?: string;
  /** Shards of a provisioned stream, or of the stream a fan-out consumer reads; alarms counted together; 1 for the rest. */
  readonly quantity: number;
  /** A provisioned stream's retention over 24 hours, in hours, billed per shard-hour. */
  readonly retentionHours?: number;
}

/** One stack (or nested stack) of an app. */
export interface StackInventory {
  /** The stack's name in the assembly (`shop`), a nested stack's with its path (`shop/Orders.NestedStack`). */
  readonly name: string;
  /** Its region; undefined when the stack is environment-agnostic or the model does not know it. */
  readonly region?: string;
  readonly functions: InventoryFunction[];
  readonly restApis: InventoryRestApi[];
  readonly entries: InventoryEntry[];
  readonly fixed: InventoryFixed[];
}
