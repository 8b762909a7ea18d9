/**
 * The cost estimate of the app (`npx projen cost`, and a line of every `npx projen build`): what
 * it assumes and the traffic it prices, and the idle floor a build may not pass.
 */

/** The idle floor a build may not pass. */
export interface CostBudgetOptions {
  /**
   * US dollars a month the app may cost without a single request (provisioned concurrency, API
   * caches, Kinesis shards and the like, as `npx projen cost` lists them). Over it, the build fails
   * naming each resource and the option that would lower it.
   *
   * @default - no budget: the build prints the estimate's one-line summary
   */
  readonly idleMonthlyUsd?: number;
}

/** What the cost estimate assumes, and the traffic it prices. */
export interface CostEstimateOptions {
  /**
   * The region whose prices stand for a stack whose region is not known at synth (an
   * environment-agnostic stack, when `CDK_DEFAULT_REGION` is not set), or not in the price table;
   * also the region `docs/architecture.md` is priced at. One of the price table's regions:
   * us-east-1, eu-west-1, ap-southeast-2.
   *
   * @default - us-east-1, said in the estimate as a stand-in
   */
  readonly region?: string;

  /**
   * Requests or events a month through each way in, by its name in the estimate: a route
   * (`'GET /items'`), a GraphQL field (`'Query.item'`), a function an event source invokes
   * (`'orders/notify'`: its events, messages, records or objects), a workflow
   * (`'orders/fulfil (workflow)'`: its executions). With it, the estimate adds a monthly total.
   *
   * @default - no traffic: the cost per million of each way in, and the idle floor
   */
  readonly traffic?: { [entry: string]: number };

  /**
   * Milliseconds each function invocation is assumed to run (a batch's, for queue and stream consumers).
   *
   * @default 100
   */
  readonly durationMs?: number;

  /**
   * KiB of CloudWatch Logs each function invocation is assumed to write, Lambda's START, END and REPORT lines included.
   *
   * @default 1
   */
  readonly logKiB?: number;

  /**
   * KiB of each Kinesis record, queue message or object event's payload.
   *
   * @default 1
   */
  readonly payloadKiB?: number;
}
