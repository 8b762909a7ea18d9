/**
 * What the cost estimate of a generated app reads besides its templates: the options of
 * `costEstimate` and `costBudget`, and what the app's model says of each billed resource (its
 * name, the option or preset that made it, how to lower it). The project type writes it to
 * `src/generated/cost.json`; `serverless-patterns-cost` reads it.
 */

/** The assumptions of the cost per million requests, shown with every estimate. */
export interface CostAssumptions {
  /** Milliseconds each function invocation runs. */
  readonly durationMs: number;
  /** KiB of CloudWatch Logs each function invocation writes (Lambda's START, END and REPORT lines included). */
  readonly logKiB: number;
  /** KiB of each record, message or object event's payload (Kinesis records are rounded up to 1 KiB). */
  readonly payloadKiB: number;
}

/** The assumptions when the options set none. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = { durationMs: 100, logKiB: 1, payloadKiB: 1 };

/** What made a billed resource, and how to lower it. */
export interface CostSource {
  /** The option or preset that made it: `preset LATENCY_SENSITIVE (services[0].preset)`. */
  readonly cause: string;
  /** What would lower it: `set preset or provisionedConcurrency.minCapacity of orders/place`. */
  readonly lower: string;
  /** Resources of one group are listed together when the budget fails: `functions on LATENCY_SENSITIVE`. */
  readonly group?: string;
  /** The group's name for one resource: `function on LATENCY_SENSITIVE`. */
  readonly groupOne?: string;
  /** What would lower the whole group: `set preset or provisionedConcurrency.minCapacity`. */
  readonly groupLower?: string;
}

/** Everything `serverless-patterns-cost` reads besides the assembly. */
export interface CostConfig {
  /** The idle floor the build may not pass, in US dollars a month. */
  readonly idleBudgetUsd?: number;
  /** The region whose prices a stack without a known region is priced at; undefined: us-east-1, said as a stand-in. */
  readonly region?: string;
  readonly assumptions: CostAssumptions;
  /** Requests or events a month, by entry name (`GET /items`, `orders/notify`). */
  readonly traffic: { [entry: string]: number };
  /** Names of functions and workflows by construct path (`ItemsService/Create` → `items/create`). */
  readonly names: { [key: string]: string };
  /** What made each billed resource, by construct path. */
  readonly sources: { [key: string]: CostSource };
}

/** A config without options or model: the estimate of a bare assembly. */
export const BARE_CONFIG: CostConfig = { assumptions: DEFAULT_ASSUMPTIONS, traffic: {}, names: {}, sources: {} };
