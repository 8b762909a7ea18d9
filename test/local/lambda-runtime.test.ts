import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executionEnvironment, hostRuntimeNotice, InvocationOutcome, LocalFunctionRuntime, LogLine, RuntimeOptions } from '../../src/local/lambda-runtime';
import { YOUNG_GENERATION_MB } from '../../src/local/lambda-sandbox';
import { LocalFunction } from '../../src/local/local-app';
import { WorkerMemoryBudget } from '../../src/local/worker-memory';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-runtime-'));
const runtimes: LocalFunctionRuntime[] = [];
let count = 0;
const MB = 1024 * 1024;

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A function whose bundle is `files` (by default, `index.js` with `code`). */
function lambdaFunction(code: string | Record<string, string>, overrides: Partial<LocalFunction> = {}): LocalFunction {
  const codeDir = path.join(root, `fn${++count}`);
  fs.mkdirSync(codeDir);
  for (const [file, text] of Object.entries(typeof code === 'string' ? { 'index.js': code } : code)) {
    fs.writeFileSync(path.join(codeDir, file), text);
  }
  const name = overrides.name ?? `shop-Fn${count}`;
  return {
    logicalId: `Fn${count}`,
    path: `shop/Service/Fn${count}`,
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    codeDir,
    handler: 'index.handler',
    environment: {},
    timeoutSeconds: 3,
    memorySize: 256,
    ...overrides,
  };
}

function runtimeOf(fn: LocalFunction, options: RuntimeOptions = {}): LocalFunctionRuntime {
  const runtime = new LocalFunctionRuntime(fn, { log: () => {}, ...options });
  runtimes.push(runtime);
  return runtime;
}

function run(code: string | Record<string, string>, overrides: Partial<LocalFunction> = {}, options: RuntimeOptions = {}) {
  return runtimeOf(lambdaFunction(code, overrides), options);
}

function resultOf(outcome: InvocationOutcome): unknown {
  if (!outcome.ok) throw new Error(`${outcome.errorType}: ${outcome.errorMessage}`);
  return outcome.result;
}

