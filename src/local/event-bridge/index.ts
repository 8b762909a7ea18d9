/**
 * The local EventBridge of local mode: `PutEvents` over the EventBridge API's AWS JSON 1.1 protocol (what
 * `@aws-sdk/client-eventbridge` speaks when `AWS_ENDPOINT_URL_EVENTBRIDGE` points at it), the routing of
 * accepted events to the targets of the rules whose patterns match, and EventBridge's retry policy and
 * dead-letter queues for the deliveries that fail.
 *
 * It follows the EventBridge API reference (`PutEvents`, `PutEventsRequestEntry`, `PutEventsResultEntry`,
 * `RetryPolicy`) and user guide ("Sending events with PutEvents", "Calculating PutEvents event entry size",
 * "Event retry policy and using dead-letter queues"):
 *
 * - a request holds 1 to 10 entries, whose total size (see {@link entrySize}) is at most 256 KB; otherwise the
 *   whole request fails with a `ValidationException`;
 * - each entry needs `Source`, `DetailType` and `Detail`, and `Detail` must be a JSON object; an entry that
 *   lacks one fails alone (`InvalidArgument`, `MalformedDetail`) and the others are still accepted;
 * - an accepted entry gets an id and becomes an event on its bus (`EventBusName`: a name or an ARN, `default`
 *   when absent), delivered asynchronously: `PutEvents` answers before any target runs;
 * - each target of each rule of that bus whose pattern matches (decided by `matchesEventPattern`) receives
 *   the event, or the part its `InputPath` selects;
 * - a failed delivery is retried with exponential backoff until the target's `MaximumRetryAttempts` retries
 *   are used or the event is `MaximumEventAgeInSeconds` old; the event then goes to the target's dead-letter
 *   queue with the attributes EventBridge adds, or, without one, is dropped.
 *
 * One deliberate difference: EventBridge accepts an entry for a bus that does not exist and drops it silently
 * (it answers with an event id; see aws/aws-sdk#186). Locally such an entry fails with `InvalidArgument`, so that
 * a misspelt bus name shows at once instead of as an event that never arrives.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTime, isObject, parseJsonObject, readEntries, selectInputPath, toDate, entrySize } from './entries';
import {
  DEFAULT_EVENT_BUS, EVENTBRIDGE_API, EventBridgeApp, EventBridgeEvent, EventBridgeRequestError, EventTargets, LocalEventBridgeOptions,
  MAX_PUT_EVENTS_ENTRIES, MAX_PUT_EVENTS_SIZE, PutEventsRequestEntry, PutEventsResult, PutEventsResultEntry, TargetDeliveryError, UndeliveredEvent,
} from './model';
import { matchesEventPattern } from '../../event-pattern';
import { serveAwsJson } from '../aws-json';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-app';
import type { LocalRule, LocalRuleTarget } from '../local-app';

export * from './model';
export { entrySize, selectInputPath } from './entries';

/** The error codes EventBridge does not retry: the target is missing, forbidden or refuses the input; retrying cannot help. */
/** How many deliveries given up without a dead-letter queue are kept for `undelivered()`. */
const MAX_DROPPED_KEPT = 1000;

const NON_RETRYABLE_ERROR_CODES = ['INVALID_JSON', 'INVALID_PARAMETER', 'NO_PERMISSIONS', 'NO_RESOURCE'];
/** An attempt at delivering one event to one target of one rule. */
interface Delivery {
  readonly event: EventBridgeEvent;
  /** When the event was accepted, in ms since the epoch: its age counts from here. */
  readonly receivedAt: number;
  readonly rule: LocalRule;
  readonly target: LocalRuleTarget;
  attempts: number;
}

/** Why a delivery failed. */
interface Failure {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly retryable: boolean;
}

/**
 * A local EventBridge: accepts `PutEvents` (directly, or over HTTP through {@link LocalEventBridge.handler}) and
 * delivers the events to the targets of the matching rules, with retries and dead-letter queues.
 *
 * Deliveries are asynchronous; {@link LocalEventBridge.idle} waits for them, {@link LocalEventBridge.undelivered}
 * lists those that did not (yet) reach their target.
 */
export class LocalEventBridge {
  /**
   * A `node:http` request listener implementing `PutEvents` in the EventBridge API's AWS JSON 1.1 protocol:
   * `POST` with `X-Amz-Target: AWSEvents.PutEvents` and `{ "Entries": [...] }`, answered 200 with
   * `{ "FailedEntryCount", "Entries" }`. Other operations get 400 `UnknownOperationException`, a body that is
   * not JSON 400 `SerializationException`, a request-level failure 400 with its type. Signatures are not checked.
   */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;

