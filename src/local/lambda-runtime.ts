/**
 * Runs the Lambda functions of a synthesized app on this machine, without Docker or AWS: each
 * function's bundle is loaded unmodified into Node.js worker threads, one worker per concurrent
 * invocation, each with the environment Lambda would give the function in its own `process.env`.
 * Workers behave like Lambda's execution environments: reused while warm, discarded after a timeout
 * or a crash, retired after a number of invocations and when idle too long.
 */
import { randomUUID } from 'node:crypto';
import { INIT_TIMEOUT_SECONDS, InvocationOutcome, LogLine, Sandbox, WorkerMemory } from './lambda-sandbox';
import { LOCAL_REGION, LocalFunction } from './local-app';
import { WorkerMemoryBudget } from './worker-memory';

export type { InvocationOutcome, LogLine, WorkerMemory } from './lambda-sandbox';

/** The result of an invocation. */
export interface InvocationResult {
  readonly requestId: string;
  /** Time from handing the event to the worker to its answer (the init is not counted, as in Lambda's `Duration`). */
  readonly durationMs: number;
  /** Whether a new worker had to start and load the module first. */
  readonly coldStart: boolean;
  /** On a cold start, how long starting the worker and loading the module took. */
  readonly initDurationMs?: number;
  readonly outcome: InvocationOutcome;
}

/** Options of a `LocalFunctionRuntime`. */
export interface RuntimeOptions {
  /**
   * Added to every function's environment: AWS_ENDPOINT_URL_* of the emulators, fake credentials...
   * These win over everything else; any of `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
   * `AWS_SESSION_TOKEN` here replaces the three fake credentials the runtime adds otherwise.
   */
  readonly environment?: Record<string, string>;
  /**
   * Receives each log line of an invocation (stdout and stderr of the handler), with the function and
   * request id, and Lambda's `START`, `END` and `REPORT` lines.
   * @default lines written to this process's stdout and stderr, prefixed by the function's path
   */
  readonly log?: (line: LogLine) => void;
  /**
   * Most invocations of one function at once (one worker each); more wait for a worker to be free.
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * The budget the heaps of every function's workers share: a cold start that would pass it discards idle
   * workers first, or waits for one.
   * @default - no budget: each function has up to `maxConcurrency` workers of its memory size
   */
  readonly memoryBudget?: WorkerMemoryBudget;
  /**
   * Invocations after which a worker is retired: it ends the one under way, stops, and the next invocation starts a
   * new worker (a cold start), as Lambda ends execution environments from time to time even under a steady load.
   * 0 never retires one.
   * @default 1000
   */
  readonly workerMaxInvocations?: number;
  /**
   * Seconds after which an idle worker is stopped, as Lambda reclaims idle execution environments: the workers follow
   * the recent concurrency, not the peak. 0 keeps idle workers.
   * @default 300
   */
  readonly workerIdleSeconds?: number;
  /** Told each time a worker is retired, after its `workerMaxInvocations`th invocation or idle for `workerIdleSeconds`. */
  readonly onWorkerRetired?: (reason: WorkerRetirement) => void;
}

/** Why a worker was retired. */
export type WorkerRetirement = 'invocations' | 'idle';

/**
 * Invocations of a worker before it is retired, by default. Lambda does not count invocations: it ends environments
 * every few hours even when invoked continuously. A count is the local equivalent that does not depend on the load:
 * a cold start in 1,000 invocations adds its init (tens of milliseconds) to 0.1% of them, and bounds what a worker's
 * heap can accumulate.
 */
export const DEFAULT_WORKER_MAX_INVOCATIONS = 1000;
/** Seconds an idle worker is kept, by default: Lambda reclaims idle environments after a time it does not publish. */
export const DEFAULT_WORKER_IDLE_SECONDS = 300;
/** When each idle worker became idle, in the order of every runtime of this process: the budget stops the oldest first. */
const idleSince = new WeakMap<Sandbox, number>();
let idleSequence = 0;
/** The longest delay `setTimeout` takes (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The retirement options resolved, defaults applied: a named error for a value that is not a whole number of
 * invocations or a number of seconds. Local mode checks them before it starts anything.
 */
