/**
 * `serverless-patterns-local` as a person stops it: one Ctrl-C (delivered more than once, as a
 * terminal and npx both deliver it) stops cleanly; a second Ctrl-C exits at once and says what it
 * abandoned. The CLI runs from its TypeScript source, in a process of its own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { appDir, removeAppDir, REPO, synthesize, writeBundles } from './local-fixtures';
import { ServerlessRestApi, ServiceFunction } from '../../src';

let dir: string;
let assemblyDir: string;

beforeAll(() => {
  dir = appDir('cli');
  const assets = writeBundles(dir, {
    slow: 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 20000)); return { statusCode: 200, body: "late" }; };',
    fast: 'exports.handler = async () => ({ statusCode: 200, body: "ok" });',
  });
  assemblyDir = synthesize(dir, (app) => {
    const stack = new Stack(app, 'cli');
    const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'cli' });
    const slow = new ServiceFunction(stack, 'Slow', { assetPath: assets.slow, timeout: Duration.seconds(25) });
    const fast = new ServiceFunction(stack, 'Fast', { assetPath: assets.fast });
    api.addRoute({ method: 'GET', path: '/slow', authorize: false }, slow);
    api.addRoute({ method: 'GET', path: '/fast', authorize: false }, fast);
  }).assemblyDir;
}, 120_000);

afterAll(() => removeAppDir(dir));

interface Cli {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** Starts the CLI on the app, with a 5 s drain and `args`; resolves once it printed its banner. */
async function startCli(...args: string[]): Promise<Cli> {
  const child = spawnCli('--assembly', assemblyDir, '--port', '0', '--drain', '5', ...args);
  let output = '';
  child.stdout!.on('data', (chunk) => output += chunk);
  child.stderr!.on('data', (chunk) => output += chunk);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (!output.includes('Ctrl-C stops.')) {
    if (child.exitCode !== null) throw new Error(`the CLI exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /REST API cli: (\S+)/.exec(output)![1];
  return { child, url, output: () => output, exited };
}

function spawnCli(...args: string[]): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'src/local/cli.ts'), ...args], {
    cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function until(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!done()) throw new Error(`not seen: ${what}`);
}

test('one Ctrl-C, delivered twice at once as a terminal and npx deliver it, stops cleanly', async () => {
  const cli = await startCli();
  expect((await fetch(`${cli.url}fast`)).status).toBe(200);
  cli.child.kill('SIGINT');
  cli.child.kill('SIGINT');
  expect(await cli.exited).toBe(0);
  expect(cli.output()).toContain('local mode: stopping: new requests are refused; draining what was accepted for at most 5 s (Ctrl-C again exits now)...');
  expect(cli.output()).toContain('local mode: stopped, nothing left undelivered.');
  expect(cli.output()).not.toContain('exiting now');
}, 120_000);

test('a second Ctrl-C while a request drains exits at once with 130, saying what it abandons', async () => {
  const cli = await startCli();
  const pending = fetch(`${cli.url}slow`).then((response) => response.status, () => 0);
  await until('the slow request running', () => cli.output().includes('START RequestId'));
  cli.child.kill('SIGINT');
  await until('the stop starting', () => cli.output().includes('local mode: stopping'));
  expect(await fetch(`${cli.url}fast`).then((response) => response.status)).toBe(503);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  cli.child.kill('SIGINT');
  expect(await cli.exited).toBe(130);
  expect(cli.output()).toContain('local mode: exiting now; abandoned:\n  - 1 API request(s) in flight, not answered\n');
  expect(cli.output()).not.toContain('local mode: stopped');
  expect(await pending).toBe(0);
}, 120_000);

test('--worker-max-invocations retires a worker after that many invocations: with 2, three requests give two cold starts', async () => {
  const cli = await startCli('--worker-max-invocations', '2', '--worker-idle', '0');
  for (let i = 0; i < 3; i++) expect((await fetch(`${cli.url}fast`)).status).toBe(200);
  cli.child.kill('SIGINT');
  expect(await cli.exited).toBe(0);
  expect(cli.output().match(/REPORT RequestId: .*Init Duration/g)).toHaveLength(2);
}, 120_000);

test('a --worker-max-invocations, --worker-idle or --max-workers that is not a whole number in range is refused before anything starts', async () => {
  for (const [option, value, min] of [['--worker-max-invocations', '1.5', '0'], ['--worker-idle', '-1', '0'], ['--max-workers', '0', '1']]) {
    const child = spawnCli('--assembly', assemblyDir, option, value);
    let output = '';
    child.stderr!.on('data', (chunk) => output += chunk);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`${option} must be a whole number of at least ${min}; got '${value}'`);
  }
}, 120_000);
