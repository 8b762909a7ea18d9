/** Events of the app's bus that invoke a function. */
export interface SubscriptionOptions {
  /**
   * Sources of the events: names of the app's services.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Detail types of the events; those of the app's services must be in their `events`.
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
