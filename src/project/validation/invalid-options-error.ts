/** The error of bad options, and how it reaches the user of `npx projen`: its problems, once. */
import * as path from 'node:path';

/** Thrown when options are invalid; its message lists every problem found, `problems` holds them one by one. */
export class InvalidOptionsError extends Error {
  /** Each problem: the option's path, its value and what is allowed. */
  declare public readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid ServerlessApp options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidOptionsError';
    // not enumerable: Node's and console's printing of the error shows the message, not the list a second time
    Object.defineProperty(this, 'problems', { value: [...problems], enumerable: false });
  }
}

let reporting = false;

/**
 * Makes an `InvalidOptionsError` that nothing catches end .projenrc.ts cleanly. `npx projen` runs
 * .projenrc.ts as a script of its own (its `default` task: `ts-node .projenrc.ts`, or `node
 * .projenrc.js`), where the error of `new ServerlessApp(...)` is uncaught: Node would print it
 * with the source line that threw and a stack trace into this package. Instead, the problems are
 * printed once on stderr and the script exits with 1, so that projen reports the task as failed.
 *
 * Only in that script (its main module is a `.projenrc.*` file), and only for this error: a
 * program that catches it (a test, a wrapper) gets it as thrown, and any other error that nothing
 * catches gets Node's report. Node tells `uncaughtExceptionMonitor` listeners before it reports an
 * uncaught error itself, or before the `uncaughtException` listeners run.
 */
export function reportUncaughtOptionErrors(): void {
  const main = require.main?.filename;
  if (reporting || main === undefined || !/^\.projenrc\.[cm]?[jt]s$/.test(path.basename(main))) {
    return;
  }
  reporting = true;
  process.on('uncaughtExceptionMonitor', (error) => {
    if (error instanceof InvalidOptionsError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
  });
}
