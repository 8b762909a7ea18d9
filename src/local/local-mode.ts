import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { readAssembly } from './assembly';
import { LocalTables, startTables, tableStreamArn } from './dynamodb-local';
import { LocalEventBridge } from './event-bridge';
import { LocalKinesis, startKinesis } from './kinesis';
import { hostRuntimeNotice, InvocationResult, LocalFunctionRuntime, LogLine, WorkerMemory, workerRetirement } from './lambda-runtime';
import { LocalApp } from './local-app';
import { closeServer, functionOf, listen, resolveFunction, shortPath } from './local-functions';
import { BoundedHistory, LocalHistory } from './local-history';
import { LocalQueues } from './local-queues';
import { DEFAULT_DRAIN_MS, LeftBehind, leftBehindLines, StopOptions } from './local-stop';
import { QueueEventSource } from './queue-event-source';
import { InvocationOutcome, LocalRestApiServer, RequestLog } from './rest-api-server';
import { LocalS3, S3_CLIENT_ENVIRONMENT, startS3 } from './s3';
import { LocalSchedules, ScheduledRun } from './schedules';
import { LocalStepFunctions } from './step-functions';
import { StreamEventSource } from './stream-event-source';
import { WorkerMemoryBudget } from './worker-memory';

/** Options of `startLocal`. */
export interface LocalModeOptions {
  /** The cloud assembly `cdk synth` wrote: `cdk.out`. */
  readonly assemblyDir: string;
  /**
   * The stack to run, when the assembly has several.
   *
   * @default - the only stack
   */
  readonly stackName?: string;
  /**
   * Port of the first REST API; the next APIs take the next ports. 0 takes free ports.
   *
   * @default 3000
   */
  readonly port?: number;
  /**
   * Receives every log line: requests, invocations and their logs, deliveries.
   *
   * @default - printed to the console
   */
  readonly log?: (line: string) => void;
  /**
   * The entries each list of `history` keeps (the latest; at most a tenth more): a long session keeps a flat memory.
   *
   * @default 10000
   */
  readonly historySize?: number;
  /**
   * The most megabytes the heap limits of all the functions' workers may add up to (each worker's heap is limited to
   * its function's memory size, so a function of 1,769 MB counts 1,769 MB per worker, whatever it uses). A cold start
   * that would pass it first discards idle workers, the least recently used first, or waits for one to be idle.
   *
   * @default - no budget: each function has up to 10 workers
   */
  readonly workersMemoryMb?: number;
  /**
   * The most workers alive at once, of all the functions together. Each worker is a V8 isolate with its own copy of
   * the function's modules (about 12 MB under Node 24 for a starter with Powertools and the AWS SDK), so an app whose
   * every function ran once would otherwise hold one per function: 6 GB for 500. A cold start past the count first
   * stops idle workers, the least recently used first, or waits for one to be idle.
   *
   * @default 64
   */
  readonly maxWorkers?: number;
  /**
   * Invocations after which a worker is retired: the next invocation starts a new one, a cold start, as Lambda ends
   * execution environments from time to time even under a steady load. 0 never retires one.
   *
   * @default 1000
   */
  readonly workerMaxInvocations?: number;
  /**
   * Seconds after which an idle worker is stopped, as Lambda reclaims idle execution environments. 0 keeps them.
   *
   * @default 300
   */
  readonly workerIdleSeconds?: number;
}

/** Local mode, running. */
export interface LocalMode {
  /** What runs: the app as the template describes it. */
  readonly app: LocalApp;
  /** The base URL of each REST API, stage included, by the API's name. */
  readonly apiUrls: Record<string, string>;
  /**
   * The emulators' endpoints, as the functions' `AWS_ENDPOINT_URL_*` name them, and what else their SDK needs to
   * use them (S3's `AWS_REQUEST_CHECKSUM_CALCULATION` and `AWS_RESPONSE_CHECKSUM_VALIDATION`).
   */
  readonly endpoints: Record<string, string>;
  /** What the app uses that local mode does not run, one line each. */
  readonly notEmulated: string[];
  /** What happened so far, for tests: the events put on the buses and the invocations, in order. */
  readonly history: LocalHistory;
  /** The URL that fires a schedule: `POST <schedulesUrl>/<name>`; `GET` lists them. Undefined when the app has none. */
  readonly schedulesUrl?: string;
  /**
   * Fires a schedule now (its name, `ReportsService/NightlySchedule`, or logical id): its function is invoked
   * asynchronously with the input Scheduler would send.
   */
  fireSchedule(name: string): ScheduledRun;
  /** Invokes a function synchronously, by its logical id or construct path (`shop/ItemsService/Create`). */
  invoke(fn: string, event: unknown): Promise<InvocationResult>;
  /** Resolves when nothing is in flight: no request, delivery, retry or batch. */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * Stops: new requests are refused at once (503, the stage going away), what was accepted drains for at most
   * `drainMs`, what is still running then is abandoned; resolves to what was left, counted once all has stopped.
   */
  stop(options?: StopOptions): Promise<{ readonly undelivered: string[] }>;
  /** What would be left if the process ended now, one line each: what a second Ctrl-C abandons. */
  inFlight(): string[];
  /** The functions' live workers and what each one's V8 isolate holds now, by function: where a long session's memory is. */
  workerMemory(): Promise<FunctionWorkers[]>;
}