function errorOf(outcome: InvocationOutcome) {
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome.result)}`);
  return outcome;
}

const ECHO_ENV = 'exports.handler = async (event) => Object.fromEntries(event.names.map((n) => [n, process.env[n] ?? null]));';

describe('results', () => {
  test('an async handler answers with its result, which crosses as JSON', async () => {
    const runtime = run('exports.handler = async (event) => ({ hello: event.name, at: new Date(0), skipped: undefined });');
    const result = await runtime.invoke({ name: 'world', dropped: undefined });
    expect(resultOf(result.outcome)).toEqual({ hello: 'world', at: '1970-01-01T00:00:00.000Z' });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('undefined becomes null', async () => {
    const runtime = run('exports.handler = async () => undefined;');
    expect((await runtime.invoke({})).outcome).toEqual({ ok: true, result: null });
  });

  test('a handler taking a callback answers through it; a synchronous one without answers null', async () => {
    const callback = run('exports.handler = (event, context, callback) => { setTimeout(() => callback(null, event.n + 1), 10); };');
    expect(resultOf((await callback.invoke({ n: 1 })).outcome)).toBe(2);
    const sync = run('exports.handler = (event) => event;');
    expect(resultOf((await sync.invoke({ n: 1 })).outcome)).toBeNull();
  });

  test('an ES module handler (index.mjs) loads too', async () => {
    const runtime = run({ 'index.mjs': 'export const handler = async () => "esm";' });
    expect(resultOf((await runtime.invoke({})).outcome)).toBe('esm');
  });
});

describe('environment', () => {
  test("each function sees its own environment, also when invoked at once, and the parent's is untouched", async () => {
    const code = `exports.handler = async () => {
      process.env.MUTATED = process.env.COLOR;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { color: process.env.COLOR, mutated: process.env.MUTATED };
    };`;
    const red = run(code, { environment: { COLOR: 'red' } });
    const blue = run(code, { environment: { COLOR: 'blue' } });
    const [a, b] = await Promise.all([red.invoke({}), blue.invoke({})]);
    expect(resultOf(a.outcome)).toEqual({ color: 'red', mutated: 'red' });
    expect(resultOf(b.outcome)).toEqual({ color: 'blue', mutated: 'blue' });
    expect(process.env.MUTATED).toBeUndefined();
  });

  test('Lambda sets its variables, and nothing else of this process leaks but PATH, HOME and TMPDIR', async () => {
    process.env.LAMBDA_RUNTIME_TEST_SECRET = 'parent only';
    try {
      const fn = lambdaFunction(ECHO_ENV, { name: 'shop-Create', memorySize: 512, runtime: 'nodejs24.x', environment: { TABLE_NAME: 'items' } });
      const names = [
        'TABLE_NAME', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_REGION',
        'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', '_HANDLER', 'TZ', 'AWS_LAMBDA_LOG_GROUP_NAME', 'PATH',
        'LAMBDA_RUNTIME_TEST_SECRET', 'NODE_OPTIONS', 'JEST_WORKER_ID', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
      ];
      const env = resultOf((await runtimeOf(fn).invoke({ names })).outcome);
      expect(env).toEqual({
        TABLE_NAME: 'items',
        AWS_LAMBDA_FUNCTION_NAME: 'shop-Create',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        LAMBDA_TASK_ROOT: fn.codeDir,
        _HANDLER: 'index.handler',
        TZ: ':UTC',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/shop-Create',
        PATH: process.env.PATH,
        LAMBDA_RUNTIME_TEST_SECRET: null,
        NODE_OPTIONS: null,
        JEST_WORKER_ID: null,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
    } finally {
      delete process.env.LAMBDA_RUNTIME_TEST_SECRET;
    }
  });

  test("fake credentials unless the options give some; the options' environment wins", async () => {
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_DYNAMODB', 'LEVEL'];
    const environment = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4001', LEVEL: 'DEBUG' };
    const fake = resultOf((await run(ECHO_ENV, { environment: { LEVEL: 'INFO' } }, { environment }).invoke({ names })).outcome);
    expect(fake).toEqual({
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
      AWS_SESSION_TOKEN: expect.any(String),
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4001',
      LEVEL: 'DEBUG',
    });
    const given = { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'secret' };
    expect(resultOf((await run(ECHO_ENV, {}, { environment: given }).invoke({ names })).outcome)).toEqual({
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: null,
      AWS_ENDPOINT_URL_DYNAMODB: null,
      LEVEL: null,
    });
  });
});

describe('context', () => {
  test("has Lambda's fields, and the remaining time goes down", async () => {
    const runtime = run(`exports.handler = async (event, context) => {
      const first = context.getRemainingTimeInMillis();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { getRemainingTimeInMillis, ...fields } = context;
      return { ...fields, first, second: getRemainingTimeInMillis(), streamEnv: process.env.AWS_LAMBDA_LOG_STREAM_NAME };
    };`, { name: 'shop-Get', memorySize: 1024, timeoutSeconds: 2 });
    const result = await runtime.invoke({}, { requestId: 'req-1' });
    const context = resultOf(result.outcome) as Record<string, unknown>;
    expect(context).toMatchObject({
      functionName: 'shop-Get',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-Get',
      memoryLimitInMB: '1024',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/shop-Get',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.streamEnv).toBe(context.logStreamName);
    expect(context.first).toBeLessThanOrEqual(2000);
    expect(context.first).toBeGreaterThan(1800);
    expect(context.second).toBeLessThanOrEqual((context.first as number) - 40);
    expect(result.requestId).toBe('req-1');
  });
});

describe('errors', () => {
  test("a thrown error is reported as Lambda's runtime reports it", async () => {
    const runtime = run('exports.handler = async () => { throw new TypeError("bad input"); };');
    const error = errorOf((await runtime.invoke({})).outcome);
    expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input', timedOut: false });
    expect(error.trace[0]).toBe('TypeError: bad input');
    expect(error.trace[1]).toContain('index.js');
  });

  test('custom error names, callback errors, thrown non-errors and unserializable results', async () => {
    const runtime = run(`
      class NotFound extends Error { constructor(m) { super(m); this.name = 'NotFound'; } }
      exports.handler = (event, context, callback) => {
        if (event.kind === 'custom') return Promise.reject(new NotFound('no item 1'));
        if (event.kind === 'callback') return callback(new Error('via callback'));
        if (event.kind === 'string') return Promise.reject('plain string');
        if (event.kind === 'undefined') return Promise.reject(undefined);
        const circular = {}; circular.self = circular;
        return Promise.resolve(circular);
      };`);
    const outcomes = await Promise.all(['custom', 'callback', 'string', 'undefined', 'circular'].map((kind) => runtime.invoke({ kind })));
    expect(outcomes.map(({ outcome }) => errorOf(outcome)).map(({ errorType, errorMessage }) => [errorType, errorMessage])).toEqual([
      ['NotFound', 'no item 1'],
      ['Error', 'via callback'],
      ['string', 'plain string'],
      ['string', 'handled'],
      ['Error', 'Unable to stringify response body'],
    ]);
  });

  test('the error is logged before END, and REPORT tells its type', async () => {
    const lines: LogLine[] = [];
    const runtime = run('exports.handler = async () => { throw new RangeError("too far"); };', {}, { log: (line) => lines.push(line) });
    await runtime.invoke({}, { requestId: 'r-err' });
    const texts = lines.map((line) => line.text);
    expect(texts[0]).toBe('START RequestId: r-err Version: $LATEST');
    expect(texts[1]).toMatch(/^\S+\tr-err\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"too far","stack":\["RangeError: too far",/);
    expect(texts[2]).toBe('END RequestId: r-err');
    expect(texts[3]).toMatch(/\tStatus: error\tError Type: RangeError$/);
  });

  test('a source-mapped stack when the function enables source maps', async () => {
    const map = Buffer.from(JSON.stringify({ version: 3, sources: ['../src/create.ts'], names: [], mappings: 'AAAA;AACA' })).toString('base64');
    const code = `exports.handler = async () => {\nthrow new Error("mapped"); };\n//# sourceMappingURL=data:application/json;base64,${map}\n`;
    const runtime = run(code, { environment: { NODE_OPTIONS: '--enable-source-maps' } });
    const error = errorOf((await runtime.invoke({})).outcome);
    expect(error.trace[1]).toContain('create.ts');
  });
});

