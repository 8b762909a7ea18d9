import { BucketOptions } from './buckets';
import { DataLakeOptions } from './data-lake';
import { FunctionOptions } from './function';
import { QueueOptions } from './queues';
import { KinesisStreamOptions } from './streams';
import { TableOptions } from './table';
import { WorkflowOptions } from './workflows';
import { FunctionPreset, ProvisionedConcurrencyProps } from '../../presets';

/** A microservice: its own table, functions, routes and events. */
export interface ServiceOptions {
  /** Name, kebab-case; also the `source` of the events it publishes. */
  readonly name: string;

  /**
   * The service's own table (database per service).
   *
   * @default - no table
   */
  readonly table?: TableOptions;

  /** The service's functions, one per operation. */
  readonly functions: FunctionOptions[];

  /**
   * Preset of the service's functions that name none.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB of the service's functions that set none, 128-10240; overrides their preset's.
   *
   * @default - each function's preset's memory
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds of the service's functions that set none, 1-900; overrides their preset's.
   *
   * @default - each function's preset's timeout
   */
  readonly timeoutSeconds?: number;

  /**
   * Provisioned concurrency of the service's functions, under what each function sets.
   *
   * @default - each function's preset's
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyProps;

  /**
   * Detail types of the events the service publishes on the app's event bus, PascalCase.
   *
   * @default - publishes nothing
   */
  readonly events?: string[];

  /**
   * Whether the service's routes are on a REST API of its own, with the app's `api` settings,
   * instead of the app's shared one.
   *
   * @default false
   */
  readonly ownApi?: boolean;

  /**
   * The service's workflows (Step Functions state machines): orchestration instead of functions
   * that call or wait for each other.
   *
   * @default - no workflows
   */
  readonly workflows?: WorkflowOptions[];

  /**
   * The service's S3 buckets, whose object events invoke its functions (`objectEvents`) or start
   * its workflows (`trigger.objectCreated`).
   *
   * @default - no buckets
   */
  readonly buckets?: BucketOptions[];

  /**
   * The service's Kinesis data streams, read by its functions (`streamEvents.stream`).
   *
   * @default - no streams
   */
  readonly streams?: KinesisStreamOptions[];

  /**
   * The service's queues fed by API routes, read by its functions (`queueEvents`).
   *
   * @default - no queues
   */
  readonly queues?: QueueOptions[];

  /**
   * The service's data lake.
   *
   * @default - no data lake
   */
  readonly dataLake?: DataLakeOptions;
}
