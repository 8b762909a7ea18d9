/**
 * One execution environment of a function: a worker thread that loads the handler once and runs
 * its invocations one at a time, its heap limited to the function's memory size, discarded after
 * a timeout or a crash.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './lambda-worker';
import { LocalFunction } from './local-app';

/** Lambda's limit on the init phase of an on-demand function. */
export const INIT_TIMEOUT_SECONDS = 10;

/**
 * The most megabytes of a worker's young generation: V8 gives two thirds of it to its two semi-spaces, so 6 MB is
 * a new space of 4 MB. V8's default (16 MB semi-spaces, a new space of 32 MB) suits one isolate per process: under
 * a steady load each worker's new space grows to it, and 30 workers held 555 MB of new space, half of local mode's
 * memory and most of its growth (bench/local-mode-soak.ts, docs/benchmarks.md). An invocation's garbage is small
 * and short-lived, which a small new space collects as well. The old generation keeps the function's memory size
 * as its limit: past it, an invocation fails with `Runtime.OutOfMemory`.
 */
export const YOUNG_GENERATION_MB = 6;

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


/** What a worker tells the parent. */
type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: RuntimeErrorShape }
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'done'; readonly body?: string; readonly error?: RuntimeErrorShape }
  | ({ readonly type: 'memory' } & WorkerMemory);

/** What one worker's V8 isolate holds, in bytes. */
export interface WorkerMemory {
  /** The live objects of its heap. */
  readonly heapUsed: number;
  /** Its heap's size, live objects and garbage. */
  readonly heapTotal: number;
  /** What of its heap is in physical memory. */
  readonly heapPhysical: number;
  /** The most its heap may grow to. */
  readonly heapLimit: number;
  /** Its young generation's size (the new space). */
  readonly newSpace: number;
  /** What V8 allocated for it outside its heap, with malloc. */
  readonly malloced: number;
  /** The memory of the C++ objects its JavaScript objects hold, array buffers included. */
  readonly external: number;
  /** The memory of its `ArrayBuffer`s and `SharedArrayBuffer`s, Node's `Buffer`s included. */
  readonly arrayBuffers: number;
}

interface RuntimeErrorShape {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

/** How loading the module went. */
export type InitResult =
  | { readonly ok: true; readonly durationMs: number }
  | { readonly ok: false; readonly durationMs: number; readonly outcome: InvocationOutcome };

/** What ends a wait on a worker. */
type SandboxEvent =
  | { readonly kind: 'message'; readonly message: WorkerMessage }
  | { readonly kind: 'exit'; readonly code: number; readonly crash?: unknown }
  | { readonly kind: 'timeout' };

/** One worker thread: one execution environment of the function. */
export class Sandbox {
  /** False once the worker has exited or is being discarded. */
  public alive = true;
  /** How many invocations it was handed. */
  public invocations = 0;
  private readonly worker: Worker;
  /** The invocation under way, which output is tagged with. */
  private requestId?: string;
  /** What was written since the last line break, per stream. */
  private readonly partial = { stdout: '', stderr: '' };
  private crash?: unknown;
  private settle?: (event: SandboxEvent) => void;
  /** Who waits for the worker's answer about its memory, in the order they asked. */
  private readonly memoryWaiting: Array<(memory: WorkerMemory | undefined) => void> = [];

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
      resourceLimits: { maxOldGenerationSizeMb: fn.memorySize, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
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
      this.memoryWaiting.splice(0).forEach((resolve) => resolve(undefined));
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
    this.invocations++;
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

  /** What the worker's isolate holds now: asked of the worker, answered even during an invocation; undefined once it is gone. */
  public memory(): Promise<WorkerMemory | undefined> {
    if (!this.alive) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.memoryWaiting.push(resolve);
      this.worker.postMessage({ type: 'memory' });
    });
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
    } else if (message.type === 'memory') {
      const { type: _type, ...memory } = message;
      this.memoryWaiting.shift()?.(memory);
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

