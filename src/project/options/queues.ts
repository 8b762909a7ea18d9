import { HttpMethod } from './api';

/** The API route whose requests go straight to a queue, without a function in between. */
export interface QueueRouteOptions {
  /**
   * HTTP method: POST, PUT or PATCH (the request body is the message).
   *
   * @default HttpMethod.POST
   */
  readonly method?: HttpMethod;

  /** Resource path, e.g. `/orders`. */
  readonly path: string;

  /**
   * Whether the API's authorizer guards it; only with `api.authorizer`.
   *
   * @default - true when the API has an authorizer
   */
  readonly authorize?: boolean;

  /**
   * JSON schema (draft-04) of the body, inline: API Gateway rejects a body that does not fit
   * with 400 before it reaches the queue. Set it or `bodySchemaFile`.
   *
   * @default - the body is not validated
   */
  readonly bodySchema?: { [key: string]: any };

  /**
   * Project-relative path of the body's JSON schema file; a missing file starts from an example.
   *
   * @default - the body is not validated
   */
  readonly bodySchemaFile?: string;
}

/**
 * A queue fed by an API route (spec: API Gateway + SQS Integration): API Gateway sends each
 * request's body to the queue with a role allowed only `sqs:SendMessage` on it; the queue is
 * encrypted, with a dead-letter queue, and its consumer (a function with `queueEvents`) reads it
 * in batches.
 */
export interface QueueOptions {
  /** Name, kebab-case, unique in its service. */
  readonly name: string;

  /** The route of the app's REST API (or the service's own) whose requests it receives. */
  readonly route: QueueRouteOptions;

  /**
   * Seconds a received message stays invisible to other consumers; at least 6 times the
   * consumer's timeout.
   *
   * @default - 6 times the consumer's timeout
   */
  readonly visibilityTimeoutSeconds?: number;

  /**
   * Receives after which a message moves to the dead-letter queue, 1-1000.
   *
   * @default 3
   */
  readonly maxReceiveCount?: number;

  /**
   * Days the queue keeps a message, 1-14.
   *
   * @default 4
   */
  readonly retentionDays?: number;
}

/** The queue a function consumes, in batches, reporting the messages that failed. */
export interface QueueEventsOptions {
  /** The queue: a name from its service's `queues`. */
  readonly queue: string;

  /**
   * Most messages in one invocation, 1-10000 (over 10 needs a batching window).
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * Seconds Lambda gathers messages before it invokes with fewer than `batchSize`, 0-300.
   *
   * @default 0
   */
  readonly maxBatchingWindowSeconds?: number;

  /**
   * Most concurrent invocations the queue drives, 2-1000: protects what the consumer writes to.
   *
   * @default - no limit beyond the function's
   */
  readonly maxConcurrency?: number;
}