export function workerRetirement(options: Pick<RuntimeOptions, 'workerMaxInvocations' | 'workerIdleSeconds'>): { maxInvocations: number; idleMs: number } {
  const maxInvocations = options.workerMaxInvocations ?? DEFAULT_WORKER_MAX_INVOCATIONS;
  if (!(Number.isInteger(maxInvocations) || maxInvocations === Infinity) || maxInvocations < 0) {
    throw new Error(`workerMaxInvocations must be a whole number (0 never retires a worker), not ${options.workerMaxInvocations}`);
  }
  const idleSeconds = options.workerIdleSeconds ?? DEFAULT_WORKER_IDLE_SECONDS;
  if (Number.isNaN(idleSeconds) || idleSeconds < 0) {
    throw new Error(`workerIdleSeconds must be a number of seconds of at least 0 (0 keeps idle workers), not ${options.workerIdleSeconds}`);
  }
  return { maxInvocations, idleMs: Math.min(idleSeconds * 1000, MAX_TIMER_MS) };
}

/** Options of one invocation. */
export interface InvokeOptions {
  /** @default a random UUID */
  readonly requestId?: string;
}

/** What stands in for credentials when the options give none: the emulators do not check them. */
const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIALOCALMODE0000000',
  AWS_SECRET_ACCESS_KEY: 'local-mode-secret-access-key',
  AWS_SESSION_TOKEN: 'local-mode-session-token',
};
/** What the worker is given of this process's environment. */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'TMPDIR'];

/**
 * Runs one Lambda function locally, in worker threads of this process: `invoke` hands the event to a
 * free worker (starting one, the cold start, when none is free) and resolves with the handler's result
 * or its error, as Lambda's Node.js runtime reports them. Each worker has its own `process.env`, so
 * functions run side by side with different environments.
 *
 * Call `close()` when done: it stops the workers.
 */
export class LocalFunctionRuntime {
  private readonly maxConcurrency: number;
  private readonly log: (line: LogLine) => void;
  private readonly sandboxes = new Set<Sandbox>();
  /** Free warm workers, the most recently used last. */
  private readonly idle: Sandbox[] = [];
  /** Invocations waiting for a slot. */
  private readonly queue: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  /** The timer that retires each idle worker. */
  private readonly idleTimers = new Map<Sandbox, NodeJS.Timeout>();
  private readonly maxInvocations: number;
  private readonly idleMs: number;
  private running = 0;
  private closed = false;
  private readonly unregister?: () => void;

  constructor(private readonly fn: LocalFunction, private readonly options: RuntimeOptions = {}) {
    this.maxConcurrency = options.maxConcurrency ?? 10;
    if (!Number.isInteger(this.maxConcurrency) || this.maxConcurrency < 1) {
      throw new Error(`${fn.path}: maxConcurrency must be a positive integer, not ${options.maxConcurrency}`);
    }
    ({ maxInvocations: this.maxInvocations, idleMs: this.idleMs } = workerRetirement(options));
    this.log = options.log ?? ((line) => process[line.stream].write(`${line.function} ${line.text}\n`));
    this.unregister = options.memoryBudget?.register({
      oldestIdleSince: () => (this.idle.length === 0 ? undefined : idleSince.get(this.idle[0])),
      discardOldest: () => this.discardOldestIdle(),
    });
  }

  /** How many invocations run now. */
  public get inFlight(): number {
    return this.running;
  }

  /** What each live worker's isolate holds now, asked of the workers. */
  public async workerMemory(): Promise<WorkerMemory[]> {
    const answers = await Promise.all([...this.sandboxes].map((sandbox) => sandbox.memory()));
    return answers.filter((memory): memory is WorkerMemory => memory !== undefined);
  }

  /**
   * Invokes the function with an event (it crosses as JSON, as in Lambda) and resolves with how the
   * invocation ended: errors of the function, timeouts and crashes included. Rejects only when the
   * event cannot be serialized, or when the runtime is closed before the invocation ends.
   */
  public async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvocationResult> {
    this.checkOpen();
    const requestId = options.requestId ?? randomUUID();
    const eventJson = JSON.stringify(event) ?? 'null';
    await this.acquireSlot();
    try {
      return await this.run(requestId, eventJson);
    } finally {
      this.releaseSlot();
    }
  }

