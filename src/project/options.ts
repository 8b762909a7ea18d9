import { TableAccess } from '../constructs/microservice';
import { FunctionPreset, ProvisionedConcurrencyProps } from '../presets';
import { AwsCdkAppBaseOptions } from './cdk-app-base-options.generated';

/** HTTP methods a route can answer. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
}

/** Type of a DynamoDB key attribute. */
export enum KeyType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BINARY = 'BINARY',
}

/** CPU architecture of the functions. */
export enum FunctionArchitecture {
  /** Graviton: about 20% cheaper per GB-second than x86_64 and as fast or faster for Node.js. */
  ARM_64 = 'ARM_64',
  X86_64 = 'X86_64',
}

/** Node.js runtime of the functions; the bundle targets the same Node.js version. */
export enum NodeRuntime {
  NODEJS_22_X = 'NODEJS_22_X',
  NODEJS_24_X = 'NODEJS_24_X',
}

/** An API route that invokes a function. */
export interface RouteOptions {
  /** The HTTP method. */
  readonly method: HttpMethod;

  /** Resource path starting with `/`, with `{name}` path parameters, e.g. `/items/{id}`. */
  readonly path: string;
}

/** A key attribute of a table. */
export interface KeyOptions {
  /** Attribute name. */
  readonly name: string;

  /**
   * Attribute type.
   *
   * @default KeyType.STRING
   */
  readonly type?: KeyType;
}

/** A service's own DynamoDB table. */
export interface TableOptions {
  /** The partition key. */
  readonly partitionKey: KeyOptions;

  /**
   * The sort key.
   *
   * @default - no sort key
   */
  readonly sortKey?: KeyOptions;
}

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
}

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
}

/** Options of a `ServerlessApp`. */
export interface ServerlessAppOptions extends AwsCdkAppBaseOptions {
  /**
   * The app's services.
   *
   * @default - one `items` service: a table keyed by `id`, CRUD routes on `/items` and
   * `/items/{id}` with one function each, and an `ItemCreated` event published by `create`
   */
  readonly services?: ServiceOptions[];

  /**
   * Preset of the functions that name none.
   *
   * @default FunctionPreset.SIMPLE
   */
  readonly defaultPreset?: FunctionPreset;

  /**
   * CPU architecture of every function.
   *
   * @default FunctionArchitecture.ARM_64
   */
  readonly architecture?: FunctionArchitecture;

  /**
   * Node.js runtime of every function.
   *
   * @default NodeRuntime.NODEJS_24_X
   */
  readonly nodeRuntime?: NodeRuntime;

  /**
   * Days the functions' and the API's logs are kept, one of CloudWatch Logs' retention periods.
   *
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * Size budget of each function's bundle, in KiB: a bundle over it fails the `bundle` task
   * (ServerlessPatterns-LargeDeploymentPackage).
   *
   * @default 512
   */
  readonly bundleBudgetKiB?: number;

  /**
   * Whether `cdk synth` runs aws-cdk-lib's built-in CloudFormation schema validation. It
   * reports its findings as warnings only, and costs about 4 s of every synth (of 5.4 s for a
   * 10-function app, bench/scale.ts); CloudFormation validates again at deploy, and the
   * cdk-nag packs run either way.
   *
   * @default false
   */
  readonly cloudFormationValidation?: boolean;

  /**
   * Whether functions and the API send X-Ray traces.
   *
   * @default true
   */
  readonly tracing?: boolean;
}