  private readonly buses: ReadonlySet<string>;
  private readonly rules: readonly LocalRule[];
  private readonly targets: EventTargets;
  private readonly arns: ReadonlyMap<string, string>;
  private readonly log: (entry: object) => void;
  private readonly retryDelayMs: (retry: number) => number;
  private readonly now: () => Date;
  /** The running deliveries: what `idle()` waits for. */
  private readonly running = new Set<Promise<void>>();
  /** The deliveries not finished yet. */
  private readonly pending = new Set<Delivery>();
  /** The deliveries given up that no dead-letter queue took, the latest 1,000. */
  private readonly dropped: UndeliveredEvent[] = [];
  private stopped = false;

  /**
   * @param app the buses and rules of the app (a `LocalApp` will do)
   * @param targets what delivers to functions, queues and state machines
   * @param options logging, the retry delays, the clock
   */
  constructor(app: EventBridgeApp, targets: EventTargets, options: LocalEventBridgeOptions = {}) {
    this.buses = new Set([DEFAULT_EVENT_BUS, ...app.eventBuses]);
    this.rules = app.rules;
    this.targets = targets;
    this.arns = new Map([
      ...(app.functions ?? []).map((fn): [string, string] => [`function:${fn.logicalId}`, fn.arn]),
      ...(app.queues ?? []).map((queue): [string, string] => [`queue:${queue.logicalId}`, queue.arn]),
    ]);
    const log = options.log;
    // A failing logger must not fail a request or a delivery.
    this.log = (entry) => {
      try {
        log?.(entry);
      } catch {
        // ignored
      }
    };
    this.retryDelayMs = options.retryDelayMs ?? ((retry) => Math.min(100 * 2 ** (retry - 1), 2000));
    this.now = options.now ?? (() => new Date());
    this.handler = serveAwsJson(EVENTBRIDGE_API, {
      PutEvents: (request) => {
        const result = this.putEvents(readEntries(request));
        return {
          FailedEntryCount: result.failedEntryCount,
          Entries: result.entries.map((entry) => (entry.eventId !== undefined
            ? { EventId: entry.eventId }
            : { ErrorCode: entry.errorCode, ErrorMessage: entry.errorMessage })),
        };
      },
    }, 'InternalException');
  }

  /**
   * `PutEvents`: validates the entries, turns the valid ones into events and starts delivering them; returns
   * before any target runs.
   *
   * @param entries 1 to 10 entries, together at most 256 KB
   * @returns one result per entry: an event id, or an error code and message
   * @throws EventBridgeRequestError `ValidationException` when the request as a whole is invalid
   */
  putEvents(entries: readonly PutEventsRequestEntry[]): PutEventsResult {
    if (!Array.isArray(entries)) {
      throw new EventBridgeRequestError('ValidationException',
        "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
    }
    if (entries.length < 1 || entries.length > MAX_PUT_EVENTS_ENTRIES) {
      const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PUT_EVENTS_ENTRIES}`;
      throw new EventBridgeRequestError('ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`);
    }
    if (entries.reduce((total, entry) => total + entrySize(entry ?? {}), 0) > MAX_PUT_EVENTS_SIZE) {
      throw new EventBridgeRequestError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    const receivedAt = this.now();
    const results = entries.map((entry, index) => this.accept(entry ?? {}, index, receivedAt));
    return { failedEntryCount: results.filter((result) => result.errorCode !== undefined).length, entries: results };
  }

  /**
   * Stops delivering: a delivery waiting for its next attempt makes no other. What was not delivered is what
   * `undelivered()` listed before; read it first.
   */
  close(): void {
    this.stopped = true;
  }

  /** Resolves once no delivery is running or waiting for a retry (the deliveries started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * The deliveries that did not reach their target: those still being attempted (`pending`), and those given up
   * that no dead-letter queue took (`dropped`). Dead-lettered events are not listed: their queue has them.
   */
  undelivered(): UndeliveredEvent[] {
    const pending = [...this.pending].map((delivery): UndeliveredEvent => ({
      eventId: delivery.event.id,
      rule: delivery.rule.logicalId,
      target: delivery.target.target,
      attempts: delivery.attempts,
      state: 'pending',
    }));
    return [...pending, ...this.dropped];
  }