  /** Stops every worker: invocations under way or waiting reject with an error saying so. */
  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregister?.();
    for (const waiting of this.queue.splice(0)) waiting.reject(this.closedError());
    const sandboxes = [...this.sandboxes];
    sandboxes.forEach((sandbox) => this.forget(sandbox));
    this.idle.length = 0;
    this.idleTimers.forEach((timer) => clearTimeout(timer));
    this.idleTimers.clear();
    await Promise.all(sandboxes.map((sandbox) => sandbox.terminate()));
  }

  /** A worker no longer counted: out of the set, its memory given back to the budget. */
  private forget(sandbox: Sandbox): void {
    if (this.sandboxes.delete(sandbox)) {
      this.options.memoryBudget?.release(this.fn.memorySize);
    }
  }

  /** Discards the least recently used idle worker, for the budget (nothing when none is idle). */
  private discardOldestIdle(): void {
    const sandbox = this.idle.shift();
    if (sandbox === undefined) {
      return;
    }
    this.stopIdleTimer(sandbox);
    this.forget(sandbox);
    void sandbox.terminate();
  }

  private async run(requestId: string, eventJson: string): Promise<InvocationResult> {
    this.checkOpen();
    let sandbox = this.takeIdle();
    const coldStart = sandbox === undefined;
    let initDurationMs: number | undefined;
    if (sandbox === undefined) {
      await this.options.memoryBudget?.reserve(this.fn.memorySize);
      try {
        sandbox = new Sandbox(this.fn, this.environment(), (line) => this.log({ function: this.fn.path, ...line }));
      } catch (error) {
        // no worker to count: the reservation goes back
        this.options.memoryBudget?.release(this.fn.memorySize);
        throw error;
      }
      this.sandboxes.add(sandbox);
      if (this.closed) {
        this.forget(sandbox);
        await sandbox.terminate();
        this.checkOpen();
      }
      const init = await sandbox.start(INIT_TIMEOUT_SECONDS);
      this.checkOpen();
      initDurationMs = init.durationMs;
      if (!init.ok) {
        this.forget(sandbox);
        this.emit(requestId, 'stdout', `START RequestId: ${requestId} Version: $LATEST`);
        this.report(requestId, init.outcome, 0, initDurationMs, 'Init Error');
        return { requestId, durationMs: 0, coldStart, initDurationMs, outcome: init.outcome };
      }
    }
    this.emit(requestId, 'stdout', `START RequestId: ${requestId} Version: $LATEST`);
    const { outcome, durationMs } = await sandbox.invoke(requestId, eventJson, this.fn.timeoutSeconds);
    this.checkOpen();
    this.report(requestId, outcome, durationMs, initDurationMs, 'Invoke Error');
    if (sandbox.alive && this.maxInvocations > 0 && sandbox.invocations >= this.maxInvocations) {
      this.retire(sandbox, 'invocations');
    } else if (sandbox.alive) {
      this.makeIdle(sandbox);
    } else {
      this.forget(sandbox);
    }
    return { requestId, durationMs, coldStart, initDurationMs, outcome };
  }

  /** Puts a worker with the idle ones, to be retired if it stays idle too long. */
  private makeIdle(sandbox: Sandbox): void {
    this.idle.push(sandbox);
    idleSince.set(sandbox, ++idleSequence);
    if (this.idleMs > 0) {
      const timer = setTimeout(() => {
        const index = this.idle.indexOf(sandbox);
        if (index >= 0) {
          this.idle.splice(index, 1);
          this.retire(sandbox, 'idle');
        }
      }, this.idleMs);
      timer.unref();
      this.idleTimers.set(sandbox, timer);
    }
    this.options.memoryBudget?.idleWorkerAvailable();
  }

  private stopIdleTimer(sandbox: Sandbox): void {
    clearTimeout(this.idleTimers.get(sandbox));
    this.idleTimers.delete(sandbox);
  }

  /** Stops a worker that is not in use (Lambda ends the environment), its memory given back to the budget. */
  private retire(sandbox: Sandbox, reason: WorkerRetirement): void {
    this.stopIdleTimer(sandbox);
    this.forget(sandbox);
    void sandbox.terminate().then(() => this.options.onWorkerRetired?.(reason));
  }

  /** Lambda's lines after an invocation: its error, if any, then `END` and `REPORT`. */
  private report(requestId: string, outcome: InvocationOutcome, durationMs: number, initDurationMs: number | undefined, label: string) {
    if (!outcome.ok) {
      const time = new Date().toISOString();
      if (outcome.timedOut) {
        this.emit(requestId, 'stderr', `${time} ${requestId} ${outcome.errorMessage}`);
      } else {
        const error = JSON.stringify({ errorType: outcome.errorType, errorMessage: outcome.errorMessage, stack: outcome.trace });
        this.emit(requestId, 'stderr', `${time}\t${requestId}\tERROR\t${label} \t${error}`);
      }
    }
    this.emit(requestId, 'stdout', `END RequestId: ${requestId}`);
    const fields = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.ceil(durationMs)} ms`,
      `Memory Size: ${this.fn.memorySize} MB`,
    ];
    if (initDurationMs !== undefined) fields.push(`Init Duration: ${initDurationMs.toFixed(2)} ms`);
    if (!outcome.ok) fields.push(`Status: ${outcome.timedOut ? 'timeout' : 'error'}`, `Error Type: ${outcome.errorType}`);
    this.emit(requestId, 'stdout', fields.join('\t'));
  }

  private emit(requestId: string, stream: 'stdout' | 'stderr', text: string) {
    this.log({ function: this.fn.path, requestId, stream, text });
  }

  /**
   * The environment Lambda gives the function, lowest precedence first: the few variables of this
   * process a program needs, the function's own, Lambda's, fake credentials, then the options'.
   */
  private environment(): Record<string, string> {
    const inherited: Record<string, string> = {};
    for (const name of INHERITED_VARIABLES) {
      const value = process.env[name];
      if (value !== undefined) inherited[name] = value;
    }
    const extra = this.options.environment ?? {};
    const credentials = Object.keys(FAKE_CREDENTIALS).some((name) => name in extra) ? {} : FAKE_CREDENTIALS;
    const { fn } = this;
    return {
      ...inherited,
      // the host's Node.js may be older than the function's runtime: local mode says so once at start, not each worker
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_EXECUTION_ENV: executionEnvironment(fn),
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      LAMBDA_TASK_ROOT: fn.codeDir,
      _HANDLER: fn.handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      ...credentials,
      ...extra,
    };
  }

  private takeIdle(): Sandbox | undefined {
    let sandbox = this.idle.pop();
    while (sandbox !== undefined && !sandbox.alive) {
      this.stopIdleTimer(sandbox);
      this.forget(sandbox);
      sandbox = this.idle.pop();
    }
    if (sandbox !== undefined) {
      this.stopIdleTimer(sandbox);
    }
    return sandbox;
  }

  private acquireSlot(): Promise<void> {
    if (this.running < this.maxConcurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.queue.push({ resolve, reject }));
  }

  /** Hands the slot to the next waiting invocation, if any. */
  private releaseSlot() {
    const next = this.queue.shift();
    if (next) {
      next.resolve();
    } else {
      this.running--;
    }
  }

  private checkOpen() {
    if (this.closed) throw this.closedError();
  }

  private closedError() {
    return new Error(`${this.fn.path}: the local runtime was closed; the invocation did not complete`);
  }
}

/** `AWS_EXECUTION_ENV` as Lambda sets it for the function's runtime: `AWS_Lambda_nodejs24.x`; the host's major version without one. */
export function executionEnvironment(fn: Pick<LocalFunction, 'runtime'>): string {
  return `AWS_Lambda_${fn.runtime ?? `nodejs${process.versions.node.split('.')[0]}.x`}`;
}

/**
 * What local mode says once at start when the functions' runtimes are not the Node.js it runs on: they run on
 * this machine's Node.js, whatever their `Runtime`; undefined when they all match it.
 */
export function hostRuntimeNotice(functions: ReadonlyArray<Pick<LocalFunction, 'runtime'>>, hostVersion: string = process.version): string | undefined {
  const host = `nodejs${hostVersion.replace(/^v/, '').split('.')[0]}.x`;
  const declared = [...new Set(functions.map((fn) => fn.runtime).filter((runtime): runtime is string => runtime !== undefined))].sort();
  const others = declared.filter((runtime) => runtime !== host);
  if (others.length === 0) {
    return undefined;
  }
  return `the functions declare ${declared.join(', ')}; they run on this machine's Node.js ${hostVersion} (AWS_EXECUTION_ENV names their runtime; `
    + 'the AWS SDK\'s Node.js version warning is not repeated by each worker)';
}