/** The live workers of one function. */
export interface FunctionWorkers {
  /** The function's construct path without the stack: `ItemsService/Create`. */
  readonly function: string;
  /** What each live worker's isolate holds. */
  readonly workers: WorkerMemory[];
}

/** The most workers alive at once, of all the functions together, by default: about 770 MB of them under Node 24. */
export const DEFAULT_MAX_WORKERS = 64;

/** Lambda's retries of a failed asynchronous invocation. */
const ASYNC_RETRIES = 2;

/**
 * Runs the synthesized app on this machine, without Docker and without AWS: each function's bundle
 * from `cdk.out`, unmodified, in a worker of its own; DynamoDB on dynalite (on DynamoDB Local, when
 * a table has a stream and Java is there); Kinesis streams on kinesalite; EventBridge's PutEvents
 * with real rule matching; SQS queues in memory; the event source mappings of queues, Kinesis
 * streams and tables' streams with Lambda's batching, retries and failure handling; S3 on
 * s3rver with the buckets' notifications; the REST APIs on local ports. Functions reach the
 * emulators through `AWS_ENDPOINT_URL_<SERVICE>`, and the environment the template gives them
 * resolves to the local resources.
 */
export async function startLocal(options: LocalModeOptions): Promise<LocalMode> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stopping: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stopping.reverse()) {
      await stop().catch(() => undefined);
    }
  };
  try {
    return await start(options, log, stopping, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function start(
  options: LocalModeOptions,
  log: (line: string) => void,
  stopping: Array<() => Promise<void>>,
  stopAll: () => Promise<void>,
): Promise<LocalMode> {
  // the options first: a bad one is refused before anything starts
  const history = new BoundedHistory(options.historySize);
  const memoryBudget = new WorkerMemoryBudget(options.workersMemoryMb ?? Infinity, options.maxWorkers ?? DEFAULT_MAX_WORKERS);
  workerRetirement(options);
  const app = readAssembly(options.assemblyDir, options.stackName);
  const runtimeNotice = hostRuntimeNotice(app.functions);
  if (runtimeNotice) {
    log(`[lambda] ${runtimeNotice}`);
  }
  // DynamoDB Local (Java) instead of dynalite when a table has a stream: one endpoint for every table
  const dynamodb: LocalTables = await startTables(app.tables);
  stopping.push(() => dynamodb.close());
  if (dynamodb.engine === 'DynamoDB Local') {
    log(`[dynamodb] DynamoDB Local started in ${dynamodb.startupMs} ms, for the tables' streams`);
  }
  const kinesis: LocalKinesis | undefined = app.kinesisStreams.length === 0 ? undefined : await startKinesis(app.kinesisStreams);
  if (kinesis) {
    stopping.push(() => kinesis.close());
  }

  const queues = new LocalQueues(app.queues);
  const functions = new Map(app.functions.map((fn) => [fn.logicalId, fn]));
  const runtimes = new Map<string, LocalFunctionRuntime>();
  let pendingAsync = 0;
  /** When the last invocation ended: what it wrote to a stream is read by a poll that starts after. */
  let lastInvocationAt = 0;

  const bridge = new LocalEventBridge(app, {
    invokeFunction: async (logicalId, payload) => {
      // EventBridge invokes asynchronously: accepted now, run (with Lambda's retries) later
      functionOf(functions, logicalId);
      startAsync(logicalId, payload);
    },
    sendToQueue: async (logicalId, body, attributes) => {
      queues.send(logicalId, body, attributes);
    },
    startExecution: async (logicalId, input) => {
      if (!stepFunctions.runs(logicalId)) {
        // not run (listed at start): the event counts as delivered, so it is not retried for a day
        log(`[stepfunctions] ${logicalId}: not started, local mode does not run this state machine`);
        return;
      }
      stepFunctions.startExecution(logicalId, input);
    },
  }, {
    log: (entry) => {
      const record = entry as { event?: string; source?: string; detailType?: string; rules?: string[] };
      if (record.event === 'accepted') {
        history.addEvent({ source: record.source ?? '', detailType: record.detailType ?? '', rules: record.rules ?? [] });
      }
      log(`[eventbridge] ${JSON.stringify(entry)}`);
    },
  });
  const bridgeServer = http.createServer(bridge.handler);
  await listen(bridgeServer, 0);
  stopping.push(() => closeServer(bridgeServer));

  // S3 (s3rver) when the app has buckets; their notifications are asynchronous invocations, accepted now and run
  // (with Lambda's retries) later, and their EventBridge events go to the default bus
  const s3: LocalS3 | undefined = app.buckets.length === 0 ? undefined : await startS3(app.buckets, {
    invokeAsync: (logicalId, event) => {
      functionOf(functions, logicalId);
      startAsync(logicalId, event);
    },
    putEvent: (entry) => {
      const [result] = bridge.putEvents([entry]).entries;
      if (result.errorCode !== undefined) {
        throw new Error(`${result.errorCode}: ${result.errorMessage}`);
      }
    },
    // the key the functions sign with (see runtimeOf)
    credentials: [{ accessKeyId: 'local', secretAccessKey: 'local' }],
    log: (entry) => log(`[s3] ${JSON.stringify(entry)}`),
  });
  if (s3) {
    stopping.push(() => s3.close());
  }

  const endpoints: Record<string, string> = {
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(bridgeServer.address() as AddressInfo).port}`,
    ...(dynamodb.engine === 'DynamoDB Local' && { AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodb.endpoint }),
    ...(kinesis && { AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint }),
    ...(s3 && { AWS_ENDPOINT_URL_S3: s3.endpoint, ...S3_CLIENT_ENVIRONMENT }),
  };
  const runtimeOf = (logicalId: string) => {
    let runtime = runtimes.get(logicalId);
    if (!runtime) {
      const fn = functionOf(functions, logicalId);
      runtime = new LocalFunctionRuntime(fn, {
        memoryBudget,
        workerMaxInvocations: options.workerMaxInvocations,
        workerIdleSeconds: options.workerIdleSeconds,
        environment: { ...endpoints, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
        log: (line: LogLine) => {
          if (line.text.trim() !== '') {
            log(`[${shortPath(fn)}] ${line.requestId ? `${line.requestId} ` : ''}${line.text}`);
          }
        },
      });
      runtimes.set(logicalId, runtime);
    }
    return runtime;
  };
  stopping.push(async () => {
    await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
  });

  const invoke = async (logicalId: string, event: unknown, requestId?: string): Promise<InvocationResult> => {
    const result = await runtimeOf(logicalId).invoke(event, { requestId });
    history.addInvocation({ function: shortPath(functionOf(functions, logicalId)), requestId: result.requestId, ok: result.outcome.ok });
    lastInvocationAt = Date.now();
    return result;
  };
  const outcomeOf = (result: InvocationResult): InvocationOutcome => (result.outcome.ok
    ? { ok: true, result: result.outcome.result }
    : { ok: false, errorType: result.outcome.errorType, errorMessage: result.outcome.errorMessage, timedOut: result.outcome.timedOut });

  /** Starts an asynchronous invocation; one abandoned at stop (its runtime closed) is counted by the stop report. */
  function startAsync(logicalId: string, payload: unknown): void {
    pendingAsync += 1;
    void invokeAsync(logicalId, payload).catch(() => undefined).finally(() => {
      pendingAsync -= 1;
    });
  }

  /** Lambda's asynchronous invocation: two retries, then the function's dead-letter queue. */
  async function invokeAsync(logicalId: string, payload: unknown): Promise<void> {
    const fn = functionOf(functions, logicalId);
    let last: InvocationResult | undefined;
    for (let attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
      last = await invoke(logicalId, payload);
      if (last.outcome.ok) {
        return;
      }
    }
    const error = last && !last.outcome.ok ? `${last.outcome.errorType}: ${last.outcome.errorMessage}` : 'failed';
    if (fn.deadLetterQueue) {
      queues.send(fn.deadLetterQueue, JSON.stringify(payload), { RequestID: last?.requestId ?? '', ErrorCode: '200', ErrorMessage: error });
      log(`[lambda] ${shortPath(fn)}: asynchronous invocation failed ${ASYNC_RETRIES + 1} times (${error}): sent to its dead-letter queue`);
    } else {
      log(`[lambda] ${shortPath(fn)}: asynchronous invocation failed ${ASYNC_RETRIES + 1} times (${error}): dropped, the function has no dead-letter queue`);
    }
  }

  // Step Functions: the tasks invoke the functions synchronously; the functions reach its API at AWS_ENDPOINT_URL_SFN
  const stepFunctions = new LocalStepFunctions(app, {
    invokeFunction: async (logicalId, payload) => (await invoke(logicalId, payload)).outcome,
  }, {
    log: (entry) => {
      const record = entry as { stateMachine?: string; execution?: string; status?: string; error?: string };
      if (record.status !== undefined) {
        history.addExecution({
          stateMachine: record.stateMachine ?? '', execution: record.execution ?? '', status: record.status, ...(record.error !== undefined && { error: record.error }),
        });
      }
      log(`[stepfunctions] ${JSON.stringify(entry)}`);
    },
  });
  stopping.push(() => stepFunctions.close());
  if (app.stateMachines.length > 0) {
    const sfnServer = http.createServer(stepFunctions.handler);
    await listen(sfnServer, 0);
    stopping.push(() => closeServer(sfnServer));
    endpoints.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(sfnServer.address() as AddressInfo).port}`;
  }

  const sources = app.eventSourceMappings.filter((mapping) => mapping.sourceKind === 'queue')
    .map((mapping) => new QueueEventSource(mapping, queues, async (logicalId, event) => outcomeOf(await invoke(logicalId, event)),
      (entry) => log(`[sqs] ${JSON.stringify(entry)}`)));
  sources.forEach((source) => source.start());
  stopping.push(async () => {
    await Promise.all(sources.map((source) => source.stop()));
  });

  // the mappings of Kinesis streams and of tables' streams: each shard in order, the function invoked synchronously
  const streamSources = app.eventSourceMappings.flatMap((mapping) => {
    const stream = mapping.sourceKind === 'kinesis' ? app.kinesisStreams.find((s) => s.logicalId === mapping.source) : undefined;
    const table = mapping.sourceKind === 'table-stream' ? app.tables.find((t) => t.logicalId === mapping.source) : undefined;
    const reader = stream ? kinesis?.reader(stream) : table ? dynamodb.streamReader(table) : undefined;
    if (!reader) {
      return [];
    }
    const source = new StreamEventSource(mapping, reader, {
      invoke: async (logicalId, event) => {
        const result = await invoke(logicalId, event);
        return { requestId: result.requestId, outcome: outcomeOf(result) };
      },
      sendToQueue: (queue, body) => queues.send(queue, body),
    }, {
      streamArn: stream ? stream.arn : tableStreamArn(table!),
      functionArn: functionOf(functions, mapping.function).arn,
      log: (entry) => log(`[${(entry as { component?: string }).component ?? 'streams'}] ${JSON.stringify(entry)}`),
    });
    return [{ mapping, source, name: stream?.name ?? table!.name }];
  });
  const stopStreams = async () => Promise.all(streamSources.map(async ({ mapping, source, name }) => Object.entries(await source.stop())
    .map(([shard, count]) => `${count} record(s) of ${name} (${shard}) not processed by ${shortPath(functionOf(functions, mapping.function))}`)));
  stopping.push(async () => {
    await stopStreams();
  });
  streamSources.forEach(({ source }) => source.start());
  // a LATEST mapping reads what is written once local mode has started
  await Promise.all(streamSources.map(({ source }) => source.ready()));

  // EventBridge Scheduler: on demand only, at POST <schedulesUrl>/<name>
  const schedules = new LocalSchedules(app.schedules, startAsync, (entry) => log(`[scheduler] ${JSON.stringify(entry)}`));
  let schedulesUrl: string | undefined;
  if (app.schedules.length > 0) {
    const schedulesServer = http.createServer(schedules.handler);
    await listen(schedulesServer, 0);
    stopping.push(() => closeServer(schedulesServer));
    schedulesUrl = `http://127.0.0.1:${(schedulesServer.address() as AddressInfo).port}/schedules`;
  }

  const apiUrls: Record<string, string> = {};
  const servers: LocalRestApiServer[] = [];
  let inFlightRequests = 0;
  let port = options.port ?? 3000;
  for (const api of app.restApis) {
    const server = new LocalRestApiServer(api, {
      invoke: async (logicalId, event, requestId) => {
        inFlightRequests += 1;
        try {
          return outcomeOf(await invoke(logicalId, event, requestId));
        } finally {
          inFlightRequests -= 1;
        }
      },
      sendMessage: async (queue, body) => queues.send(queue, body),
    }, {
      log: (entry: RequestLog) => log(`[api ${api.name}] ${entry.method} ${entry.path} ${entry.statusCode} ${entry.durationMs} ms ${entry.requestId}`
      + `${entry.gatewayError ? ` (${entry.gatewayError})` : ''}${entry.note ? ` ${entry.note}` : ''}`),
    });
    apiUrls[api.name] = await server.listen(port);
    servers.push(server);
    stopping.push(() => server.close());
    port = port === 0 ? 0 : port + 1;
  }

  const notEmulated = [
    ...Object.entries(app.notEmulated).map(([type, count]) => `${count} × ${type}`),
    ...dynamodb.limitations,
    ...(s3?.limitations ?? []),
    ...stepFunctions.limitations,
    ...(app.queues.length > 0 ? ['the SQS API for the functions\' own calls: queues are fed by API routes, rules and failed invocations only'] : []),
    ...(kinesis?.limitations ?? []),
    ...app.eventSourceMappings.filter((mapping) => mapping.sourceKind !== 'queue' && !streamSources.some((s) => s.mapping === mapping))
      .map((mapping) => `${mapping.sourceKind} consumer ${shortPath(functionOf(functions, mapping.function))}: not invoked (its stream is not emulated)`),
  ];

  const idle = async (timeoutMs: number = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    const since = Date.now();
    // a stream is caught up once a read that started after the last invocation (which may have written to it) found nothing
    const streamsCaughtUp = () => streamSources.every(({ source }) => source.caughtUp(Math.max(since, lastInvocationAt)));
    for (;;) {
      // a delivery being retried keeps the bridge busy: wait for it no longer than the deadline
      await Promise.race([
        Promise.all([bridge.idle(), stepFunctions.idle()]),
        new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref()),
      ]);
      if (pendingAsync === 0 && inFlightRequests === 0 && (s3?.pending ?? 0) === 0
        && sources.every((source) => source.idle) && streamsCaughtUp() && !stepFunctions.busy()) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`local mode not idle after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /** What is left now; the stream records given are those a stop counted in the streams. */
  const leftNow = (streamRecords: string[]): LeftBehind => ({
    requests: servers.reduce((sum, server) => sum + server.inFlight, 0),
    asyncInvocations: pendingAsync,
    undeliveredEvents: bridge.undelivered(),
    queueMessages: queues.counts(),
    streamRecords: streamRecords.length > 0 ? streamRecords : streamSources
      .filter(({ source }) => source.buffered > 0)
      .map(({ mapping, source, name }) => `${source.buffered} record(s) of ${name} read, not processed by ${shortPath(functionOf(functions, mapping.function))}`),
    s3Notifications: s3?.pending ?? 0,
    executions: stepFunctions.running(),
  });

  let stopped: Promise<{ readonly undelivered: string[] }> | undefined;
  /** Refuses new requests, drains for at most `drainMs`, abandons the rest, and counts what was left once all has settled. */
  const stop = async (drainMs: number) => {
    servers.forEach((server) => server.stopAccepting());
    await idle(drainMs).catch(() => undefined);
    const requests = servers.reduce((sum, server) => sum + server.inFlight, 0);
    const asyncInvocations = pendingAsync;
    const undeliveredEvents = bridge.undelivered();
    bridge.close();
    sources.forEach((source) => source.halt());
    const streamsStopped = stopStreams();
    // the invocations still running are abandoned: their batches stay in their queues and streams, counted below
    await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
    const streamRecords = (await streamsStopped).flat();
    await Promise.all(sources.map((source) => source.stop()));
    const left: LeftBehind = { ...leftNow(streamRecords), requests, asyncInvocations, undeliveredEvents };
    await stopAll();
    return { undelivered: leftBehindLines(left) };
  };

  return {
    app,
    apiUrls,
    endpoints,
    notEmulated,
    history,
    schedulesUrl,
    fireSchedule: (name) => schedules.fire(name),
    invoke: async (fn, event) => invoke(resolveFunction(app, fn), event, randomUUID()),
    idle,
    stop: (stopOptions: StopOptions = {}) => {
      stopped ??= stop(stopOptions.drainMs ?? DEFAULT_DRAIN_MS);
      return stopped;
    },
    inFlight: () => leftBehindLines(leftNow([])),
    workerMemory: () => Promise.all([...runtimes.entries()].map(async ([logicalId, runtime]) => ({
      function: shortPath(functionOf(functions, logicalId)),
      workers: await runtime.workerMemory(),
    }))),
  };
}