describe('module load errors', () => {
  test('a missing file', async () => {
    const fn = lambdaFunction({ 'other.js': '' });
    const result = await runtimeOf(fn).invoke({});
    const error = errorOf(result.outcome);
    expect(error.errorType).toBe('Runtime.ImportModuleError');
    expect(error.errorMessage).toBe(`Error: Cannot find module 'index': no ${path.join(fn.codeDir, 'index')}.js, .mjs or .cjs (handler index.handler)`);
    expect(result.coldStart).toBe(true);
  });

  test('a missing dependency of the bundle', async () => {
    const error = errorOf((await run('require("not-a-package-anywhere"); exports.handler = async () => 1;').invoke({})).outcome);
    expect(error.errorType).toBe('Runtime.ImportModuleError');
    expect(error.errorMessage).toContain("Cannot find module 'not-a-package-anywhere'");
    expect(error.errorMessage).toContain('index.js');
  });

  test('a syntax error', async () => {
    const error = errorOf((await run('exports.handler = async () => {;').invoke({})).outcome);
    expect(error.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(error.errorMessage).toMatch(/^SyntaxError: .* \(in .*index\.js, handler index\.handler\)$/);
  });

  test('a missing or wrong export', async () => {
    const missing = errorOf((await run('exports.other = async () => 1;').invoke({})).outcome);
    expect(missing).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
    expect(missing.errorMessage).toMatch(/^index\.handler is undefined or not exported \(by .*index\.js\)$/);
    const notFunction = errorOf((await run('exports.handler = 42;').invoke({})).outcome);
    expect(notFunction).toMatchObject({ errorType: 'Runtime.HandlerNotFound' });
    expect(notFunction.errorMessage).toMatch(/^index\.handler is not a function/);
  });

  test('an error thrown while the module loads, reported on each invocation', async () => {
    const runtime = run('throw new Error("no config"); exports.handler = async () => 1;');
    for (let i = 0; i < 2; i++) {
      const result = await runtime.invoke({});
      expect(errorOf(result.outcome)).toMatchObject({ errorType: 'Error', errorMessage: 'no config' });
      expect(result.coldStart).toBe(true);
    }
  });
});

describe('timeout', () => {
  test('stops the invocation after the timeout and discards the worker', async () => {
    const runtime = run('exports.handler = async (event) => { if (event.hang) { while (true) {} } return "fine"; };', { timeoutSeconds: 1 });
    const first = await runtime.invoke({ hang: true });
    expect(first.outcome).toEqual({
      ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds', trace: [], timedOut: true,
    });
    expect(first.durationMs).toBeGreaterThanOrEqual(990);
    const second = await runtime.invoke({});
    expect(second.coldStart).toBe(true);
    expect(resultOf(second.outcome)).toBe('fine');
  });
});

describe('crashes', () => {
  test('process.exit fails the invocation with Runtime.ExitError; the next one gets a fresh worker', async () => {
    const runtime = run('let n = 0; exports.handler = async (event) => { n++; if (event.exit) process.exit(3); return n; };');
    expect(resultOf((await runtime.invoke({})).outcome)).toBe(1);
    const crashed = await runtime.invoke({ exit: true });
    expect(errorOf(crashed.outcome)).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: exit status 3' });
    const next = await runtime.invoke({});
    expect(next.coldStart).toBe(true);
    expect(resultOf(next.outcome)).toBe(1);
  });

  test('an uncaught exception in a callback too, and it is logged', async () => {
    const lines: LogLine[] = [];
    const runtime = run(
      'exports.handler = (event) => new Promise(() => { setTimeout(() => { throw new Error("boom in timer"); }, 10); });',
      {},
      { log: (line) => lines.push(line) },
    );
    const result = await runtime.invoke({}, { requestId: 'r-crash' });
    const error = errorOf(result.outcome);
    expect(error).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: Error: boom in timer', timedOut: false });
    expect(error.trace[0]).toBe('Error: boom in timer');
    expect(lines.find((line) => line.text.includes('Uncaught Exception'))).toMatchObject({ requestId: 'r-crash', stream: 'stderr' });
    expect((await runtime.invoke({})).coldStart).toBe(true);
  });

  test("running out of the function's memory fails with Runtime.OutOfMemory", async () => {
    const runtime = run('exports.handler = async () => { const a = []; for (;;) a.push(new Array(100000).fill(Math.random())); };', { memorySize: 128 });
    const result = await runtime.invoke({});
    expect(errorOf(result.outcome)).toMatchObject({ errorType: 'Runtime.OutOfMemory', timedOut: false });
    expect(errorOf(result.outcome).errorMessage).toContain('128 MB');
  });
});

describe('workers', () => {
  test('a warm worker is reused: module state persists, the module loads once', async () => {
    const runtime = run('let loads = (globalThis.loads ?? 0) + 1; let calls = 0; exports.handler = async () => ({ loads, calls: ++calls });');
    const first = await runtime.invoke({});
    expect(first.coldStart).toBe(true);
    expect(first.initDurationMs).toBeGreaterThan(0);
    const second = await runtime.invoke({});
    expect(second.coldStart).toBe(false);
    expect(second.initDurationMs).toBeUndefined();
    expect(resultOf(second.outcome)).toEqual({ loads: 1, calls: 2 });
  });

  test('at most maxConcurrency invocations at once, one worker each; the others wait', async () => {
    const runtime = run(`const worker = Math.random();
      exports.handler = async () => { const start = Date.now(); await new Promise((r) => setTimeout(r, 150)); return { worker, start, end: Date.now() }; };`,
    {}, { maxConcurrency: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => runtime.invoke({})));
    const spans = results.map(({ outcome }) => resultOf(outcome) as { worker: number; start: number; end: number });
    expect(new Set(spans.map((span) => span.worker)).size).toBe(2);
    const atOnce = spans.map(({ start }) => spans.filter((other) => other.start <= start && start < other.end).length);
    expect(Math.max(...atOnce)).toBe(2);
    expect(results.filter((result) => result.coldStart)).toHaveLength(2);
  });

  test('a memory budget caps the workers of all functions: a cold start discards an idle worker of another function first', async () => {
    // GIVEN a budget of 512 MB and two functions of 256 MB, the first with two warm workers
    const budget = new WorkerMemoryBudget(512);
    const slow = 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 100)); return process.pid; };';
    const first = run(slow, { memorySize: 256 }, { memoryBudget: budget });
    const second = run(slow, { memorySize: 256 }, { memoryBudget: budget });
    await Promise.all([first.invoke({}), first.invoke({})]);
    expect(budget.usedMb).toBe(512);
    // WHEN the second function starts a worker
    const result = await second.invoke({});
    // THEN it did, within the budget, by discarding one of the first function's idle workers: two invocations of it need one cold start again
    expect(result.coldStart).toBe(true);
    expect(budget.usedMb).toBe(512);
    const again = await Promise.all([first.invoke({}), first.invoke({})]);
    expect(again.filter((invocation) => invocation.coldStart)).toHaveLength(1);
    expect(budget.usedMb).toBe(512);
  });

  test('with no idle worker to discard, a cold start over the budget waits for one, then runs', async () => {
    const budget = new WorkerMemoryBudget(256);
    const first = run('exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return 1; };', { memorySize: 256 }, { memoryBudget: budget });
    const second = run('exports.handler = async () => 2;', { memorySize: 256 }, { memoryBudget: budget });
    const order: number[] = [];
    await Promise.all([
      first.invoke({}).then((r) => order.push(resultOf(r.outcome) as number)),
      second.invoke({}).then((r) => order.push(resultOf(r.outcome) as number)),
    ]);
    expect(order).toEqual([1, 2]);
    expect(budget.usedMb).toBe(256);
  });

  test('a count of workers caps them the same way: with 2, a third function stops the idle worker used least recently, of any function', async () => {
    // GIVEN at most 2 live workers and no memory limit; a ran, then b, then a again
    const budget = new WorkerMemoryBudget(Infinity, 2);
    const [a, b, c] = [1, 2, 3].map((n) => run(`exports.handler = async () => ${n};`, { memorySize: 1024 }, { memoryBudget: budget }));
    await a.invoke({});
    await b.invoke({});
    expect((await a.invoke({})).coldStart).toBe(false);
    // WHEN a third function starts a worker
    expect((await c.invoke({})).coldStart).toBe(true);
    // THEN b's worker was stopped for it (idle the longest), not a's, though a's runtime was created first
    expect(budget.liveWorkers).toBe(2);
    expect((await a.invoke({})).coldStart).toBe(false);
    expect((await c.invoke({})).coldStart).toBe(false);
    expect((await b.invoke({})).coldStart).toBe(true);
    expect(budget.liveWorkers).toBe(2);
  });

  test('rejects a count of workers below 1 or not whole', () => {
    expect(() => new WorkerMemoryBudget(Infinity, 0)).toThrow(/maxWorkers, the most workers alive at once, must be a whole number, at least 1; got 0/);
    expect(() => new WorkerMemoryBudget(512, 1.5)).toThrow(/got 1.5/);
  });

  test('the budget is given back when the runtimes close', async () => {
    const budget = new WorkerMemoryBudget(1024);
    const runtime = run('exports.handler = async () => 1;', { memorySize: 256 }, { memoryBudget: budget });
    await runtime.invoke({});
    expect(budget.usedMb).toBe(256);
    await runtime.close();
    expect(budget.usedMb).toBe(0);
  });

  test("each live worker tells its memory: its heap limited to the function's memory, its new space to 4 MB", async () => {
    // GIVEN two workers that allocate many short-lived objects (V8 would grow their new space to 32 MB)
    const runtime = run(`exports.handler = async (event) => {
      let kept = [];
      for (let i = 0; i < 2e6; i++) { kept.push({ i, text: 'x' + i }); if (kept.length > 1000) kept = []; }
      if (event.wait) await new Promise((r) => setTimeout(r, 300));
      return kept.length;
    };`, { memorySize: 256 });
    await Promise.all([runtime.invoke({}), runtime.invoke({})]);
    // WHEN their memory is asked, one of them in an invocation
    const busy = runtime.invoke({ wait: true });
    const memory = await runtime.workerMemory();
    await busy;
    // THEN both answer: heap limit = the function's memory + the young generation, new space within two thirds of it
    expect(memory).toHaveLength(2);
    for (const worker of memory) {
      expect(worker.heapLimit / MB).toBe(256 + YOUNG_GENERATION_MB);
      expect(worker.newSpace / MB).toBeLessThanOrEqual(YOUNG_GENERATION_MB * 2 / 3);
      expect(worker.heapUsed).toBeGreaterThan(0);
      expect(worker.heapPhysical).toBeGreaterThanOrEqual(worker.newSpace);
    }
  });

  test('a worker that has exited tells nothing', async () => {
    const runtime = run('exports.handler = async () => { process.exit(2); };');
    await runtime.invoke({});
    expect(await runtime.workerMemory()).toEqual([]);
  });

  test('a worker is retired after workerMaxInvocations: with 3, seven invocations start workers at the 1st, 4th and 7th', async () => {
    const retired: string[] = [];
    const lines: LogLine[] = [];
    const runtime = run('let calls = 0; exports.handler = async () => ++calls;', {}, {
      workerMaxInvocations: 3,
      onWorkerRetired: (reason) => retired.push(reason),
      log: (line) => lines.push(line),
    });
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await runtime.invoke({}));
    expect(results.map((result) => result.coldStart)).toEqual([true, false, false, true, false, false, true]);
    expect(results.map((result) => resultOf(result.outcome))).toEqual([1, 2, 3, 1, 2, 3, 1]);
    // each cold start is reported as one: REPORT with its Init Duration
    const reports = lines.filter((line) => line.text.startsWith('REPORT'));
    expect(reports.map((line) => line.text.includes('Init Duration:'))).toEqual([true, false, false, true, false, false, true]);
    await runtime.close();
    expect(retired).toEqual(['invocations', 'invocations']);
  });

  test('workerMaxInvocations 0 never retires a worker', async () => {
    const runtime = run('exports.handler = async () => 1;', {}, { workerMaxInvocations: 0 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await runtime.invoke({}));
    expect(results.filter((result) => result.coldStart)).toHaveLength(1);
  });

  test('a worker idle for workerIdleSeconds is stopped: the next invocation is a cold start, and its memory is given back', async () => {
    const budget = new WorkerMemoryBudget(1024);
    let retired!: (reason: string) => void;
    const retirement = new Promise<string>((resolve) => { retired = resolve; });
    const runtime = run('exports.handler = async () => 1;', { memorySize: 256 }, { workerIdleSeconds: 0.01, memoryBudget: budget, onWorkerRetired: (reason) => retired(reason) });
    expect((await runtime.invoke({})).coldStart).toBe(true);
    expect(await retirement).toBe('idle');
    expect(budget.usedMb).toBe(0);
    expect(await runtime.workerMemory()).toEqual([]);
    expect((await runtime.invoke({})).coldStart).toBe(true);
  });

  test('rejects a workerMaxInvocations or workerIdleSeconds that is not a whole number or a number of seconds', () => {
    expect(() => new LocalFunctionRuntime(lambdaFunction(''), { workerMaxInvocations: 1.5 })).toThrow(/workerMaxInvocations must be a whole number .* not 1.5/);
    expect(() => new LocalFunctionRuntime(lambdaFunction(''), { workerIdleSeconds: -1 })).toThrow(/workerIdleSeconds must be .* not -1/);
  });

  test('rejects a maxConcurrency that is not a positive integer', () => {
    expect(() => new LocalFunctionRuntime(lambdaFunction(''), { maxConcurrency: 0 })).toThrow(/maxConcurrency/);
  });
});

