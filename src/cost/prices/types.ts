/** The shape of the price table: what each price is, where it was read, and what was not found. */

/** A CPU architecture of Lambda, as CloudFormation names it. */
export type LambdaArchitecture = 'arm64' | 'x86_64';

/** A price read from a source: US dollars per `unit`. */
export interface FoundPrice {
  readonly usd: number;
  /** What one `usd` pays for: `1M requests`, `GB-second`, `hour`. */
  readonly unit: string;
  /** AWS's pricing page of the service. */
  readonly page: string;
  /** Where the figure itself was read, when not on `page` (whose regional tables are drawn in the browser). */
  readonly readIn?: string;
}

/** A price that could not be read for the region: the estimate says so and leaves the line out of its totals. */
export interface MissingPrice {
  readonly usd?: undefined;
  readonly unit: string;
  readonly page: string;
  /** Why it is missing. */
  readonly missing: string;
}

export type Price = FoundPrice | MissingPrice;

/** Every price the estimate uses, for one region. */
export interface RegionPrices {
  /** `us-east-1`. */
  readonly region: string;
  /** `US East (N. Virginia)`. */
  readonly location: string;
  readonly lambdaRequests: Price;
  readonly lambdaDuration: Record<LambdaArchitecture, Price>;
  readonly lambdaProvisionedConcurrency: Record<LambdaArchitecture, Price>;
  readonly lambdaProvisionedDuration: Record<LambdaArchitecture, Price>;
  readonly restApiRequests: Price;
  /** By cache cluster size in GB, as CloudFormation spells it (`0.5`, `1.6`, ...). */
  readonly restApiCache: Record<string, Price>;
  readonly appSyncRequests: Price;
  readonly eventBridgeCustomEvents: Price;
  readonly sqsRequests: Price;
  readonly stepFunctionsTransitions: Price;
  readonly stepFunctionsExpressRequests: Price;
  readonly stepFunctionsExpressDuration: Price;
  readonly dynamoDbWrites: Price;
  readonly dynamoDbReads: Price;
  readonly kinesisShardHour: Price;
  readonly kinesisExtendedRetentionShardHour: Price;
  readonly kinesisPayloadUnits: Price;
  readonly kinesisOnDemandStreamHour: Price;
  readonly kinesisOnDemandWrites: Price;
  readonly kinesisOnDemandReads: Price;
  readonly kinesisFanOutConsumerShardHour: Price;
  readonly kinesisFanOutReads: Price;
  readonly kinesisOnDemandFanOutReads: Price;
  readonly kmsKey: Price;
  readonly cloudWatchLogsIngestion: Price;
  readonly cloudWatchAlarm: Price;
  readonly cloudWatchDashboard: Price;
  readonly xRayTracesRecorded: Price;
  readonly s3PutRequests: Price;
  readonly s3GetRequests: Price;
}

/** The price table shipped with the package. */
export interface PriceTable {
  /** The day the prices were read, ISO 8601. */
  readonly read: string;
  /** The table of each region it has. */
  readonly regions: Record<string, RegionPrices>;
}
