/**
 * The code of the worker threads `LocalFunctionRuntime` runs functions in, as plain JavaScript:
 * it is started with `new Worker(WORKER_SOURCE, { eval: true })`, so the same string works from
 * `lib/` (compiled) and under ts-jest (`src/`), where a `.ts` worker file would not load.
 *
 * A worker is one execution environment of one function. It loads the handler once (the cold
 * start), answers `ready` or `init-error`, then runs the invocations it is sent one at a time and
 * answers each with `done`: the result as JSON, or the error as Lambda's Node.js runtime reports
 * it. What the code writes to `process.stdout` and `process.stderr` goes back as `log` messages on
 * the same port as the results, so the parent sees every line before the result of the invocation
 * that wrote it.
 *
 * Keep it JavaScript that Node.js runs as is: no TypeScript, no template literals (`${` would be
 * interpolated here).
 * @internal
 */
export const WORKER_SOURCE = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { types } = require('node:util');

// Everything written to stdout and stderr (console.*, process.stdout.write, pipes) goes to the parent.
for (const stream of ['stdout', 'stderr']) {
  process[stream]._writev = (chunks, callback) => {
    const text = chunks.map((c) => Buffer.from(c.chunk, typeof c.chunk === 'string' ? c.encoding : undefined).toString('utf8')).join('');
    parentPort.postMessage({ type: 'log', stream: stream, text: text });
    callback();
  };
}

// What this worker's isolate holds, on the parent's asking (any time, between or during invocations).
parentPort.on('message', (message) => {
  if (message.type !== 'memory') return;
  const heap = require('node:v8').getHeapStatistics();
  const newSpace = require('node:v8').getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  const usage = process.memoryUsage();
  parentPort.postMessage({
    type: 'memory',
    heapUsed: heap.used_heap_size,
    heapTotal: heap.total_heap_size,
    heapPhysical: heap.total_physical_size,
    heapLimit: heap.heap_size_limit,
    newSpace: newSpace ? newSpace.space_size : 0,
    malloced: heap.malloced_memory,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
  });
});

if (/--enable-source-maps/.test(process.env.NODE_OPTIONS || '')) {
  process.setSourceMapsEnabled(true);
}

function runtimeError(type, message, cause) {
  const error = new Error(message);
  error.name = 'Runtime.' + type;
  if (cause && typeof cause.stack === 'string') {
    error.stack = error.name + ': ' + message + '\n' + cause.stack;
  }
  return error;
}

// An error as the Lambda runtime reports it (its Errors.toRapidResponse).
function toResponse(error) {
  try {
    if (types.isNativeError(error) || (error && typeof error.name === 'string' && typeof error.message === 'string')) {
      return { errorType: error.name, errorMessage: error.message, trace: typeof error.stack === 'string' ? error.stack.split('\n') : [] };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

function importFile(file) {
  return import(pathToFileURL(file).href);
}

function loadFile(file) {
  if (file.endsWith('.mjs')) return importFile(file);
  try {
    return require(file);
  } catch (error) {
    if (error && error.code === 'ERR_REQUIRE_ESM') return importFile(file);
    throw error;
  }
}

// Resolves "dir/module.export.path" in the code directory as the Lambda runtime does (UserFunction.load).
async function loadHandler(codeDir, handler) {
  if (handler.includes('..')) {
    throw runtimeError('MalformedHandlerName', "'" + handler + "' is not a valid handler name: it may not contain '..'");
  }
  const base = path.basename(handler);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) throw runtimeError('MalformedHandlerName', "Bad handler '" + handler + "': expected <file>.<export>");
  const modulePath = path.resolve(codeDir, handler.slice(0, handler.length - base.length), match[1]);
  const file = ['', '.js', '.mjs', '.cjs'].map((ext) => modulePath + ext).find((candidate) => {
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile();
  });
  if (!file) {
    throw runtimeError('ImportModuleError', "Error: Cannot find module '" + match[1] + "': no " + modulePath + '.js, .mjs or .cjs (handler ' + handler + ')');
  }
  let loaded;
  try {
    loaded = await loadFile(file);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw runtimeError('UserCodeSyntaxError', String(error) + ' (in ' + file + ', handler ' + handler + ')', error);
    }
    if (error && error.code === 'MODULE_NOT_FOUND') {
      throw runtimeError('ImportModuleError', String(error).split('\n')[0] + ' (loading ' + file + ', handler ' + handler + ')', error);
    }
    throw error;
  }
  const fn = match[2].split('.').reduce((object, key) => object && object[key], loaded);
  if (!fn) throw runtimeError('HandlerNotFound', handler + ' is undefined or not exported (by ' + file + ')');
  if (typeof fn !== 'function') throw runtimeError('HandlerNotFound', handler + ' is not a function (in ' + file + ')');
  return fn;
}

let handlerFunction;

function invoke(message) {
  if (message.type === 'memory') return;
  process.env._X_AMZN_TRACE_ID = message.traceId;
  const context = Object.assign({}, workerData.context, {
    awsRequestId: message.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  });
  let finished = false;
  // The callback: the first call answers, like Lambda's. The result crosses as JSON, undefined as null.
  const finish = (error, result) => {
    if (finished) return;
    finished = true;
    if (error === undefined || error === null) {
      try {
        const body = JSON.stringify(result === undefined ? null : result);
        parentPort.postMessage({ type: 'done', body: body === undefined ? 'null' : body });
        return;
      } catch (_) {
        error = new Error('Unable to stringify response body');
      }
    }
    parentPort.postMessage({ type: 'done', error: toResponse(error) });
  };
  try {
    const result = handlerFunction(JSON.parse(message.event), context, finish);
    if (result && typeof result.then === 'function') {
      result.then((value) => finish(null, value), (error) => finish(error === undefined || error === null ? 'handled' : error));
    } else if (handlerFunction.length < 3) {
      // Neither a promise nor a callback to wait for: Lambda answers null once the event loop is empty.
      setImmediate(() => finish(null, null));
    }
  } catch (error) {
    finish(error);
  }
}

loadHandler(workerData.codeDir, workerData.handler).then(
  (fn) => {
    handlerFunction = fn;
    parentPort.on('message', invoke);
    parentPort.postMessage({ type: 'ready' });
  },
  (error) => parentPort.postMessage({ type: 'init-error', error: toResponse(error) }),
);
`;
