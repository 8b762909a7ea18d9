#!/usr/bin/env node
import * as path from 'node:path';
import { LocalApp } from './local-app';
import { startLocal } from './local-mode';
import { DEFAULT_DRAIN_MS } from './local-stop';

// Lambda runs in UTC; the functions share this process's time zone
process.env.TZ = 'UTC';

/**
 * `serverless-patterns-local [--port 3000] [--stack name] [--assembly cdk.out] [--drain 5] [--workers-memory 4096]
 * [--max-workers 64] [--worker-max-invocations 1000] [--worker-idle 300]`: what
 * `npx projen local` runs after the synth.
 */
async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const started = Date.now();
  const local = await startLocal({
    assemblyDir: path.resolve(args.assembly ?? 'cdk.out'),
    stackName: args.stack,
    port: args.port === undefined ? undefined : portOf(args.port),
    workersMemoryMb: args['workers-memory'] === undefined ? undefined : wholeNumber('--workers-memory', args['workers-memory'], 128),
    maxWorkers: args['max-workers'] === undefined ? undefined : wholeNumber('--max-workers', args['max-workers'], 1),
    workerMaxInvocations: args['worker-max-invocations'] === undefined ? undefined : wholeNumber('--worker-max-invocations', args['worker-max-invocations'], 0),
    workerIdleSeconds: args['worker-idle'] === undefined ? undefined : wholeNumber('--worker-idle', args['worker-idle'], 0),
  });
  const drainMs = 1000 * (args.drain === undefined ? DEFAULT_DRAIN_MS / 1000 : wholeNumber('--drain', args.drain, 0));
  const lines = [
    `local mode: ${local.app.stackName} started in ${Date.now() - started} ms, from ${path.relative(process.cwd(), local.app.assemblyDir) || '.'}`,
    ...Object.entries(local.apiUrls).map(([name, url]) => `  REST API ${name}: ${url}`),
    ...(local.schedulesUrl ? [`  schedules (fired on demand, not on time): curl -X POST ${local.schedulesUrl}/<name>, one of: ${local.app.schedules.map((schedule) => schedule.name).join(', ')}`] : []),
    `  ${summary(local.app)}`,
    ...Object.entries(local.endpoints).map(([name, url]) => `  ${name}=${url}`),
    ...(local.notEmulated.length > 0 ? ['  not emulated:', ...local.notEmulated.map((line) => `    - ${line}`)] : []),
    '  Ctrl-C stops.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stoppingSince: number | undefined;
  const stop = async () => {
    if (stoppingSince !== undefined && Date.now() - stoppingSince < SAME_CTRL_C_MS) {
      // the same Ctrl-C, delivered again: the terminal signals the whole process group, and npx forwards it too
      return;
    }
    if (stoppingSince !== undefined) {
      // a second Ctrl-C: out at once, saying what is abandoned
      const abandoned = local.inFlight();
      process.stdout.write(abandoned.length === 0
        ? 'local mode: exiting now, nothing was in flight.\n'
        : `local mode: exiting now; abandoned:\n${abandoned.map((line) => `  - ${line}`).join('\n')}\n`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    process.stdout.write(`local mode: stopping: new requests are refused; draining what was accepted for at most ${drainMs / 1000} s (Ctrl-C again exits now)...\n`);
    const { undelivered } = await local.stop({ drainMs });
    process.stdout.write(undelivered.length === 0
      ? 'local mode: stopped, nothing left undelivered.\n'
      : `local mode: stopped; left undelivered:\n${undelivered.map((line) => `  - ${line}`).join('\n')}\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** Signals within this time of the first are the same Ctrl-C, delivered to local mode by its parents too. */
const SAME_CTRL_C_MS = 1_000;

/** `5 functions, 1 table, 0 rules, 0 queues`, then what else the app has: buckets, streams, state machines. */
function summary(app: LocalApp): string {
  return [
    count(app.functions.length, 'function'),
    count(app.tables.length, 'table'),
    count(app.rules.length, 'rule'),
    count(app.queues.length, 'queue'),
    ...(app.buckets.length > 0 ? [count(app.buckets.length, 'bucket')] : []),
    ...(app.kinesisStreams.length > 0 ? [count(app.kinesisStreams.length, 'Kinesis stream')] : []),
    ...(app.stateMachines.length > 0 ? [count(app.stateMachines.length, 'state machine')] : []),
  ].join(', ');
}

/** The `--port` value: a whole number from 0 (any free port) to 65535. */
function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 (any free port) to 65535; got '${value}'`);
  }
  return port;
}

/** A whole number option of at least `min`. */
function wholeNumber(option: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new Error(`${option} must be a whole number of at least ${min}; got '${value}'`);
  }
  return Number(value);
}

/** `1 table`, `2 tables`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

type Option = 'port' | 'stack' | 'assembly' | 'drain' | 'workers-memory' | 'max-workers' | 'worker-max-invocations' | 'worker-idle';

function parseArgs(argv: string[]): Partial<Record<Option, string>> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(port|stack|assembly|drain|workers-memory|max-workers|worker-max-invocations|worker-idle)(?:=(.*))?$/.exec(argv[i]);
    if (!match) {
      throw new Error(`serverless-patterns-local: unknown argument '${argv[i]}'; use --port <n>, --stack <name>, --assembly <dir>, --drain <seconds>, `
        + '--workers-memory <MB>, --max-workers <n>, --worker-max-invocations <n>, --worker-idle <seconds>');
    }
    args[match[1]] = match[2] ?? argv[++i];
  }
  return args;
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`serverless-patterns-local: ${error.message}\n`);
  process.exit(1);
});
