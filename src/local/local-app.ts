/**
 * What local mode runs: the app as it was synthesized (a CloudFormation template in `cdk.out`
 * and the bundles its functions point to), read into plain data. Values the template computes
 * (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`) are resolved to their local equivalents: table
 * names, queue URLs, bus names and ARNs of the local account and region.
 */

/** The account and region every local ARN names. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

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

/** Where a REST API route sends its requests. */
export type LocalIntegration =
  | { readonly kind: 'lambda'; readonly function: string }
  /** `headers`: the static headers of its success response, CORS's among them. */
  | { readonly kind: 'sqs'; readonly queue: string; readonly headers: Record<string, string> }
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

/** A REST API of the template with its stage. */
export interface LocalRestApi {
  readonly logicalId: string;
  readonly name: string;
  readonly stageName: string;
  readonly routes: LocalRoute[];
  readonly authorizer?: LocalAuthorizer;
  /** Binary media types of the API. */
  readonly binaryMediaTypes: string[];
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
  readonly queues: LocalQueue[];
  readonly eventSourceMappings: LocalEventSourceMapping[];
  /** Resource types of the template that local mode does not run, with their count: said at start. */
  readonly notEmulated: Record<string, number>;
}
