/**
 * Creating an app from this package the way a user does: pack the package, `projen new --from`
 * the tarball, build. Shared by `scripts/create-sample-app.ts` (the README's main job) and the
 * end-to-end test.
 */
import { execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const REPO_DIR = path.resolve(__dirname, '..');

/**
 * The environment of a command run as a user runs it, with `env` added: without the
 * `NODE_ENV=test` of a jest run, which makes projen quiet and changes what it writes.
 */
function userEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _jest, ...user } = process.env;
  return { ...user, ...env };
}

/** Runs `command` in `cwd` and returns its output; on failure, throws with the output's tail. */
export function run(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execSync(command, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: userEnv(env),
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; status?: number };
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.split('\n').slice(-60).join('\n');
    throw new Error(`\`${command}\` failed in ${cwd} (exit ${failure.status}):\n${output}`);
  }
}

/** Packs the compiled package (`lib/` must be current) into `destDir`; returns the tarball's path. */
export function packPackage(destDir: string): string {
  fs.mkdirSync(destDir, { recursive: true });
  const out = run(`npm pack --json --pack-destination ${JSON.stringify(destDir)}`, REPO_DIR);
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  return path.join(destDir, filename);
}

/**
 * Packs this package as it was at `commit` (a release before this one) into `destDir`, built
 * from that commit's own sources and lock file; returns the tarball's path.
 */
export function packCommit(commit: string, destDir: string): string {
  const source = fs.mkdtempSync(path.join(destDir, 'release-'));
  run(`git archive ${commit} | tar -x -C ${JSON.stringify(source)}`, REPO_DIR);
  run('npm ci --no-audit --no-fund', source);
  run('npx jsii --silence-warnings=reserved-word', source);
  const out = run(`npm pack --json --pack-destination ${JSON.stringify(source)}`, source);
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  const tarball = path.join(destDir, `release-${commit}.tgz`);
  fs.renameSync(path.join(source, filename), tarball);
  fs.rmSync(source, { recursive: true, force: true });
  return tarball;
}

/**
 * `projen new --from projen-serverless-patterns@file:<tarball>` in `appDir`, which must not exist
 * yet. Runs projen's install with `CI` unset: with `CI=true` it would run `npm ci`, which fails
 * in an app that has no lock file yet. Returns what it printed.
 */
export function createApp(tarball: string, appDir: string): string {
  if (fs.existsSync(appDir)) {
    throw new Error(`${appDir} exists already: choose a new folder for the sample app`);
  }
  fs.mkdirSync(appDir, { recursive: true });
  const projen = path.join(REPO_DIR, 'node_modules', '.bin', 'projen');
  return run(`${projen} new serverless-app --from ${JSON.stringify(`projen-serverless-patterns@file:${tarball}`)} --no-git 2>&1`, appDir, { CI: '' });
}

/**
 * Adds `options` (TypeScript, as a user writes them) to the app's .projenrc.ts after its
 * `name`, imports `imports` from this package beside `ServerlessApp`, and runs `npx projen` as
 * on a developer's machine: new options bring new dependencies, which projen installs (with
 * `CI` set it would run `npm ci`, which refuses a lock file that no longer matches).
 */
export function addOptions(appDir: string, imports: string[], options: string): void {
  const projenrc = path.join(appDir, '.projenrc.ts');
  const name = `  name: '${path.basename(appDir)}',`;
  fs.writeFileSync(projenrc, fs.readFileSync(projenrc, 'utf8')
    .replace(
      "import { ServerlessApp } from 'projen-serverless-patterns';",
      `import { ${[...imports, 'ServerlessApp'].sort().join(', ')} } from 'projen-serverless-patterns';`,
    )
    .replace(name, `${name}${options}`));
  run('npx projen', appDir, { CI: '' });
}

