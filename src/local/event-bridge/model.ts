/**
 * The data of the local EventBridge: the `PutEvents` request and result as the API names them,
 * events as targets receive them, the targets the bridge delivers to, and its errors and limits.
 *
 * @module
 */
import { AwsJsonApi, AwsJsonError } from '../aws-json';
import type { LocalRule } from '../local-app';

/** The most entries one `PutEvents` request may hold. */
export const MAX_PUT_EVENTS_ENTRIES = 10;

/**
 * The most bytes the entries of one `PutEvents` request may total, sized as `entrySize` does: 1 MB (1,048,576 bytes)
 * since EventBridge raised its event payload limit from 256 KB in January 2026.
 */
export const MAX_PUT_EVENTS_SIZE = 1024 * 1024;

/** The bus an entry without `EventBusName` goes to: the account's default bus, which always exists. */
export const DEFAULT_EVENT_BUS = 'default';

/** EventBridge's API, of which local mode serves `PutEvents`. */
export const EVENTBRIDGE_API: AwsJsonApi = { name: 'EventBridge', targetPrefix: 'AWSEvents', version: '1.1' };

/**
 * What the bridge delivers to: the targets of the rules, by logical id. The orchestrator provides it.
 *
 * Each method returns once the target has *accepted* the delivery, and rejects when it could not; a rejection is
 * a failed delivery, which EventBridge retries (see `TargetDeliveryError` to name the error).
 */
export interface EventTargets {
  /**
   * Starts an asynchronous invocation of a function (`InvocationType: Event`), as EventBridge does.
   *
   * It resolves once the invocation is queued, and rejects only when it cannot be (the function does not exist,
   * Lambda throttles). What the function then does is Lambda's business, not EventBridge's: a function that
   * throws is retried by Lambda's own asynchronous retries (twice), then its invocation goes to the function's
   * dead-letter queue or on-failure destination. None of that is a failed EventBridge delivery, so this method
   * must not wait for the function to finish, nor reject when it fails.
   *
   * @param logicalId the function's logical id
   * @param payload the event, or the part of it the target's `InputPath` selects
   */
  invokeFunction(logicalId: string, payload: unknown): Promise<void>;

  /**
   * Sends a message to a queue (`SendMessage`).
   *
   * @param logicalId the queue's logical id
   * @param body the message body: the event (or its selected part) as JSON
   * @param attributes string message attributes: those EventBridge adds to a dead-lettered event
   */
  sendToQueue(logicalId: string, body: string, attributes?: Record<string, string>): Promise<void>;

  /**
   * Starts an execution of a state machine (`StartExecution`); resolves once it started, not when it ends.
   *
   * @param logicalId the state machine's logical id
   * @param input the event, or the part of it the target's `InputPath` selects
   */
  startExecution(logicalId: string, input: unknown): Promise<void>;
}

/** An entry of a `PutEvents` request, as the API (and `@aws-sdk/client-eventbridge`) names its fields. */
export interface PutEventsRequestEntry {
  /** The source of the event, e.g. `com.example.orders`. Required. */
  readonly Source?: string;
  /** The detail type, e.g. `OrderPlaced`. Required. */
  readonly DetailType?: string;
  /** The detail: a JSON object, as a string. Required. */
  readonly Detail?: string;
  /** The bus: its name or ARN; `default` when absent. */
  readonly EventBusName?: string;
  /** ARNs the event concerns: the event's `resources`. */
  readonly Resources?: readonly string[];
  /** The event's time: a date, an RFC 3339 string or epoch seconds (how the JSON protocol sends it). Default: now. */
  readonly Time?: Date | string | number;
  /** An X-Ray trace header; ignored. */
  readonly TraceHeader?: string;
}

/** The result of one entry: its event id when accepted, an error code and message when not. */
export interface PutEventsResultEntry {
  readonly eventId?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** The result of a `PutEvents` request: one result per entry, in the entries' order. */
export interface PutEventsResult {
  readonly failedEntryCount: number;
  readonly entries: PutEventsResultEntry[];
}

/** An event as EventBridge delivers it to targets. */
export interface EventBridgeEvent {
  readonly 'version': '0';
  readonly 'id': string;
  readonly 'detail-type': string;
  readonly 'source': string;
  readonly 'account': string;
  /** RFC 3339 in UTC, to the second: `2024-01-01T00:00:00Z`. */
  readonly 'time': string;
  readonly 'region': string;
  readonly 'resources': string[];
  readonly 'detail': Record<string, unknown>;
}

/** Options of `LocalEventBridge`. */
export interface LocalEventBridgeOptions {
  /** Receives a structured entry for each accepted or rejected entry and each delivery step. Default: none. */
  readonly log?: (entry: object) => void;
  /**
   * How long to wait before retry number `retry` (1 for the first retry) of a failed delivery, in ms. EventBridge
   * backs off exponentially over up to 24 hours; local mode compresses time. Default: 100 ms × 2^(retry − 1),
   * at most 2 s.
   */
  readonly retryDelayMs?: (retry: number) => number;
  /** The clock: event times, and event ages for `MaximumEventAgeInSeconds`. Default: the system clock. */
  readonly now?: () => Date;
}

/** The part of the app the bridge reads: the buses and rules, and the functions' and queues' ARNs when known. */
export interface EventBridgeApp {
  /** The buses the template creates, by local name; the `default` bus always exists besides them. */
  readonly eventBuses: readonly string[];
  readonly rules: readonly LocalRule[];
  /** Used to name targets by ARN in dead-lettered events' `TARGET_ARN`; an ARN is derived from the logical id otherwise. */
  readonly functions?: ReadonlyArray<{ readonly logicalId: string; readonly arn: string }>;
  readonly queues?: ReadonlyArray<{ readonly logicalId: string; readonly arn: string }>;
}

/** A delivery that did not reach its target: still being attempted, or given up without a dead-letter queue. */
export interface UndeliveredEvent {
  readonly eventId: string;
  /** The rule's logical id. */
  readonly rule: string;
  /** The target's logical id. */
  readonly target: string;
  /** The attempts made so far. */
  readonly attempts: number;
  /** `pending`: being attempted or waiting for a retry; `dropped`: given up, and no dead-letter queue took it. */
  readonly state: 'pending' | 'dropped';
}

/**
 * A request-level failure of `PutEvents` (a `ValidationException`, a `SerializationException`...): the whole
 * request is refused, answered with HTTP 400 and `{ "__type": code, "message": ... }`.
 */
export class EventBridgeRequestError extends AwsJsonError {}

/**
 * A rejection of an {@link EventTargets} method that names EventBridge's error code, e.g. `NO_RESOURCE` or
 * `THROTTLING`: it becomes the dead-lettered event's `ERROR_CODE`. `INVALID_JSON`, `INVALID_PARAMETER`,
 * `NO_PERMISSIONS` and `NO_RESOURCE` are not retried, as EventBridge does not retry them. Any other rejection is
 * `ERROR_FROM_TARGET` (`THROTTLING` for errors named `ThrottlingException` or `TooManyRequestsException`,
 * `NO_RESOURCE` for `ResourceNotFoundException`), and retried.
 */
export class TargetDeliveryError extends Error {
  /** EventBridge's code for the failure. */
  readonly errorCode: string;

  /**
   * @param errorCode EventBridge's code for the failure, e.g. `NO_RESOURCE`
   * @param message what went wrong
   */
  constructor(errorCode: string, message: string) {
    super(message);
    this.name = 'TargetDeliveryError';
    this.errorCode = errorCode;
  }
}
