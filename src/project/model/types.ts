/** The resolved app, service, function, route, API and workflow: what every renderer reads. */
import { BucketModel, DataLakeModel, KinesisStreamModel, ObjectEventsModel, QueueEventsModel, StreamEventsModel } from './data-types';
import { PipelineModel, StageModel } from './deploy';
import { ScheduleModel } from './schedule';
import { StarterKind } from './starter-kind';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { TableAccess } from '../../constructs/microservice';
import { AlarmThresholds } from '../../constructs/operational-alarms-defaults';
import { AuthorizerType } from '../../constructs/rest-api';
import { WorkflowStep, WorkflowType } from '../../constructs/workflow-steps';
import { FunctionPreset, ProvisionedConcurrencySettings } from '../../presets';
import {
  ApiLoggingLevel, FunctionArchitecture, GraphqlFieldLogLevel, HttpMethod, KeyType, NodeRuntime, TableStreamView, WorkflowTriggerOptions,
} from '../options';

/** A route with every default resolved. */
export interface RouteModel {
  readonly method: HttpMethod;
  readonly path: string;
  /** Whether the API's authorizer guards it. */
  readonly authorized: boolean;
  readonly queryParameters: Record<string, boolean>;
  /** Seconds its responses are cached; undefined when not cached. */
  readonly cacheTtlSeconds?: number;
  /** Whether its cache setting differs from the API's default for its method. */
  readonly overridesCache: boolean;
  /** Project-relative path of its body's JSON schema. */
  readonly bodySchemaFile?: string;
  /** The schema given inline in the options, written to `bodySchemaFile` by projen. */
  readonly inlineBodySchema?: { [key: string]: any };
}

/** A queue fed by an API route, with every default resolved. */
export interface QueueModel {
  readonly name: string;
  /** `OrdersQueue`. */
  readonly constructId: string;
  /** `ordersQueue`. */
  readonly propertyName: string;
  readonly route: RouteModel;
  readonly visibilityTimeoutSeconds?: number;
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** The function that consumes it, if any. */
  readonly consumer?: FunctionModel;
}

/** An event subscription with every default resolved. */
export interface SubscriptionModel {
  /** Whether the rule is on the account's default bus: AWS services' events (`aws.*` sources). */
  readonly defaultBus: boolean;
  readonly sources: string[];
  readonly detailTypes: string[];
  readonly detail?: { [key: string]: any };
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
}

/** A REST API instance: the shared one, or a service's own. */
export interface ApiInstanceModel {
  /** Construct id and CloudFormation output prefix: `Api`, `OrdersApi`. */
  readonly constructId: string;
  /** Property of the generated stack: `api`, `ordersApi`. */
  readonly propertyName: string;
  readonly restApiName: string;
  /** The services whose routes it serves. */
  readonly services: string[];
}

/** The REST API settings with every default resolved. */
export interface ApiModel {
  readonly stageName: string;
  readonly loggingLevel: ApiLoggingLevel;
  readonly dataTrace: boolean;
  readonly metrics: boolean;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly cors: {
    readonly enabled: boolean;
    readonly allowOrigins: string[];
    readonly allowMethods?: string[];
    readonly allowHeaders?: string[];
    readonly allowCredentials: boolean;
    /** Whether API Gateway's own error responses carry the CORS headers. */
    readonly errorResponses: boolean;
  };
  readonly cache?: { readonly clusterSizeGb: string; readonly ttlSeconds: number };
  /** Whether `api.cloudWatchRole` is set; when it is not, cdk.json's feature flags decide. */
  readonly cloudWatchRoleOption?: boolean;
  /** Whether the first REST API creates the account-level CloudWatch role. */
  readonly createsCloudWatchRole: boolean;
  readonly instances: ApiInstanceModel[];
}