describe('logs', () => {
  test('each line reaches the log, tagged with the invocation that wrote it', async () => {
    const lines: LogLine[] = [];
    const fn = lambdaFunction(`console.log('loading');
      exports.handler = async (event) => {
        console.log('first of ' + event.id);
        await new Promise((resolve) => setTimeout(resolve, 30));
        process.stdout.write(JSON.stringify({ level: 'INFO', message: 'json', id: event.id }) + '\\n');
        console.error('warning of ' + event.id);
        process.stdout.write('unterminated of ' + event.id);
        return event.id;
      };`);
    const runtime = runtimeOf(fn, { log: (line) => lines.push(line) });
    await Promise.all([runtime.invoke({ id: 'a' }, { requestId: 'r-a' }), runtime.invoke({ id: 'b' }, { requestId: 'r-b' })]);
    expect(lines.every((line) => line.function === fn.path)).toBe(true);
    expect(lines.filter((line) => line.text === 'loading')).toEqual([
      { function: expect.any(String), requestId: undefined, stream: 'stdout', text: 'loading' },
      { function: expect.any(String), requestId: undefined, stream: 'stdout', text: 'loading' },
    ]);
    for (const id of ['a', 'b']) {
      const own = lines.filter((line) => line.requestId === `r-${id}`).map(({ stream, text }) => [stream, text.replace(/\t.*$/, '')]);
      expect(own).toEqual([
        ['stdout', `START RequestId: r-${id} Version: $LATEST`],
        ['stdout', `first of ${id}`],
        ['stdout', JSON.stringify({ level: 'INFO', message: 'json', id })],
        ['stderr', `warning of ${id}`],
        ['stdout', `unterminated of ${id}`],
        ['stdout', `END RequestId: r-${id}`],
        ['stdout', `REPORT RequestId: r-${id}`],
      ]);
      const report = lines.find((line) => line.text.startsWith(`REPORT RequestId: r-${id}`))!.text;
      expect(report).toMatch(/^REPORT RequestId: r-\w\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tInit Duration: \d+\.\d\d ms$/);
    }
  });

  test('a timeout is logged', async () => {
    const lines: LogLine[] = [];
    const runtime = run('exports.handler = () => new Promise(() => {});', { timeoutSeconds: 1 }, { log: (line) => lines.push(line) });
    await runtime.invoke({}, { requestId: 'r-slow' });
    expect(lines.map((line) => line.text)).toEqual([
      'START RequestId: r-slow Version: $LATEST',
      expect.stringMatching(/^\S+ r-slow Task timed out after 1\.00 seconds$/),
      'END RequestId: r-slow',
      expect.stringMatching(/\tStatus: timeout\tError Type: Sandbox.Timedout$/),
    ]);
  });
});

