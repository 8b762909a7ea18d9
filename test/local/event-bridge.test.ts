import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  EventBridgeRequestError,
  EventTargets,
  LocalEventBridge,
  LocalEventBridgeOptions,
  MAX_PUT_EVENTS_SIZE,
  PutEventsRequestEntry,
  TargetDeliveryError,
  entrySize,
  selectInputPath,
} from '../../src/local/event-bridge';
import type { LocalRule, LocalRuleTarget } from '../../src/local/local-app';

/** A call the bridge made to a target. */
interface Call {
  readonly method: 'invokeFunction' | 'sendToQueue' | 'startExecution';
  readonly logicalId: string;
  readonly payload: unknown;
  readonly attributes?: Record<string, string>;
}

/**
 * Targets that record their calls. `failures` says how a target answers: a number of rejections before it
 * accepts (Infinity: always), or an error to reject with every time.
 */
function recordingTargets(failures: Record<string, number | Error> = {}): EventTargets & { calls: Call[] } {
  const calls: Call[] = [];
  const seen: Record<string, number> = {};
  const answer = (logicalId: string): Promise<void> => {
    seen[logicalId] = (seen[logicalId] ?? 0) + 1;
    const failure = failures[logicalId];
    if (failure instanceof Error) return Promise.reject(failure);
    if (failure !== undefined && seen[logicalId] <= failure) return Promise.reject(new Error(`${logicalId} is unavailable`));
    return Promise.resolve();
  };
  return {
    calls,
    invokeFunction: (logicalId, payload) => {
      calls.push({ method: 'invokeFunction', logicalId, payload });
      return answer(logicalId);
    },
    sendToQueue: (logicalId, body, attributes) => {
      calls.push({ method: 'sendToQueue', logicalId, payload: body, ...(attributes ? { attributes } : {}) });
      return answer(logicalId);
    },
    startExecution: (logicalId, input) => {
      calls.push({ method: 'startExecution', logicalId, payload: input });
      return answer(logicalId);
    },
  };
}

function target(kind: LocalRuleTarget['kind'], logicalId: string, extra: Partial<LocalRuleTarget> = {}): LocalRuleTarget {
  return { kind, target: logicalId, retryAttempts: 185, maxEventAgeSeconds: 86400, ...extra };
}

/** An app: an `orders` bus with two rules, and a rule on the default bus. */
function app(rules?: LocalRule[]): { eventBuses: string[]; rules: LocalRule[] } {
  return {
    eventBuses: ['orders'],
    rules: rules ?? [
      {
        logicalId: 'OrderPlacedRule',
        bus: 'orders',
        pattern: { 'source': ['shop.orders'], 'detail-type': ['OrderPlaced'] },
        targets: [
          target('function', 'ProcessOrder', { inputPath: '$.detail' }),
          target('queue', 'AuditQueue'),
          target('stateMachine', 'Fulfilment', { inputPath: '$.detail.order' }),
        ],
      },
      {
        logicalId: 'BigOrderRule',
        bus: 'orders',
        pattern: { detail: { amount: [{ numeric: ['>', 100] }] } },
        targets: [target('queue', 'BigOrders', { inputPath: '$.detail.amount' })],
      },
      {
        logicalId: 'DefaultBusRule',
        bus: 'default',
        pattern: { source: ['shop.orders'] },
        targets: [target('function', 'DefaultBusListener')],
      },
    ],
  };
}

function order(amount: number, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return {
    Source: 'shop.orders',
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({ order: { id: 'o-1' }, amount }),
    EventBusName: 'orders',
    ...extra,
  };
}

/** A bridge whose retries do not wait, and its log. */
function bridgeFor(
  targets: EventTargets,
  rules?: LocalRule[],
  options: LocalEventBridgeOptions = {},
): { bridge: LocalEventBridge; log: Array<Record<string, unknown>> } {
  const log: Array<Record<string, unknown>> = [];
  const bridge = new LocalEventBridge(app(rules), targets, {
    retryDelayMs: () => 0,
    log: (entry) => log.push(entry as Record<string, unknown>),
    ...options,
  });
  return { bridge, log };
}

/** One rule on the default bus with one target. */
function singleRule(ruleTarget: LocalRuleTarget): LocalRule[] {
  return [{ logicalId: 'Rule', bus: 'default', pattern: { source: ['app'] }, targets: [ruleTarget] }];
}