/** Every file of the app that projen or the user writes, with its content. */
export function appFiles(appDir: string): Record<string, string> {
  const skip = new Set(['node_modules', 'cdk.out', 'assets', 'coverage', 'test-reports']);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(appDir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(appDir);
  return files;
}

/** One function of a synthesized stack. */
export interface FunctionSummary {
  readonly path: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly architecture: string;
  readonly runtime: string;
}

/** The stacks of `cdk.out` and their functions, as the report prints them. */
export function synthesizedStacks(appDir: string): Record<string, FunctionSummary[]> {
  const cdkOut = path.join(appDir, 'cdk.out');
  const stacks: Record<string, FunctionSummary[]> = {};
  for (const file of fs.readdirSync(cdkOut).filter((name) => name.endsWith('.template.json')).sort()) {
    const template = JSON.parse(fs.readFileSync(path.join(cdkOut, file), 'utf8'));
    stacks[file.replace('.template.json', '')] = Object.values(template.Resources as Record<string, any>)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((resource) => ({
        path: String(resource.Metadata?.['aws:cdk:path'] ?? '').replace(/\/Resource$/, ''),
        memorySize: resource.Properties.MemorySize,
        timeout: resource.Properties.Timeout,
        architecture: (resource.Properties.Architectures ?? ['x86_64']).join(','),
        runtime: resource.Properties.Runtime,
      }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }
  return stacks;
}

/**
 * The app's jest run on `tests`, as its `test` task runs them (Powertools quiet, metrics not
 * flushed), read from the report file: what the handlers print to stdout stays out of the JSON.
 */
export function jestReport(appDir: string, tests: string): any {
  const report = path.join(appDir, 'jest-report.json');
  run(`npx jest --ci --json --outputFile=${report} --coverage=false ${tests}`, appDir, { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
  try {
    return JSON.parse(fs.readFileSync(report, 'utf8'));
  } finally {
    fs.rmSync(report, { force: true });
  }
}

/** Bundle file → size in bytes, under `assets/`. */
export function bundleSizes(appDir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'index.js') sizes[path.relative(appDir, full)] = fs.statSync(full).size;
    }
  };
  walk(path.join(appDir, 'assets'));
  return sizes;
}

/** What `npx projen local` printed and answered. */
export interface LocalRun {
  /** The start-up lines it printed, up to `Ctrl-C stops.` */
  readonly banner: string;
  /** Each request as `METHOD path -> status body`. */
  readonly answers: string[];
  /** What it printed when it stopped. */
  readonly stopped: string;
}

/**
 * The environment that runs Node.js `major` (installed from the npm registry's `node` package)
 * instead of the machine's, for a build or local mode under the Node.js of the functions' runtime.
 */
export function nodeEnv(major: number): NodeJS.ProcessEnv {
  const node = run(`npx -y -p node@${major} -- node -p process.execPath`, REPO_DIR).trim();
  return { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
}

/**
 * `npx projen local --port 0` in the app, as a developer runs it: waits for its banner (at most
 * `startTimeoutMs`: it synthesizes first), sends the requests to its first REST API, then stops
 * it with Ctrl-C (SIGINT) and returns what it said.
 */
export async function runLocally(
  appDir: string,
  requests: Array<{ method: string; path: string; body?: unknown }>,
  env: NodeJS.ProcessEnv = {},
  startTimeoutMs = 120_000,
): Promise<LocalRun> {
  const child = spawn('npx', ['projen', 'local', '--port', '0'], { cwd: appDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: userEnv(env) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  // 'close': every process that holds the output has ended, local mode's own included (npx and projen may exit first)
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const deadline = Date.now() + startTimeoutMs;
    while (!output.includes('Ctrl-C stops.')) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`npx projen local did not start:\n${output.split('\n').slice(-40).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const banner = output.slice(output.indexOf('local mode:'), output.indexOf('Ctrl-C stops.') + 'Ctrl-C stops.'.length);
    const url = /REST API [^:]+: (http:\/\/\S+)/.exec(banner)?.[1];
    if (!url) {
      throw new Error(`npx projen local printed no REST API:\n${banner}`);
    }
    const answers: string[] = [];
    for (const request of requests) {
      const response = await fetch(`${url}${request.path.replace(/^\//, '')}`, {
        method: request.method,
        headers: request.body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      answers.push(`${request.method} ${url}${request.path.replace(/^\//, '')} -> ${response.status} ${await response.text()}`);
    }
    const before = output.length;
    process.kill(-child.pid!, 'SIGINT');
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    return { banner, answers, stopped: output.slice(before).trim() };
  } finally {
    // whatever of the process group is left, local mode included
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group has ended
    }
  }
}
