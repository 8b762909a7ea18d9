/**
 * What local mode runs: the app as it was synthesized (a CloudFormation template in `cdk.out`
 * and the bundles its functions point to), read into plain data. Values the template computes
 * (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`) are resolved to their local equivalents: table
 * names, queue URLs, bus names and ARNs of the local account and region.
 */

/** The account and region every local ARN names. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/** The shards of an `ON_DEMAND` Kinesis stream locally (AWS starts one with 4 and scales them; kinesalite does not). */
export const LOCAL_ON_DEMAND_SHARDS = 4;

/** A Lambda function of the template. */
export interface LocalFunction {
  /** Logical id in the template, e.g. `ItemsServiceCreate1A2B3C4D`. */
  readonly logicalId: string;
  /** Construct path, e.g. `shop/ItemsService/Create`: what the logs name. */
  readonly path: string;
  /** The function's local name and ARN. */
  readonly name: string;
  readonly arn: string;
  /** Absolute path of the directory of its code (the staged asset in `cdk.out`). */
  readonly codeDir: string;
  /** `index.handler`: the file (without `.js`) and the export. */
  readonly handler: string;
  /** Its environment, every value resolved to a string. */
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** Its `Runtime` as the template declares it, `nodejs24.x`: what `AWS_EXECUTION_ENV` names. */
  readonly runtime?: string;
  /** The queue its failed asynchronous invocations go to, by logical id. */
  readonly deadLetterQueue?: string;
}

/** A key attribute of a table or index. */
export interface LocalKey {
  readonly name: string;
  /** `S`, `N` or `B`. */
  readonly type: string;
}

/** A DynamoDB table of the template. */
export interface LocalTable {
  readonly logicalId: string;
  /** Its local name: the template's `TableName`, else one derived from the logical id. */
  readonly name: string;
  readonly partitionKey: LocalKey;
  readonly sortKey?: LocalKey;
  readonly globalIndexes: Array<{ readonly name: string; readonly partitionKey: LocalKey; readonly sortKey?: LocalKey }>;
  /** The stream view type, when the table has a stream. */
  readonly streamView?: string;
  /** The TTL attribute, when the table has one. */
  readonly timeToLiveAttribute?: string;
}

/** An integration response of an AWS integration: what API Gateway answers when the integration's status matches. */
export interface LocalIntegrationResponse {
  readonly statusCode: number;
  /** The regular expression of the integration's status codes it is selected by; none for the default response. */
  readonly selectionPattern?: string;
  /** Its static headers, CORS's among them. */
  readonly headers: Record<string, string>;
  /** The `message` its JSON body template writes, when it has one. */
  readonly message?: string;
}

/** An API → SQS route's integration: the queue, and how API Gateway maps requests to it and its answers back. */
export interface LocalSqsIntegration {
  readonly kind: 'sqs';
  readonly queue: string;
  /** The static headers of its success response, CORS's among them. */
  readonly headers: Record<string, string>;
  /** Its other integration responses, selected by SQS's status code. */
  readonly errorResponses: LocalIntegrationResponse[];
  /** The content types its request templates map. */
  readonly requestContentTypes: string[];
  /** What API Gateway does with a content type no template maps: `WHEN_NO_MATCH` passes it through, `NEVER` answers 415. */
  readonly passthroughBehavior: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
}

/** Where a REST API route sends its requests. */
export type LocalIntegration =
  | { readonly kind: 'lambda'; readonly function: string }
  | LocalSqsIntegration
  | { readonly kind: 'mock'; readonly statusCode: number; readonly headers: Record<string, string> };

/** A method of a REST API. */
export interface LocalRoute {
  /** `GET`, `POST`, ... or `ANY`. */
  readonly method: string;
  /** Resource path as API Gateway declares it: `/items/{id}`. */
  readonly resourcePath: string;
  readonly integration: LocalIntegration;
  /** Whether the API's Lambda authorizer guards it. */
  readonly authorized: boolean;
  /** The JSON schema (draft-04) its body must match, when it has a request model and a validator that checks bodies. */
  readonly bodySchema?: object;
  /** Query parameters the validator requires. */
  readonly requiredQueryParameters: string[];
}

/** The Lambda authorizer of a REST API. */
export interface LocalAuthorizer {
  readonly type: 'TOKEN' | 'REQUEST';
  /** The function, by logical id. */
  readonly function: string;
  /** `method.request.header.Authorization`, as the template says. */
  readonly identitySource: string;
  readonly resultsCacheTtlSeconds: number;
}

/** A header of a gateway response: a literal, or a header of the request (`method.request.header.Origin`). */
export interface LocalGatewayResponseHeader {
  readonly literal?: string;
  readonly requestHeader?: string;
}

/** A gateway response of a REST API: the status and headers of one type of API Gateway's own errors. */
export interface LocalGatewayResponse {
  /** `DEFAULT_4XX`, `UNAUTHORIZED`, ... */
  readonly type: string;
  /** The status it answers with instead of the error's. */
  readonly statusCode?: number;
  readonly headers: Readonly<Record<string, LocalGatewayResponseHeader>>;
}

/** A REST API of the template with its stage. */
export interface LocalRestApi {
  readonly logicalId: string;
  readonly name: string;
  readonly stageName: string;
  readonly routes: LocalRoute[];
  readonly authorizer?: LocalAuthorizer;
  /** Binary media types of the API. */
  readonly binaryMediaTypes: string[];
  /** Its gateway responses: the headers of API Gateway's own errors (the CORS headers, say). */
  readonly gatewayResponses?: LocalGatewayResponse[];
}