const SIMPLE: PutEventsRequestEntry = { Source: 'app', DetailType: 'Thing', Detail: '{"n":1}' };

/** An entry that EventBridge sizes at `size` bytes. */
function entryOfSize(size: number): PutEventsRequestEntry {
  const base = { Source: 'app', DetailType: 'Thing', Time: new Date() };
  const padding = size - entrySize({ ...base, Detail: '{"p":""}' });
  return { ...base, Detail: JSON.stringify({ p: 'x'.repeat(padding) }) };
}

describe('putEvents validation', () => {
  test('each entry needs Source, DetailType and a Detail that is a JSON object; the others are accepted', () => {
    const { bridge } = bridgeFor(recordingTargets());
    const result = bridge.putEvents([
      { DetailType: 'X', Detail: '{}' },
      { Source: 'app', Detail: '{}' },
      { Source: 'app', DetailType: 'X' },
      { Source: 'app', DetailType: 'X', Detail: '{not json' },
      { Source: 'app', DetailType: 'X', Detail: '[1, 2]' },
      { Source: 'app', DetailType: 'X', Detail: '"text"' },
      { Source: '', DetailType: 'X', Detail: '{}' },
      { Source: 'app', DetailType: 'X', Detail: '{}' },
    ]);
    expect(result.failedEntryCount).toBe(7);
    expect(result.entries.slice(0, 3)).toEqual([
      { errorCode: 'InvalidArgument', errorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { errorCode: 'InvalidArgument', errorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { errorCode: 'InvalidArgument', errorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
    ]);
    expect(result.entries.slice(3, 6)).toEqual(Array(3).fill({ errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' }));
    expect(result.entries[6].errorCode).toBe('InvalidArgument');
    expect(result.entries[7]).toEqual({ eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
  });

  test('a request of 11 entries, or of none, is refused as a whole', () => {
    const targets = recordingTargets();
    const { bridge } = bridgeFor(targets);
    expect(() => bridge.putEvents(Array(11).fill(SIMPLE))).toThrow(EventBridgeRequestError);
    expect(() => bridge.putEvents(Array(11).fill(SIMPLE))).toThrow(/length less than or equal to 10/);
    expect(() => bridge.putEvents([])).toThrow(/length greater than or equal to 1/);
    let thrown: unknown;
    try {
      bridge.putEvents(Array(11).fill(SIMPLE));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ValidationException', name: 'ValidationException' });
    expect(targets.calls).toEqual([]);
    expect(bridge.putEvents(Array(10).fill(SIMPLE)).failedEntryCount).toBe(0);
  });

  test.each([
    ['one byte under the limit', MAX_PUT_EVENTS_SIZE - 1, true],
    ['exactly the limit', MAX_PUT_EVENTS_SIZE, true],
    ['one byte over the limit', MAX_PUT_EVENTS_SIZE + 1, false],
  ])('entries of %s (1 MB, EventBridge\'s quota since 2026) in total: accepted %p', (_case, size, accepted) => {
    const { bridge } = bridgeFor(recordingTargets());
    const entry = entryOfSize(size);
    expect(entrySize(entry)).toBe(size);
    if (accepted) {
      expect(bridge.putEvents([entry]).failedEntryCount).toBe(0);
    } else {
      expect(() => bridge.putEvents([entry])).toThrow('Total size of the entries in the request is over the limit.');
    }
  });

  test('the limit is on the request: two entries of 600 KB are refused together, a 300 KB entry (refused before 2026) is accepted', () => {
    const { bridge } = bridgeFor(recordingTargets());
    expect(() => bridge.putEvents([entryOfSize(600 * 1024), entryOfSize(600 * 1024)])).toThrow(/over the limit/);
    expect(bridge.putEvents([entryOfSize(300 * 1024)]).failedEntryCount).toBe(0);
  });

  test('entry size counts Time as 14 bytes and strings as UTF-8 bytes', () => {
    expect(entrySize({ Source: 'é', DetailType: 'ab', Detail: '{}', Resources: ['r1', 'r2'] })).toBe(2 + 2 + 2 + 4);
    expect(entrySize({ Time: 0 })).toBe(14);
    expect(entrySize({})).toBe(0);
  });

  test('EventBusName is a name or a local ARN, `default` when absent; an unknown bus fails its entry', () => {
    const { bridge } = bridgeFor(recordingTargets());
    const result = bridge.putEvents([
      { ...SIMPLE },
      { ...SIMPLE, EventBusName: 'default' },
      { ...SIMPLE, EventBusName: 'orders' },
      { ...SIMPLE, EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/orders' },
      { ...SIMPLE, EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
      { ...SIMPLE, EventBusName: 'nope' },
      { ...SIMPLE, EventBusName: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' },
      { ...SIMPLE, EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/orders' },
    ]);
    expect(result.failedEntryCount).toBe(3);
    expect(result.entries.slice(0, 5).every((entry) => entry.eventId !== undefined)).toBe(true);
    expect(result.entries[5]).toEqual({ errorCode: 'InvalidArgument', errorMessage: 'Event bus nope does not exist.' });
    expect(result.entries[6].errorCode).toBe('InvalidArgument');
    expect(result.entries[7].errorCode).toBe('InvalidArgument');
  });

  test('a Time that is no timestamp fails its entry', () => {
    const { bridge } = bridgeFor(recordingTargets());
    const result = bridge.putEvents([{ ...SIMPLE, Time: 'yesterday' }, { ...SIMPLE, Time: new Date(Number.NaN) }]);
    expect(result.entries.map((entry) => entry.errorCode)).toEqual(['InvalidArgument', 'InvalidArgument']);
  });
});

describe('events', () => {
  test('an accepted entry becomes an event with EventBridge envelope', async () => {
    const targets = recordingTargets();
    const { bridge } = bridgeFor(targets, singleRule(target('queue', 'Q')), { now: () => new Date('2024-01-01T00:00:00.123Z') });
    const [accepted] = bridge.putEvents([{ ...SIMPLE, Resources: ['arn:aws:s3:::bucket'] }]).entries;
    await bridge.idle();
    expect(targets.calls).toHaveLength(1);
    expect(JSON.parse(targets.calls[0].payload as string)).toEqual({
      'version': '0',
      'id': accepted.eventId,
      'detail-type': 'Thing',
      'source': 'app',
      'account': '000000000000',
      'time': '2024-01-01T00:00:00Z',
      'region': 'us-east-1',
      'resources': ['arn:aws:s3:::bucket'],
      'detail': { n: 1 },
    });
  });

  test('the event time is the entry Time when given: a date, epoch seconds or an RFC 3339 string', async () => {
    const targets = recordingTargets();
    const { bridge } = bridgeFor(targets, singleRule(target('function', 'F', { inputPath: '$.time' })));
    bridge.putEvents([
      { ...SIMPLE, Time: new Date('2023-05-06T07:08:09.999Z') },
      { ...SIMPLE, Time: 1700000000.5 },
      { ...SIMPLE, Time: '2022-02-03T04:05:06+01:00' },
    ]);
    await bridge.idle();
    expect(targets.calls.map((call) => call.payload).sort()).toEqual(['2022-02-03T03:05:06Z', '2023-05-06T07:08:09Z', '2023-11-14T22:13:20Z']);
  });

  test('delivery is asynchronous: putEvents returns before targets run, idle() waits for them', async () => {
    const targets = recordingTargets();
    const { bridge } = bridgeFor(targets);
    bridge.putEvents([order(50)]);
    expect(targets.calls).toHaveLength(0);
    await bridge.idle();
    expect(targets.calls).toHaveLength(3);
    await bridge.idle();
  });

  test('only the targets of the rules of the event bus whose pattern matches get the event, as their InputPath selects', async () => {
    const targets = recordingTargets();
    const { bridge, log } = bridgeFor(targets);
    const [small, big, other] = bridge.putEvents([
      order(50),
      order(150, { Detail: JSON.stringify({ order: { id: 'o-2' }, amount: 150 }) }),
      order(500, { Source: 'shop.returns' }),
    ]).entries;
    await bridge.idle();
    const byTarget = (logicalId: string) => targets.calls.filter((call) => call.logicalId === logicalId).map((call) => call.payload);
    expect(byTarget('ProcessOrder')).toEqual(expect.arrayContaining([{ order: { id: 'o-1' }, amount: 50 }, { order: { id: 'o-2' }, amount: 150 }]));
    expect(byTarget('ProcessOrder')).toHaveLength(2);
    expect(byTarget('Fulfilment')).toEqual(expect.arrayContaining([{ id: 'o-1' }, { id: 'o-2' }]));
    expect(byTarget('AuditQueue').map((body) => JSON.parse(body as string).id).sort()).toEqual([small.eventId, big.eventId].sort());
    expect(byTarget('BigOrders').sort()).toEqual(['150', '500']);
    expect(byTarget('DefaultBusListener')).toEqual([]);
    expect(targets.calls.filter((call) => call.logicalId === 'ProcessOrder').every((call) => call.method === 'invokeFunction')).toBe(true);
    expect(targets.calls.filter((call) => call.logicalId === 'Fulfilment').every((call) => call.method === 'startExecution')).toBe(true);

    const accepted = log.filter((entry) => entry.event === 'accepted');
    expect(accepted).toContainEqual(expect.objectContaining({
      eventId: other.eventId, bus: 'orders', source: 'shop.returns', detailType: 'OrderPlaced', rules: ['BigOrderRule'],
    }));
    expect(accepted).toContainEqual(expect.objectContaining({ eventId: small.eventId, rules: ['OrderPlacedRule'] }));
    expect(log.filter((entry) => entry.event === 'delivered')).toHaveLength(8);
  });

  test('the default bus has its own rules', async () => {
    const targets = recordingTargets();
    const { bridge } = bridgeFor(targets);
    bridge.putEvents([order(500, { EventBusName: undefined })]);
    await bridge.idle();
    expect(targets.calls.map((call) => call.logicalId)).toEqual(['DefaultBusListener']);
  });
});

describe('retries and dead-letter queues', () => {
  test('a failing delivery is retried and succeeds', async () => {
    const targets = recordingTargets({ F: 2 });
    const { bridge, log } = bridgeFor(targets, singleRule(target('function', 'F', { retryAttempts: 2, deadLetterQueue: 'Dlq' })));
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    expect(targets.calls.map((call) => call.logicalId)).toEqual(['F', 'F', 'F']);
    expect(log.map((entry) => entry.event)).toEqual(['accepted', 'retry', 'retry', 'delivered']);
    expect(log[1]).toMatchObject({ errorCode: 'ERROR_FROM_TARGET', error: 'F is unavailable', attempts: 1, rule: 'Rule', target: 'F' });
    expect(bridge.undelivered()).toEqual([]);
  });

  test('after retryAttempts retries the event goes to the dead-letter queue with EventBridge attributes', async () => {
    const targets = recordingTargets({ F: Infinity });
    const delays: number[] = [];
    const { bridge, log } = bridgeFor(targets, singleRule(target('function', 'F', { retryAttempts: 2, deadLetterQueue: 'Dlq' })), {
      retryDelayMs: (retry) => {
        delays.push(retry);
        return 1;
      },
    });
    const [{ eventId }] = bridge.putEvents([SIMPLE]).entries;
    await bridge.idle();
    expect(delays).toEqual([1, 2]);
    expect(targets.calls.filter((call) => call.logicalId === 'F')).toHaveLength(3);
    const dead = targets.calls.filter((call) => call.logicalId === 'Dlq');
    expect(dead).toHaveLength(1);
    expect(dead[0].method).toBe('sendToQueue');
    expect(JSON.parse(dead[0].payload as string)).toMatchObject({ id: eventId, source: 'app', detail: { n: 1 } });
    expect(dead[0].attributes).toEqual({
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/Rule',
      TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:F',
      ERROR_CODE: 'ERROR_FROM_TARGET',
      ERROR_MESSAGE: 'F is unavailable',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: '2',
    });
    expect(log.at(-1)).toMatchObject({ event: 'dead-lettered', deadLetterQueue: 'Dlq', eventId, attempts: 3 });
    expect(bridge.undelivered()).toEqual([]);
  });

  test('the dead-lettered event is the whole event, whatever the InputPath; ARNs come from the app when it has them', async () => {
    const targets = recordingTargets({ Q: Infinity });
    const rules: LocalRule[] = [{
      logicalId: 'Rule',
      bus: 'orders',
      pattern: { source: ['app'] },
      targets: [target('queue', 'Q', { retryAttempts: 0, inputPath: '$.detail', deadLetterQueue: 'Dlq' })],
    }];
    const log: object[] = [];
    const bridge = new LocalEventBridge(
      { ...app(rules), queues: [{ logicalId: 'Q', arn: 'arn:aws:sqs:us-east-1:000000000000:my-queue' }] },
      targets,
      { retryDelayMs: () => 0, log: (entry) => log.push(entry) },
    );
    bridge.putEvents([{ ...SIMPLE, EventBusName: 'orders' }]);
    await bridge.idle();
    expect(targets.calls[0].payload).toBe('{"n":1}');
    const dead = targets.calls.find((call) => call.logicalId === 'Dlq')!;
    expect(JSON.parse(dead.payload as string)).toMatchObject({ 'detail-type': 'Thing', 'detail': { n: 1 } });
    expect(dead.attributes).toMatchObject({
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/orders/Rule',
      TARGET_ARN: 'arn:aws:sqs:us-east-1:000000000000:my-queue',
      RETRY_ATTEMPTS: '0',
    });
  });

  test('without a dead-letter queue the event is dropped, logged and listed as undelivered', async () => {
    const targets = recordingTargets({ S: Infinity });
    const { bridge, log } = bridgeFor(targets, singleRule(target('stateMachine', 'S', { retryAttempts: 1 })));
    const [{ eventId }] = bridge.putEvents([SIMPLE]).entries;
    await bridge.idle();
    expect(targets.calls).toHaveLength(2);
    expect(log.at(-1)).toMatchObject({ event: 'dropped', eventId, exhaustedRetryCondition: 'MaximumRetryAttempts', errorCode: 'ERROR_FROM_TARGET' });
    expect(bridge.undelivered()).toEqual([{ eventId, rule: 'Rule', target: 'S', attempts: 2, state: 'dropped' }]);
  });

  test('a dead-letter queue that refuses the event leaves it dropped', async () => {
    const targets = recordingTargets({ F: Infinity, Dlq: Infinity });
    const { bridge, log } = bridgeFor(targets, singleRule(target('function', 'F', { retryAttempts: 0, deadLetterQueue: 'Dlq' })));
    const [{ eventId }] = bridge.putEvents([SIMPLE]).entries;
    await bridge.idle();
    expect(log.at(-1)).toMatchObject({ event: 'dead-letter-failed', deadLetterError: 'Dlq is unavailable' });
    expect(bridge.undelivered()).toEqual([{ eventId, rule: 'Rule', target: 'F', attempts: 1, state: 'dropped' }]);
  });

  test('retries stop once the event is maxEventAgeSeconds old', async () => {
    let clock = Date.parse('2024-01-01T00:00:00Z');
    const targets = recordingTargets({ F: Infinity });
    const rules = singleRule(target('function', 'F', { retryAttempts: 185, maxEventAgeSeconds: 60, deadLetterQueue: 'Dlq' }));
    const { bridge } = bridgeFor(targets, rules, {
      now: () => new Date(clock),
      retryDelayMs: () => {
        clock += 25_000;
        return 0;
      },
    });
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    // Attempts at 0 s, 25 s, 50 s; after the wait that brings the event to 75 s, no more.
    expect(targets.calls.filter((call) => call.logicalId === 'F')).toHaveLength(3);
    const dead = targets.calls.find((call) => call.logicalId === 'Dlq')!;
    expect(dead.attributes).toMatchObject({ EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds', RETRY_ATTEMPTS: '2' });
  });

  test('an event already too old when a delivery fails is not retried', async () => {
    let clock = 0;
    const targets: EventTargets = {
      ...recordingTargets(),
      invokeFunction: () => {
        clock += 120_000;
        return Promise.reject(new Error('slow failure'));
      },
    };
    const { bridge, log } = bridgeFor(targets, singleRule(target('function', 'F', { maxEventAgeSeconds: 60 })), { now: () => new Date(clock) });
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    expect(log.at(-1)).toMatchObject({ event: 'dropped', attempts: 1, exhaustedRetryCondition: 'MaximumEventAgeInSeconds' });
  });

  test('errors EventBridge does not retry go straight to the dead-letter queue', async () => {
    const targets = recordingTargets({ F: new TargetDeliveryError('NO_RESOURCE', 'Function not found: F') });
    const { bridge } = bridgeFor(targets, singleRule(target('function', 'F', { deadLetterQueue: 'Dlq' })));
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    expect(targets.calls.filter((call) => call.logicalId === 'F')).toHaveLength(1);
    const dead = targets.calls.find((call) => call.logicalId === 'Dlq')!;
    expect(dead.attributes).toEqual({
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/Rule',
      TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:F',
      ERROR_CODE: 'NO_RESOURCE',
      ERROR_MESSAGE: 'Function not found: F',
      RETRY_ATTEMPTS: '0',
    });
  });

  test('throttling and missing resources are recognised by error name', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const missing = Object.assign(new Error('no such machine'), { name: 'ResourceNotFoundException' });
    const targets = recordingTargets({ F: throttled, S: missing });
    const rules: LocalRule[] = [{
      logicalId: 'Rule',
      bus: 'default',
      pattern: { source: ['app'] },
      targets: [
        target('function', 'F', { retryAttempts: 1, deadLetterQueue: 'Dlq' }),
        target('stateMachine', 'S', { retryAttempts: 1, deadLetterQueue: 'Dlq' }),
      ],
    }];
    const { bridge } = bridgeFor(targets, rules);
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    const dead = targets.calls.filter((call) => call.logicalId === 'Dlq').map((call) => call.attributes!);
    expect(dead).toContainEqual(expect.objectContaining({ ERROR_CODE: 'THROTTLING', RETRY_ATTEMPTS: '1' }));
    expect(dead).toContainEqual(expect.objectContaining({
      ERROR_CODE: 'NO_RESOURCE',
      RETRY_ATTEMPTS: '0',
      TARGET_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:S',
    }));
  });

  test('a target method that throws instead of rejecting is a failed delivery too', async () => {
    const targets: EventTargets = {
      ...recordingTargets(),
      startExecution: () => {
        throw new Error('boom');
      },
    };
    const { bridge, log } = bridgeFor(targets, singleRule(target('stateMachine', 'S', { retryAttempts: 0 })));
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    expect(log.at(-1)).toMatchObject({ event: 'dropped', error: 'boom' });
  });
});

describe('idle() and undelivered()', () => {
  test('a delivery in progress is pending until its target answers', async () => {
    let accept: () => void = () => undefined;
    const targets: EventTargets = {
      ...recordingTargets(),
      invokeFunction: () => new Promise<void>((resolve) => {
        accept = resolve;
      }),
    };
    const { bridge } = bridgeFor(targets, singleRule(target('function', 'F')));
    const [{ eventId }] = bridge.putEvents([SIMPLE]).entries;
    let idle = false;
    const waiting = bridge.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(idle).toBe(false);
    expect(bridge.undelivered()).toEqual([{ eventId, rule: 'Rule', target: 'F', attempts: 1, state: 'pending' }]);
    accept();
    await waiting;
    expect(idle).toBe(true);
    expect(bridge.undelivered()).toEqual([]);
  });

  test('idle() resolves at once when nothing was sent, and a failing logger changes nothing', async () => {
    const targets = recordingTargets();
    const bridge = new LocalEventBridge(app(), targets, {
      log: () => {
        throw new Error('logger down');
      },
    });
    await bridge.idle();
    expect(bridge.putEvents([order(50)]).failedEntryCount).toBe(0);
    await bridge.idle();
    expect(targets.calls).toHaveLength(3);
  });
});

describe('selectInputPath', () => {
  const event = { 'detail': { 'a-b': { c: 1 }, 'x y': 2, 'list': [{ v: 'first' }] }, 'resources': ['r0', 'r1'], 'detail-type': 'T' };

  test.each([
    ['$', event],
    [' $ ', event],
    ['$.detail', event.detail],
    ['$.detail.a-b.c', 1],
    ['$.detail-type', 'T'],
    ['$.resources[1]', 'r1'],
    ['$.detail.list[0].v', 'first'],
    ["$.detail['x y']", 2],
    ['$.detail["a-b"].c', 1],
  ])('%s', (path, expected) => {
    expect(selectInputPath(event, path)).toEqual({ value: expected });
  });

  const nothing = ['$.missing', '$.detail.a-b.c.d', '$.resources[2]', '$.detail[0]', 'detail', '$..detail', '$.resources[*]'];
  test.each(nothing)('%s selects nothing', (path) => {
    expect(selectInputPath(event, path)).toBeUndefined();
  });

  test('no InputPath is the whole event', () => {
    expect(selectInputPath(event, undefined)).toEqual({ value: event });
  });

  test('a path selecting nothing delivers null', async () => {
    const targets = recordingTargets();
    const { bridge, log } = bridgeFor(targets, singleRule(target('function', 'F', { inputPath: '$.detail.missing' })));
    bridge.putEvents([SIMPLE]);
    await bridge.idle();
    expect(targets.calls[0].payload).toBeNull();
    expect(log.at(-1)).toMatchObject({ event: 'delivered', inputPathSelectedNothing: true });
  });
});

describe('the AWS JSON 1.1 endpoint', () => {
  let server: http.Server;
  let endpoint: string;
  let targets: ReturnType<typeof recordingTargets>;
  let bridge: LocalEventBridge;

  beforeEach(async () => {
    targets = recordingTargets();
    bridge = new LocalEventBridge(app(), targets, { retryDelayMs: () => 0 });
    server = http.createServer(bridge.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function client(withEndpoint: boolean): EventBridgeClient {
    return new EventBridgeClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      maxAttempts: 1,
      ...(withEndpoint ? { endpoint } : {}),
    });
  }

  test('PutEventsCommand of @aws-sdk/client-eventbridge, with the endpoint option', async () => {
    const eventBridge = client(true);
    try {
      const output = await eventBridge.send(new PutEventsCommand({
        Entries: [
          {
            Source: 'shop.orders',
            DetailType: 'OrderPlaced',
            Detail: '{"order":{"id":"o-9"},"amount":500}',
            EventBusName: 'orders',
            Time: new Date('2024-03-04T05:06:07Z'),
          },
          { Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: 'not json', EventBusName: 'orders' },
          { Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: '{}', EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/missing' },
        ],
      }));
      expect(output.FailedEntryCount).toBe(2);
      expect(output.Entries).toEqual([
        { EventId: expect.any(String) },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
        { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('does not exist') },
      ]);
      await bridge.idle();
      const audit = targets.calls.find((call) => call.logicalId === 'AuditQueue')!;
      expect(JSON.parse(audit.payload as string)).toMatchObject({ id: output.Entries![0].EventId, time: '2024-03-04T05:06:07Z' });
      expect(targets.calls.filter((call) => call.logicalId === 'BigOrders').map((call) => call.payload)).toEqual(['500']);
    } finally {
      eventBridge.destroy();
    }
  });

  test('PutEventsCommand reaches it through AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = endpoint;
    const eventBridge = client(false);
    try {
      let requests = 0;
      server.on('request', () => requests++);
      const output = await eventBridge.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'Thing', Detail: '{}' }] }));
      expect(output).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
      expect(requests).toBe(1);
    } finally {
      eventBridge.destroy();
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
      else process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = previous;
    }
  });

  test('the SDK sees a request of 11 entries fail with ValidationException', async () => {
    const eventBridge = client(true);
    try {
      const entries = Array(11).fill({ Source: 'app', DetailType: 'Thing', Detail: '{}' });
      await expect(eventBridge.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining('less than or equal to 10'),
        $metadata: expect.objectContaining({ httpStatusCode: 400 }),
      });
      expect(targets.calls).toEqual([]);
    } finally {
      eventBridge.destroy();
    }
  });

  async function post(operation: string | undefined, body: string): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...(operation ? { 'x-amz-target': operation } : {}) },
      body,
    });
    return { status: response.status, type: response.headers.get('content-type'), json: await response.json() as Record<string, unknown> };
  }

  test('answers PutEvents in JSON 1.1', async () => {
    const answer = await post('AWSEvents.PutEvents', JSON.stringify({ Entries: [{ Source: 'app', DetailType: 'Thing', Detail: '{}' }, {}] }));
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/x-amz-json-1.1');
    expect(answer.json).toEqual({
      FailedEntryCount: 1,
      Entries: [{ EventId: expect.any(String) }, { ErrorCode: 'InvalidArgument', ErrorMessage: expect.any(String) }],
    });
  });

  test('refuses other operations, bodies that are not JSON and malformed requests', async () => {
    expect(await post('AWSEvents.PutRule', '{}')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await post(undefined, '{}')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await post('AWSEvents.PutEvents', '{"Entries": [')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('AWSEvents.PutEvents', '[]')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('AWSEvents.PutEvents', '{"Entries": "x"}')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('AWSEvents.PutEvents', '{"Entries": [1]}')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    for (const body of ['{"Entries": [{"Source": 1}]}', '{"Entries": [{"Resources": [1]}]}', '{"Entries": [{"Time": true}]}']) {
      expect(await post('AWSEvents.PutEvents', body)).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    }
    expect(await post('AWSEvents.PutEvents', '')).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(await post('AWSEvents.PutEvents', '{"Entries": []}')).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    const get = await fetch(endpoint, { headers: { 'x-amz-target': 'AWSEvents.PutEvents' } });
    expect(get.status).toBe(400);
    expect(get.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});
