/**
 * Events that invoke a function: the app's services' events, on the app's bus, or AWS services'
 * events (sources `aws.*`), on the account's default bus, where AWS puts them.
 */
export interface SubscriptionOptions {
  /**
   * Sources of the events: names of the app's services, or AWS services' sources (`aws.s3`,
   * `aws.health`, `aws.codepipeline`...), not both. A subscription to AWS services' events is a
   * rule on the account's default bus, with the same retries and dead-letter queue.
   *
   * @default - any source of the app's services
   */
  readonly sources?: string[];

  /**
   * Detail types of the events; those of the app's services must be in their `events`, those of
   * AWS services are not checked (e.g. `Object Created`, `AWS Health Event`).
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax, e.g.
   * `{ total: [{ numeric: ['>', 100] }] }`.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * Why events that go round a ring through this subscription stop: functions (and workflows) each
   * publishing what the next one hears, back to the first, invoke one another without end, so
   * `npx projen` refuses such a ring. When a `detail` filter or the handler itself ends the round,
   * say how here (it is not checked, only required): the ring is then allowed.
   *
   * @default - a ring of events through this subscription is refused
   */
  readonly acknowledgeEventRing?: string;

  /**
   * Times EventBridge retries a failed delivery before the dead-letter queue, 0-185.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * Seconds EventBridge keeps retrying a delivery, 60-86400.
   *
   * @default 86400
   */
  readonly maxEventAgeSeconds?: number;
}
