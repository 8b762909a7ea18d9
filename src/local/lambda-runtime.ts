/**
 * Runs the Lambda functions of a synthesized app on this machine, without Docker or AWS: each
 * function's bundle is loaded unmodified into Node.js worker threads, one worker per concurrent
 * invocation, each with the environment Lambda would give the function in its own `process.env`.
 * Workers behave like Lambda's execution environments: reused while warm, discarded after a timeout
 * or a crash.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './lambda-worker';
import { LOCAL_REGION, LocalFunction } from './local-app';

/** How an invocation ended: the handler's result, or an error as Lambda reports it. */
export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | {
    readonly ok: false;
    /** `error.name` of what the handler threw, or `Runtime.*` / `Sandbox.Timedout` for the runtime's own errors. */
    readonly errorType: string;
    readonly errorMessage: string;
    /** The lines of the error's stack. */
    readonly trace: string[];
    /** Whether the invocation ran out of time. */
    readonly timedOut: boolean;
  };

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

/** A line of a function's log. */
export interface LogLine {
  /** The function's construct path (`LocalFunction.path`). */
  readonly function: string;
  /** The invocation that wrote it; none for what the module writes while it loads or between invocations. */
  readonly requestId?: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line, without its line break. */
  readonly text: string;
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
}

/** Options of one invocation. */
export interface InvokeOptions {
  /** @default a random UUID */
  readonly requestId?: string;
}

/** Lambda's limit on the init phase of an on-demand function. */
const INIT_TIMEOUT_SECONDS = 10;
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
  private running = 0;
  private closed = false;

  constructor(private readonly fn: LocalFunction, private readonly options: RuntimeOptions = {}) {
    this.maxConcurrency = options.maxConcurrency ?? 10;
    if (!Number.isInteger(this.maxConcurrency) || this.maxConcurrency < 1) {
      throw new Error(`${fn.path}: maxConcurrency must be a positive integer, not ${options.maxConcurrency}`);
    }
    this.log = options.log ?? ((line) => process[line.stream].write(`${line.function} ${line.text}\n`));
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
    for (const waiting of this.queue.splice(0)) waiting.reject(this.closedError());
    await Promise.all([...this.sandboxes].map((sandbox) => sandbox.terminate()));
    this.sandboxes.clear();
    this.idle.length = 0;
  }

  private async run(requestId: string, eventJson: string): Promise<InvocationResult> {
    this.checkOpen();
    let sandbox = this.takeIdle();
    const coldStart = sandbox === undefined;
    let initDurationMs: number | undefined;
    if (sandbox === undefined) {
      sandbox = new Sandbox(this.fn, this.environment(), (line) => this.log({ function: this.fn.path, ...line }));
      this.sandboxes.add(sandbox);
      const init = await sandbox.start(INIT_TIMEOUT_SECONDS);
      this.checkOpen();
      initDurationMs = init.durationMs;
      if (!init.ok) {
        this.sandboxes.delete(sandbox);
        this.emit(requestId, 'stdout', `START RequestId: ${requestId} Version: $LATEST`);
        this.report(requestId, init.outcome, 0, initDurationMs, 'Init Error');
        return { requestId, durationMs: 0, coldStart, initDurationMs, outcome: init.outcome };
      }
    }
    this.emit(requestId, 'stdout', `START RequestId: ${requestId} Version: $LATEST`);
    const { outcome, durationMs } = await sandbox.invoke(requestId, eventJson, this.fn.timeoutSeconds);
    this.checkOpen();
    this.report(requestId, outcome, durationMs, initDurationMs, 'Invoke Error');
    if (sandbox.alive) {
      this.idle.push(sandbox);
    } else {
      this.sandboxes.delete(sandbox);
    }
    return { requestId, durationMs, coldStart, initDurationMs, outcome };
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
      this.sandboxes.delete(sandbox);
      sandbox = this.idle.pop();
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

/** What a worker tells the parent. */
type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: RuntimeErrorShape }
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'done'; readonly body?: string; readonly error?: RuntimeErrorShape };

interface RuntimeErrorShape {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

/** How loading the module went. */
type InitResult =
  | { readonly ok: true; readonly durationMs: number }
  | { readonly ok: false; readonly durationMs: number; readonly outcome: InvocationOutcome };

/** What ends a wait on a worker. */
type SandboxEvent =
  | { readonly kind: 'message'; readonly message: WorkerMessage }
  | { readonly kind: 'exit'; readonly code: number; readonly crash?: unknown }
  | { readonly kind: 'timeout' };

/** One worker thread: one execution environment of the function. */
class Sandbox {
  /** False once the worker has exited or is being discarded. */
  public alive = true;
  private readonly worker: Worker;
  /** The invocation under way, which output is tagged with. */
  private requestId?: string;
  /** What was written since the last line break, per stream. */
  private readonly partial = { stdout: '', stderr: '' };
  private crash?: unknown;
  private settle?: (event: SandboxEvent) => void;