  /** One entry: its result, and when valid its event, routed. */
  private accept(entry: PutEventsRequestEntry, index: number, receivedAt: Date): PutEventsResultEntry {
    const rejected = (errorCode: string, errorMessage: string): PutEventsResultEntry => {
      this.log({ component: 'eventbridge', event: 'entry-rejected', index, errorCode, errorMessage });
      return { errorCode, errorMessage };
    };
    for (const field of ['Source', 'DetailType', 'Detail'] as const) {
      const value = entry[field];
      if (typeof value !== 'string' || value === '') {
        return rejected('InvalidArgument', `Parameter ${field} is not valid. Reason: ${field} is a required argument.`);
      }
    }
    const detail = parseJsonObject(entry.Detail!);
    if (!detail) return rejected('MalformedDetail', 'Detail is malformed.');
    const time = entry.Time === undefined || entry.Time === null ? receivedAt : toDate(entry.Time);
    if (!time) return rejected('InvalidArgument', 'Parameter Time is not valid. Reason: Time must be a timestamp.');
    if (entry.Resources !== undefined && entry.Resources !== null
      && !(Array.isArray(entry.Resources) && entry.Resources.every((resource) => typeof resource === 'string'))) {
      return rejected('InvalidArgument', 'Parameter Resources is not valid. Reason: Resources must be a list of strings.');
    }
    const bus = this.busOf(entry.EventBusName);
    if (bus === undefined) {
      return rejected('InvalidArgument', `Event bus ${entry.EventBusName} does not exist.`);
    }

    const event: EventBridgeEvent = {
      'version': '0',
      'id': randomUUID(),
      'detail-type': entry.DetailType!,
      'source': entry.Source!,
      'account': LOCAL_ACCOUNT,
      'time': formatTime(time),
      'region': LOCAL_REGION,
      'resources': [...(entry.Resources ?? [])],
      'detail': detail,
    };
    const matched = this.rules.filter((rule) => rule.bus === bus && matchesEventPattern(rule.pattern, event));
    this.log({
      component: 'eventbridge',
      event: 'accepted',
      eventId: event.id,
      bus,
      source: event.source,
      detailType: event['detail-type'],
      rules: matched.map((rule) => rule.logicalId),
    });
    for (const rule of matched) {
      for (const target of rule.targets) {
        this.start({ event, receivedAt: receivedAt.getTime(), rule, target, attempts: 0 });
      }
    }
    return { eventId: event.id };
  }

  /** The local name of the bus an `EventBusName` names (a name or an ARN), or undefined when there is no such bus. */
  private busOf(name: string | undefined): string | undefined {
    if (name === undefined || name === null || name === '') return DEFAULT_EVENT_BUS;
    if (typeof name !== 'string') return undefined;
    const arn = /^arn:aws:events:([^:]*):([^:]*):event-bus\/(.+)$/.exec(name);
    if (arn && (arn[1] !== LOCAL_REGION || arn[2] !== LOCAL_ACCOUNT)) return undefined;
    const bus = arn ? arn[3] : name;
    return this.buses.has(bus) ? bus : undefined;
  }

