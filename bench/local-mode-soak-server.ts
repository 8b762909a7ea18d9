/**
 * The child of bench/local-mode-soak.ts: local mode running the synthesized app, answering the
 * parent's `rss`, `processed` and `stop` messages.
 *
 *   (forked by bench/local-mode-soak.ts with the assembly folder as its argument)
 */
import * as v8 from 'node:v8';
import { LocalMode, startLocal } from '../src/local/local-mode';

/** The child: local mode, answering `rss`, `processed` and `stop` messages. */
export async function serve(assemblyDir: string): Promise<void> {
  const processed: Record<string, number> = {};
  const local: LocalMode = await startLocal({
    assemblyDir,
    port: 0,
    log: (line) => {
      if (line.startsWith('[sqs] ')) {
        const entry = JSON.parse(line.slice('[sqs] '.length));
        processed[entry.queue] = (processed[entry.queue] ?? 0) + entry.messages - entry.failed;
      }
    },
  });
  process.on('message', (message: { type: string; drainMs?: number }) => {
    if (message.type === 'rss') {
      // the main thread's heap once collected: what local mode itself keeps, without the workers' garbage
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed, external } = process.memoryUsage();
      // what of the heap is in physical memory, as RSS counts it
      const heap = v8.getHeapStatistics().total_physical_size;
      // each live worker's isolate, asked of the worker (its garbage included: it is not collected first)
      void local.workerMemory().then((functions) => process.send!({
        type: 'rss', rss, heapUsed, heap, external, history: local.history.invocations.length, functions,
      }));
    } else if (message.type === 'processed') {
      void local.idle(60_000).catch(() => undefined).then(() => process.send!({ type: 'processed', processed }));
    } else if (message.type === 'stop') {
      const started = Date.now();
      void local.stop({ drainMs: message.drainMs }).then(({ undelivered }) => {
        process.send!({ type: 'stopped', undelivered, stopMs: Date.now() - started, processed }, () => process.exit(0));
      });
    }
  });
  process.send!({ type: 'ready', url: local.apiUrls.soak });
}


void serve(process.argv[2]);