/** The authorizer with every default resolved. */
export interface AuthorizerModel {
  readonly type: AuthorizerType;
  readonly identityHeader: string;
  readonly resultsCacheTtlSeconds: number;
  readonly preset: FunctionPreset;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
  readonly bundleName: string;
  readonly handlerFile: string;
}

/** The GraphQL API with every default resolved. */
export interface GraphqlModel {
  readonly schemaFile: string;
  readonly authorization: GraphqlAuthorization;
  readonly apiKeyExpiryDays: number;
  readonly fieldLogLevel: GraphqlFieldLogLevel;
  /** The functions that resolve its fields. */
  readonly resolvers: FunctionModel[];
}

/** A key attribute, with its type resolved. */
export interface KeyModel {
  readonly name: string;
  readonly type: KeyType;
}

/** A function with every default resolved: what the stack, tests and docs are written from. */
export interface FunctionModel {
  readonly service: string;
  readonly name: string;
  /** Construct id, `Create`. */
  readonly constructId: string;
  /** Property of the generated service class, `createFunction`. */
  readonly propertyName: string;
  readonly route?: RouteModel;
  /** The GraphQL field it resolves. */
  readonly resolver?: { readonly typeName: string; readonly fieldName: string };
  /** The workflow step it runs. */
  readonly workflowStep?: { readonly workflow: string; readonly step: string; readonly callback: boolean };
  readonly subscriptions: SubscriptionModel[];
  readonly preset: FunctionPreset;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** Whether memory or timeout differ from the preset's. */
  readonly overridesPreset: boolean;
  /** Provisioned concurrency of the `live` alias, if any. */
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
  /** Whether the provisioned concurrency differs from the preset's. */
  readonly overridesProvisioned: boolean;
  readonly reservedConcurrency?: number;
  readonly tableAccess: TableAccess;
  readonly publishes: string[];
  /** The workflow of its service whose task tokens it may send back, by name. */
  readonly completesCallbacksOf?: string;
  /** `items/create`: the bundle's entry name and the asset folder under `assets/`. */
  readonly bundleName: string;
  readonly handlerFile: string;
  readonly starter: StarterKind;
  /** The path parameter the CRUD starters read the key from. */
  readonly keyPathParameter?: string;
  readonly objectEvents?: ObjectEventsModel;
  /** Where it may write objects: a bucket of its service and a prefix. */
  readonly bucketWrites: Array<{ readonly bucket: string; readonly prefix: string }>;
  readonly streamEvents?: StreamEventsModel;
  /** Kinesis streams of its service it may put records to. */
  readonly streamWrites: string[];
  readonly queueEvents?: QueueEventsModel;
  /** Whether it keeps idempotency records in its service's idempotency table. */
  readonly idempotency: boolean;
  /** Whether it is its service's data lake's transform. */
  readonly dataLakeTransform: boolean;
  /** The EventBridge Scheduler schedule that invokes it. */
  readonly schedule?: ScheduleModel;
}

/** A service with every default resolved. */
export interface ServiceModel {
  readonly name: string;
  /** `ItemsService`. */
  readonly className: string;
  /** `items-service`. */
  readonly fileBase: string;
  /** Property of the generated stack, `itemsService`. */
  readonly propertyName: string;
  /** Construct id of its nested stack, with `serviceStacks`: `ItemsStack`. */
  readonly stackId: string;
  /** The variable that holds its nested stack in the generated stack: `itemsStack`. */
  readonly stackVariable: string;
  /** Its construct's path below the app's stack: `ItemsService`, or `ItemsStack/ItemsService` with `serviceStacks`. */
  readonly constructPath: string;
  readonly partitionKey?: KeyModel;
  readonly sortKey?: KeyModel;
  readonly events: string[];
  readonly functions: FunctionModel[];
  /** The REST API its routes are on, if it has routes. */
  readonly api?: ApiInstanceModel;
  readonly workflows: WorkflowModel[];
  /** What its table's stream records hold; undefined without a stream. */
  readonly tableStreamView?: TableStreamView;
  readonly buckets: BucketModel[];
  readonly streams: KinesisStreamModel[];
  readonly queues: QueueModel[];
  readonly dataLake?: DataLakeModel;
  /** Whether some function keeps idempotency records: the service has an idempotency table. */
  readonly hasIdempotencyTable: boolean;
}