/** Where an EventBridge rule delivers. */
export interface LocalRuleTarget {
  /** `function`, `queue` or `stateMachine`, and its logical id. */
  readonly kind: 'function' | 'queue' | 'stateMachine';
  readonly target: string;
  /** JSONPath of the part of the event delivered (`$.detail`), when not the whole event. */
  readonly inputPath?: string;
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
  /** The queue undeliverable events go to, by logical id. */
  readonly deadLetterQueue?: string;
}

/** An EventBridge rule. */
export interface LocalRule {
  readonly logicalId: string;
  /** The bus's local name: `default` for the account's default bus. */
  readonly bus: string;
  readonly pattern: Record<string, unknown>;
  readonly targets: LocalRuleTarget[];
}

/** An EventBridge Scheduler schedule that invokes a function: local mode fires it on demand. */
export interface LocalSchedule {
  readonly logicalId: string;
  /** Its construct path without the stack, `ReportsService/NightlySchedule`: what `POST /schedules/<name>` takes. */
  readonly name: string;
  /** `rate(5 minutes)`, `cron(...)` or `at(...)`, as deployed: local mode does not run it on time. */
  readonly expression: string;
  readonly timeZone?: string;
  readonly enabled: boolean;
  /** The function it invokes, by logical id. */
  readonly function: string;
  /** The input it sends, with Scheduler's context attributes (`<aws.scheduler.scheduled-time>`...) still in it. */
  readonly input?: string;
  /** The queue of what it could not deliver, by logical id. */
  readonly deadLetterQueue?: string;
}

/** An SQS queue. */
export interface LocalQueue {
  readonly logicalId: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  /** Redrive: after `maxReceiveCount` receives, to this queue (logical id). */
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

/** An event source mapping: a function reading a queue or a stream in batches. */
export interface LocalEventSourceMapping {
  readonly logicalId: string;
  readonly function: string;
  /** `queue`, `table-stream` or `kinesis`, and the source's logical id (a table's for its stream). */
  readonly sourceKind: 'queue' | 'table-stream' | 'kinesis';
  readonly source: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly bisectBatchOnError: boolean;
  /** -1: until the record expires. */
  readonly maxRetryAttempts: number;
  readonly filters: Array<Record<string, unknown>>;
  /** The on-failure queue, by logical id. */
  readonly onFailure?: string;
  /** Streams only: where a new mapping starts reading (`AT_TIMESTAMP`: Kinesis, with `startingPositionTimestamp`). */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  /** Streams only, with `AT_TIMESTAMP`: Unix time in seconds. */
  readonly startingPositionTimestamp?: number;
  /** Streams only: records older than this go to the on-failure destination unprocessed; -1: no limit. */
  readonly maxRecordAgeSeconds?: number;
}

/** A Kinesis data stream of the template. */
export interface LocalKinesisStream {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** `PROVISIONED` or `ON_DEMAND`. */
  readonly mode: 'PROVISIONED' | 'ON_DEMAND';
  /** Its shards: the template's `ShardCount`; an `ON_DEMAND` stream gets `LOCAL_ON_DEMAND_SHARDS`. */
  readonly shardCount: number;
  /** How long a record stays readable. */
  readonly retentionHours: number;
  /** Its enhanced fan-out consumers: read locally by polling, as shared-throughput consumers. */
  readonly consumers: Array<{ readonly logicalId: string; readonly name: string; readonly arn: string }>;
}

/** A Step Functions state machine of the template. */
export interface LocalStateMachine {
  readonly logicalId: string;
  /** Its local name: the template's `StateMachineName`, else `<stack>-<logicalId>`. */
  readonly name: string;
  /** `arn:aws:states:us-east-1:000000000000:stateMachine:<name>`. */
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** Its Amazon States Language definition, resolved: the ARNs of its task functions are those of `LocalFunction.arn`. */
  readonly definition: Record<string, unknown>;
}

/** An S3 notification of a bucket: the events of which keys invoke which function, asynchronously. */
export interface LocalBucketNotification {
  /** The event types, as S3 names them: `s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`... */
  readonly events: string[];
  /** The key prefix, as the filter rule writes it (special characters URL-encoded); empty for any key. */
  readonly prefix: string;
  /** The key suffix, likewise; empty for any key. */
  readonly suffix: string;
  /** The function, by logical id. */
  readonly function: string;
  /** The configuration's `Id`, when the template sets one: the records' `configurationId`. */
  readonly id?: string;
}

/** An S3 bucket of the template, with the notifications its `Custom::S3BucketNotifications` sets. */
export interface LocalBucket {
  readonly logicalId: string;
  /** Its local name: the template's `BucketName`, else a DNS-valid name made from `<stack>-<logicalId>`. */
  readonly name: string;
  /** `arn:aws:s3:::<name>`. */
  readonly arn: string;
  /** Whether versioning is enabled. */
  readonly versioned: boolean;
  readonly notifications: LocalBucketNotification[];
  /** Whether it sends its events to EventBridge's default bus (`EventBridgeConfiguration`). */
  readonly eventBridge: boolean;
}

/** The whole app, as local mode runs it. */
export interface LocalApp {
  readonly stackName: string;
  /** The `cdk.out` directory it was read from. */
  readonly assemblyDir: string;
  readonly functions: LocalFunction[];
  readonly tables: LocalTable[];
  readonly restApis: LocalRestApi[];
  /** Local names of the event buses the template creates. */
  readonly eventBuses: string[];
  readonly rules: LocalRule[];
  /** The schedules that invoke a function, fired on demand. */
  readonly schedules: LocalSchedule[];
  readonly queues: LocalQueue[];
  readonly buckets: LocalBucket[];
  readonly eventSourceMappings: LocalEventSourceMapping[];
  readonly kinesisStreams: LocalKinesisStream[];
  readonly stateMachines: LocalStateMachine[];
  /** Resource types of the template that local mode does not run, with their count: said at start. */
  readonly notEmulated: Record<string, number>;
}
