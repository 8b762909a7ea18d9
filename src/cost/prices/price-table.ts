/**
 * The prices the estimate uses: AWS's on-demand list prices in US dollars, without free tiers (they
 * are per account, not per app), read on the day in `read`. docs/cost.md says how to refresh them.
 *
 * AWS's pricing pages draw their regional tables in the browser from its Price List, so a copy of
 * a page holds the text and the worked examples (in US East) but not every figure: where a figure
 * was read elsewhere, `readIn` says where. A price that could not be read for a region is
 * `missing`, never copied from another region: the estimate prints the line without a price and
 * leaves it out of its totals.
 */
import { FoundPrice, MissingPrice, Price, PriceTable, RegionPrices } from './types';

/** The day the prices below were read. */
export const PRICES_READ = '2026-12-06';

const PAGES = {
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  apiGateway: 'https://aws.amazon.com/api-gateway/pricing/',
  appSync: 'https://aws.amazon.com/appsync/pricing/',
  eventBridge: 'https://aws.amazon.com/eventbridge/pricing/',
  sqs: 'https://aws.amazon.com/sqs/pricing/',
  stepFunctions: 'https://aws.amazon.com/step-functions/pricing/',
  dynamoDb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  kinesis: 'https://aws.amazon.com/kinesis/data-streams/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  cloudWatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  xRay: 'https://aws.amazon.com/xray/pricing/',
  s3: 'https://aws.amazon.com/s3/pricing/',
};

/** Where the US East figures were read that the pages' own text did not show. */
const READ_IN = {
  lambdaPriceList: 'AWS Price List, AWSLambda offer for us-east-1 effective 2025-10-01 (SKUs TG3M4CAGBA3NYQBH, 72SBSFWPMDTH8S3J, '
    + 'BMKCD2ZCEYKTYYCB, MV7PTBS82AVCMXJJ, ZZF88MXYPS4DGSEZ, 3Z4YRQ6XJRDK27UP), in a public transcription; the page\'s own '
    + 'US East examples say $0.20 per 1M requests and $0.00001667 per GB-second',
  restApi: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html '
    + '(first 333 million requests a month)',
  restApiCache: 'secondary sources quoting the page, e.g. https://awsforengineers.com/blog/aws-api-gateway-pricing-explained',
  kinesis: 'a public transcription of AWS\'s price list of September 2026 (US East)',
  s3: 'AWS Price List, AmazonS3 offer for us-east-1 (20260928230416), Requests-Tier1 and Requests-Tier2, as quoted in a public document',
  secondary: 'secondary sources quoting the page (US East), several agreeing',
};

function found(usd: number, unit: string, page: string, readIn?: string): FoundPrice {
  return { usd, unit, page, ...(readIn ? { readIn } : {}) };
}

function missing(unit: string, page: string, why = 'not found: the page draws its regional table in the browser, and no copy of this region\'s figure was read'): MissingPrice {
  return { unit, page, missing: why };
}

