#!/usr/bin/env node
import * as path from 'node:path';
import { LocalApp } from './local-app';
import { startLocal } from './local-mode';

// Lambda runs in UTC; the functions share this process's time zone
process.env.TZ = 'UTC';

/** `serverless-patterns-local [--port 3000] [--stack name] [--assembly cdk.out]`: what `npx projen local` runs after the synth. */
async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const started = Date.now();
  const local = await startLocal({
    assemblyDir: path.resolve(args.assembly ?? 'cdk.out'),
    stackName: args.stack,
    port: args.port === undefined ? undefined : portOf(args.port),
  });
  const lines = [
    `local mode: ${local.app.stackName} started in ${Date.now() - started} ms, from ${path.relative(process.cwd(), local.app.assemblyDir) || '.'}`,
    ...Object.entries(local.apiUrls).map(([name, url]) => `  REST API ${name}: ${url}`),
    `  ${summary(local.app)}`,
    ...Object.entries(local.endpoints).map(([name, url]) => `  ${name}=${url}`),
    ...(local.notEmulated.length > 0 ? ['  not emulated:', ...local.notEmulated.map((line) => `    - ${line}`)] : []),
    '  Ctrl-C stops.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write('local mode: stopping, waiting for what is in flight...\n');
    const { undelivered } = await local.stop();
    process.stdout.write(undelivered.length === 0
      ? 'local mode: stopped, nothing left undelivered.\n'
      : `local mode: stopped; dropped:\n${undelivered.map((line) => `  - ${line}`).join('\n')}\n`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

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

/** `1 table`, `2 tables`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function parseArgs(argv: string[]): { port?: string; stack?: string; assembly?: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(port|stack|assembly)(?:=(.*))?$/.exec(argv[i]);
    if (!match) {
      throw new Error(`serverless-patterns-local: unknown argument '${argv[i]}'; use --port <n>, --stack <name>, --assembly <dir>`);
    }
    args[match[1]] = match[2] ?? argv[++i];
  }
  return args;
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`serverless-patterns-local: ${error.message}\n`);
  process.exit(1);
});