  constructor(
    private readonly fn: LocalFunction,
    env: Record<string, string>,
    private readonly log: (line: Omit<LogLine, 'function'>) => void,
  ) {
    const logStreamName = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: { ...env, AWS_LAMBDA_LOG_STREAM_NAME: logStreamName },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: fn.memorySize },
      workerData: {
        codeDir: fn.codeDir,
        handler: fn.handler,
        context: {
          functionName: fn.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: fn.arn,
          memoryLimitInMB: String(fn.memorySize),
          logGroupName: `/aws/lambda/${fn.name}`,
          logStreamName,
        },
      },
    });
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error) => {
      // Lambda's runtime logs an uncaught exception, then exits.
      this.crash = error;
      if (isOutOfMemory(error)) return;
      const { name, message, stack } = describe(error);
      const json = JSON.stringify({ errorType: name, errorMessage: message, stack });
      this.log({ requestId: this.requestId, stream: 'stderr', text: `${new Date().toISOString()}\t${this.requestId}\tERROR\tUncaught Exception \t${json}` });
    });
    this.worker.on('exit', (code) => {
      this.alive = false;
      this.flush();
      this.settle?.({ kind: 'exit', code, crash: this.crash });
    });
  }

  /** Waits for the worker to load the module. */
  public async start(timeoutSeconds: number): Promise<InitResult> {
    const started = performance.now();
    const event = await this.next(timeoutSeconds);
    const durationMs = performance.now() - started;
    if (event.kind === 'message' && event.message.type === 'ready') {
      this.worker.unref();
      return { ok: true, durationMs };
    }
    await this.terminate();
    if (event.kind === 'message' && event.message.type === 'init-error') {
      return { ok: false, durationMs, outcome: { ok: false, ...event.message.error, timedOut: false } };
    }
    return { ok: false, durationMs, outcome: this.failure(event, 'Init') };
  }

  /** Runs one invocation; after a timeout or a crash, the worker is gone. */
  public async invoke(requestId: string, eventJson: string, timeoutSeconds: number): Promise<{ outcome: InvocationOutcome; durationMs: number }> {
    const started = performance.now();
    if (!this.alive) {
      return { outcome: this.failure({ kind: 'exit', code: 1, crash: this.crash }, 'Task'), durationMs: 0 };
    }
    this.requestId = requestId;
    this.worker.ref();
    this.worker.postMessage({ requestId, event: eventJson, deadline: Date.now() + timeoutSeconds * 1000, traceId: traceId() });
    const event = await this.next(timeoutSeconds);
    const durationMs = performance.now() - started;
    this.flush();
    this.requestId = undefined;
    if (event.kind === 'message' && event.message.type === 'done') {
      this.worker.unref();
      const { body, error } = event.message;
      return { durationMs, outcome: error ? { ok: false, ...error, timedOut: false } : { ok: true, result: JSON.parse(body ?? 'null') } };
    }
    await this.terminate();
    return { durationMs, outcome: this.failure(event, 'Task') };
  }

  /** Stops the worker (Lambda discards the environment). */
  public async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  /** The outcome of a wait that did not end with the worker's answer: a timeout or the worker's exit. */
  private failure(event: SandboxEvent, phase: 'Init' | 'Task'): InvocationOutcome {
    if (event.kind === 'timeout') {
      const seconds = phase === 'Init' ? INIT_TIMEOUT_SECONDS : this.fn.timeoutSeconds;
      return { ok: false, errorType: 'Sandbox.Timedout', errorMessage: `${phase} timed out after ${seconds.toFixed(2)} seconds`, trace: [], timedOut: true };
    }
    const crash = event.kind === 'exit' ? event.crash : undefined;
    if (isOutOfMemory(crash)) {
      const errorMessage = `Runtime exited with error: out of memory (heap limited to the function's ${this.fn.memorySize} MB)`;
      return { ok: false, errorType: 'Runtime.OutOfMemory', errorMessage, trace: [], timedOut: false };
    }
    if (crash !== undefined) {
      const { name, message, stack } = describe(crash);
      return { ok: false, errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${name}: ${message}`, trace: stack, timedOut: false };
    }
    const code = event.kind === 'exit' ? event.code : 1;
    return { ok: false, errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: exit status ${code}`, trace: [], timedOut: false };
  }

  /** Waits for the worker's next answer, its exit, or the time limit. */
  private next(timeoutSeconds: number): Promise<SandboxEvent> {
    if (!this.alive) return Promise.resolve({ kind: 'exit', code: 1, crash: this.crash });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle?.({ kind: 'timeout' }), timeoutSeconds * 1000);
      this.settle = (event) => {
        clearTimeout(timer);
        this.settle = undefined;
        resolve(event);
      };
    });
  }

  private onMessage(message: WorkerMessage) {
    if (message.type === 'log') {
      this.write(message.stream, message.text);
    } else {
      this.settle?.({ kind: 'message', message });
    }
  }

  /** Passes on each complete line, tagged with the invocation under way. */
  private write(stream: 'stdout' | 'stderr', text: string) {
    const lines = (this.partial[stream] + text).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.log({ requestId: this.requestId, stream, text: line.replace(/\r$/, '') });
  }

  /** Passes on what is left of a line not ended, at the end of an invocation. */
  private flush() {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.write(stream, '\n');
    }
  }
}

/** The name, message and stack lines of something thrown. */
function describe(thrown: unknown): { name: string; message: string; stack: string[] } {
  // Not instanceof Error: what a worker throws is rebuilt in this thread, maybe in another realm than the caller's (Jest).
  const error = thrown as { name?: unknown; message?: unknown; stack?: unknown } | null | undefined;
  if (typeof error?.name === 'string' && typeof error.message === 'string') {
    return { name: error.name, message: error.message, stack: typeof error.stack === 'string' ? error.stack.split('\n') : [] };
  }
  return { name: typeof thrown, message: String(thrown), stack: [] };
}

/** Whether a worker stopped for reaching its heap limit (the function's memory size). */
function isOutOfMemory(thrown: unknown): boolean {
  return (thrown as { code?: unknown } | null | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** An X-Ray trace header for one invocation, not sampled: nothing is sent to X-Ray. */
function traceId(): string {
  const time = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
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