/** A workflow with every default resolved. */
export interface WorkflowModel {
  readonly service: string;
  readonly name: string;
  /** `OrderProcessingWorkflow`. */
  readonly constructId: string;
  /** `orderProcessingWorkflow`. */
  readonly propertyName: string;
  readonly type: WorkflowType;
  readonly trigger?: WorkflowTriggerOptions;
  readonly steps: WorkflowStep[];
  readonly timeoutSeconds?: number;
  /** The functions of its TASK and CALLBACK steps, also in its service's `functions`. */
  readonly tasks: FunctionModel[];
}

/** The resources of one stack, by type. */
export interface StackResourceCount {
  /** The construct id of a service's nested stack (`ItemsStack`); undefined for the app's stack. */
  readonly stackId?: string;
  /** The service the nested stack holds. */
  readonly service?: string;
  readonly resources: number;
  readonly byType: Readonly<Record<string, number>>;
}

/** The whole app with every default resolved. */
export interface AppModel {
  /** `shop`: the stack's name. */
  readonly stackName: string;
  /** `ShopStack`. */
  readonly stackClassName: string;
  readonly services: ServiceModel[];
  readonly defaultPreset: FunctionPreset;
  readonly architecture: FunctionArchitecture;
  readonly nodeRuntime: NodeRuntime;
  /** Whether `nodeRuntime` is set in the options, rather than left to follow the newest runtime. */
  readonly nodeRuntimeChosen: boolean;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  /** Whether the starters use Powertools Tracer and Metrics, and the functions get a metrics namespace. */
  readonly tracerAndMetrics: boolean;
  /** Whether some route exists, on any REST API. */
  readonly hasApi: boolean;
  readonly api: ApiModel;
  readonly authorizer?: AuthorizerModel;
  readonly graphql?: GraphqlModel;
  readonly hasEventBus: boolean;
  /** Days the bus archives events (0: forever); undefined without an archive. */
  readonly eventArchiveRetentionDays?: number;
  readonly functions: FunctionModel[];
  /** Whether each service is a nested stack of its own. */
  readonly serviceStacks: boolean;
  /** Tags of every resource, by key. */
  readonly tags: Record<string, string>;
  /** The resources of each stack: the app's, then each service's with `serviceStacks`. */
  readonly stacks: StackResourceCount[];
  /** AWS Control Tower's proactive controls at synth; undefined when `compliance.controlTower` is off. */
  readonly controlTower?: ControlTowerModel;
  /** The stages the app is deployed to, each a CDK `Stage` of the app's stacks; none: one stack. */
  readonly stages: StageModel[];
  /** The deploy workflow and its bootstrap stacks, when `pipeline` is given. */
  readonly pipeline?: PipelineModel;
  /** CloudWatch alarms, their topic and the dashboard; undefined when `alarms` is not set. */
  readonly alarms?: AlarmsModel;
}

/** `alarms` with every default resolved. */
export interface AlarmsModel {
  /** Whether the stack creates them when its props do not say (`alarms.enabled`). */
  readonly enabled: boolean;
  /** The topic brought in; undefined for a topic of the app's own. */
  readonly topicArn?: string;
  /** The address the app's own topic sends alarms to. */
  readonly email?: string;
  readonly thresholds: AlarmThresholds;
}

/** `compliance` with every default resolved, when `compliance.controlTower` is on. */
export interface ControlTowerModel {
  /** Whether one KMS key encrypts the log groups, buckets and Athena results. */
  readonly encryptionKey: boolean;
  readonly bucketVersioning: boolean;
}