describe('close', () => {
  test('fails the invocations under way and waiting, and later ones', async () => {
    const fn = lambdaFunction('exports.handler = () => new Promise((resolve) => setTimeout(resolve, 5000));');
    const runtime = runtimeOf(fn, { maxConcurrency: 1 });
    const running = runtime.invoke({}).catch((error: Error) => error);
    const waiting = runtime.invoke({}).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runtime.close();
    expect(await running).toEqual(new Error(`${fn.path}: the local runtime was closed; the invocation did not complete`));
    expect(await waiting).toEqual(await running);
    await expect(runtime.invoke({})).rejects.toThrow(/local runtime was closed/);
    await runtime.close();
  });

  test('close stops idle workers', async () => {
    const runtime = run('exports.handler = async () => 1;');
    await runtime.invoke({});
    await runtime.close();
    await expect(runtime.invoke({})).rejects.toThrow(/closed/);
  });
});

describe('the runtime the template declares', () => {
  test.each([
    [{ runtime: 'nodejs26.x' }, 'AWS_Lambda_nodejs26.x'],
    [{ runtime: 'nodejs20.x' }, 'AWS_Lambda_nodejs20.x'],
    [{}, `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`],
  ])('%p gives AWS_EXECUTION_ENV %s', (fn, expected) => {
    expect(executionEnvironment(fn)).toBe(expected);
  });

  test('local mode says once when the functions declare another Node.js than the one it runs on, and not when they match', () => {
    expect(hostRuntimeNotice([{ runtime: 'nodejs24.x' }, { runtime: 'nodejs24.x' }, {}], 'v20.20.2')).toBe(
      'the functions declare nodejs24.x; they run on this machine\'s Node.js v20.20.2 (AWS_EXECUTION_ENV names their runtime; '
      + 'the AWS SDK\'s Node.js version warning is not repeated by each worker)',
    );
    expect(hostRuntimeNotice([{ runtime: 'nodejs20.x' }], 'v20.20.2')).toBeUndefined();
  });
});