const US_EAST_1: RegionPrices = {
  region: 'us-east-1',
  location: 'US East (N. Virginia)',
  lambdaRequests: found(0.20, '1M requests', PAGES.lambda, READ_IN.lambdaPriceList),
  lambdaDuration: {
    arm64: found(0.0000133334, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
    x86_64: found(0.0000166667, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
  },
  lambdaProvisionedConcurrency: {
    arm64: found(0.0000033334, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
    x86_64: found(0.0000041667, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
  },
  lambdaProvisionedDuration: {
    arm64: found(0.0000077778, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
    x86_64: found(0.0000097222, 'GB-second', PAGES.lambda, READ_IN.lambdaPriceList),
  },
  restApiRequests: found(3.50, '1M requests', PAGES.apiGateway, READ_IN.restApi),
  restApiCache: {
    0.5: found(0.02, 'hour', PAGES.apiGateway, READ_IN.restApiCache),
    ...Object.fromEntries(['1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'].map((size) => [size, missing('hour', PAGES.apiGateway)])),
  },
  appSyncRequests: found(4.00, '1M query and data modification operations', PAGES.appSync, READ_IN.secondary),
  eventBridgeCustomEvents: found(1.00, '1M custom events', PAGES.eventBridge, READ_IN.secondary),
  sqsRequests: found(0.40, '1M requests (standard queue, 64 KB chunks)', PAGES.sqs, READ_IN.secondary),
  stepFunctionsTransitions: found(0.025, '1,000 state transitions', PAGES.stepFunctions, READ_IN.secondary),
  stepFunctionsExpressRequests: found(1.00, '1M requests', PAGES.stepFunctions, READ_IN.secondary),
  stepFunctionsExpressDuration: found(0.00001667, 'GB-second (64 MB chunks, 100 ms rounding)', PAGES.stepFunctions, READ_IN.secondary),
  dynamoDbWrites: found(0.625, '1M write request units', PAGES.dynamoDb, READ_IN.secondary),
  dynamoDbReads: found(0.125, '1M read request units', PAGES.dynamoDb, READ_IN.secondary),
  kinesisShardHour: found(0.015, 'shard-hour', PAGES.kinesis, READ_IN.kinesis),
  kinesisExtendedRetentionShardHour: found(0.020, 'shard-hour (retention over 24 h, up to 7 days)', PAGES.kinesis, READ_IN.kinesis),
  kinesisPayloadUnits: found(0.014, '1M 25 KB PUT payload units', PAGES.kinesis, READ_IN.kinesis),
  kinesisOnDemandStreamHour: found(0.04, 'stream-hour (on-demand standard)', PAGES.kinesis, READ_IN.kinesis),
  kinesisOnDemandWrites: found(0.08, 'GB written (records rounded up to 1 KB)', PAGES.kinesis, READ_IN.kinesis),
  kinesisOnDemandReads: found(0.04, 'GB read', PAGES.kinesis, READ_IN.kinesis),
  kinesisFanOutConsumerShardHour: found(0.015, 'consumer-shard hour (enhanced fan-out, provisioned stream)', PAGES.kinesis, READ_IN.kinesis),
  kinesisFanOutReads: found(0.013, 'GB read by enhanced fan-out (provisioned stream)', PAGES.kinesis, READ_IN.kinesis),
  kinesisOnDemandFanOutReads: found(0.05, 'GB read by enhanced fan-out (on-demand stream)', PAGES.kinesis, READ_IN.kinesis),
  kmsKey: found(1.00, 'customer managed key-month (prorated hourly)', PAGES.kms, READ_IN.secondary),
  cloudWatchLogsIngestion: found(0.50, 'GB ingested (standard log class)', PAGES.cloudWatch, READ_IN.secondary),
  cloudWatchAlarm: found(0.10, 'standard-resolution alarm metric-month', PAGES.cloudWatch, READ_IN.secondary),
  cloudWatchDashboard: found(3.00, 'dashboard-month', PAGES.cloudWatch, READ_IN.secondary),
  xRayTracesRecorded: found(5.00, '1M traces recorded', PAGES.xRay, READ_IN.secondary),
  s3PutRequests: found(0.005, '1,000 PUT requests (S3 Standard)', PAGES.s3, READ_IN.s3),
  s3GetRequests: found(0.0004, '1,000 GET requests (S3 Standard)', PAGES.s3, READ_IN.s3),
};

/**
 * A region of which only Lambda's request and on-demand duration prices were read (in secondary
 * sources that list them per region); the rest is missing until the table is refreshed.
 */
function lambdaOnly(region: string, location: string): RegionPrices {
  const lambdaRead = 'secondary sources listing Lambda prices per region: https://docs.rs/crate/dexcost/0.9.0/source/src/adapters/data/aws_lambda_pricing.json '
    + '(requests and x86_64, updated 2026-02-26) and https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js '
    + '(x86_64 and arm64: the base price, which it overrides only for other regions)';
  const prices: { [name: string]: Price | Record<string, Price> } = {};
  for (const [name, price] of Object.entries(US_EAST_1)) {
    if (name === 'region' || name === 'location') {
      continue;
    }
    prices[name] = isPrice(price)
      ? missing(price.unit, price.page)
      : Object.fromEntries(Object.entries(price as Record<string, Price>).map(([key, each]) => [key, missing(each.unit, each.page)]));
  }
  return {
    ...(prices as unknown as RegionPrices),
    region,
    location,
    lambdaRequests: found(0.20, '1M requests', PAGES.lambda, lambdaRead),
    lambdaDuration: {
      arm64: found(0.0000133334, 'GB-second', PAGES.lambda, lambdaRead),
      x86_64: found(0.0000166667, 'GB-second', PAGES.lambda, lambdaRead),
    },
  };
}

function isPrice(value: unknown): value is Price {
  return typeof value === 'object' && value !== null && 'unit' in value && 'page' in value;
}

/** The price table shipped with the package. */
export const PRICE_TABLE: PriceTable = {
  read: PRICES_READ,
  regions: {
    'us-east-1': US_EAST_1,
    'eu-west-1': lambdaOnly('eu-west-1', 'Europe (Ireland)'),
    'ap-southeast-2': lambdaOnly('ap-southeast-2', 'Asia Pacific (Sydney)'),
  },
};