  /** Starts a delivery on a later turn of the event loop, so that `putEvents` returns first. */
  private start(delivery: Delivery): void {
    this.pending.add(delivery);
    const running: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(delivery))
      .catch((error: unknown) => {
        this.log({ ...this.describe(delivery), event: 'delivery-error', error: messageOf(error) });
      })
      .finally(() => {
        this.pending.delete(delivery);
        this.running.delete(running);
      });
    this.running.add(running);
  }

  /** Delivers until the target accepts, or the retry policy gives up. */
  private async deliver(delivery: Delivery): Promise<void> {
    const { event, target } = delivery;
    const selected = selectInputPath(event, target.inputPath);
    const input = selected ? selected.value : null;
    let failure: Failure;
    let exhausted: string | undefined;
    for (;;) {
      if (this.stopped) return;
      delivery.attempts++;
      try {
        await this.send(target, input);
        this.log({ ...this.describe(delivery), event: 'delivered', ...(selected ? {} : { inputPathSelectedNothing: true }) });
        return;
      } catch (error) {
        failure = failureOf(error);
      }
      if (!failure.retryable) break;
      if (delivery.attempts - 1 >= target.retryAttempts) {
        exhausted = 'MaximumRetryAttempts';
        break;
      }
      if (this.expired(delivery)) {
        exhausted = 'MaximumEventAgeInSeconds';
        break;
      }
      const delayMs = Math.max(0, this.retryDelayMs(delivery.attempts));
      this.log({ ...this.describe(delivery), event: 'retry', errorCode: failure.errorCode, error: failure.errorMessage, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (this.expired(delivery)) {
        exhausted = 'MaximumEventAgeInSeconds';
        break;
      }
    }
    await this.giveUp(delivery, failure, exhausted);
  }

  /** Sends the input to the target. */
  private async send(target: LocalRuleTarget, input: unknown): Promise<void> {
    switch (target.kind) {
      case 'function':
        return this.targets.invokeFunction(target.target, input);
      case 'queue':
        return this.targets.sendToQueue(target.target, JSON.stringify(input));
      case 'stateMachine':
        return this.targets.startExecution(target.target, input);
      default:
        throw new TargetDeliveryError('INVALID_PARAMETER', `Unsupported target kind ${String((target as { kind: unknown }).kind)}`);
    }
  }

  /** Whether the event is older than the target's `MaximumEventAgeInSeconds`. */
  private expired(delivery: Delivery): boolean {
    return (this.now().getTime() - delivery.receivedAt) / 1000 >= delivery.target.maxEventAgeSeconds;
  }

  /**
   * The end of a failed delivery: the event (whole, whatever the `InputPath`) goes to the target's dead-letter
   * queue with EventBridge's attributes, or is dropped.
   */
  private async giveUp(delivery: Delivery, failure: Failure, exhausted: string | undefined): Promise<void> {
    const { event, rule, target } = delivery;
    const about = { ...this.describe(delivery), errorCode: failure.errorCode, error: failure.errorMessage, exhaustedRetryCondition: exhausted };
    if (target.deadLetterQueue !== undefined) {
      const attributes: Record<string, string> = {
        RULE_ARN: this.ruleArn(rule),
        TARGET_ARN: this.targetArn(target),
        ERROR_CODE: failure.errorCode,
        ERROR_MESSAGE: failure.errorMessage,
        ...(exhausted ? { EXHAUSTED_RETRY_CONDITION: exhausted } : {}),
        RETRY_ATTEMPTS: String(delivery.attempts - 1),
      };
      try {
        await this.targets.sendToQueue(target.deadLetterQueue, JSON.stringify(event), attributes);
        this.log({ ...about, event: 'dead-lettered', deadLetterQueue: target.deadLetterQueue });
        return;
      } catch (error) {
        this.log({ ...about, event: 'dead-letter-failed', deadLetterQueue: target.deadLetterQueue, deadLetterError: messageOf(error) });
      }
    } else {
      this.log({ ...about, event: 'dropped' });
    }
    this.dropped.push({ eventId: event.id, rule: rule.logicalId, target: target.target, attempts: delivery.attempts, state: 'dropped' });
    if (this.dropped.length > MAX_DROPPED_KEPT) this.dropped.shift();
  }

  /** The fields every delivery log entry has. */
  private describe(delivery: Delivery): object {
    return {
      component: 'eventbridge',
      eventId: delivery.event.id,
      rule: delivery.rule.logicalId,
      target: delivery.target.target,
      kind: delivery.target.kind,
      attempts: delivery.attempts,
    };
  }

  /** A rule's ARN: `rule/<name>` on the default bus, `rule/<bus>/<name>` on another; the logical id stands for the name. */
  private ruleArn(rule: LocalRule): string {
    const path = rule.bus === DEFAULT_EVENT_BUS ? rule.logicalId : `${rule.bus}/${rule.logicalId}`;
    return `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${path}`;
  }

  /** A target's ARN: the app's when it lists the resource, else one derived from the logical id. */
  private targetArn(target: LocalRuleTarget): string {
    const known = this.arns.get(`${target.kind}:${target.target}`);
    if (known !== undefined) return known;
    switch (target.kind) {
      case 'function':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${target.target}`;
      case 'queue':
        return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${target.target}`;
      default:
        return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${target.target}`;
    }
  }

}

/** Why a target's rejection failed the delivery, in EventBridge's terms. */
function failureOf(error: unknown): Failure {
  const errorMessage = messageOf(error);
  const own = isObject(error) && typeof error.errorCode === 'string' ? error.errorCode : undefined;
  const name = error instanceof Error ? error.name : '';
  const errorCode = own
    ?? (['ThrottlingException', 'TooManyRequestsException'].includes(name) ? 'THROTTLING' : undefined)
    ?? (name === 'ResourceNotFoundException' ? 'NO_RESOURCE' : 'ERROR_FROM_TARGET');
  return { errorCode, errorMessage, retryable: !NON_RETRYABLE_ERROR_CODES.includes(errorCode) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

