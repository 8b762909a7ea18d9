/**
 * How bad options reach the user of `npx projen`: projen runs .projenrc as a script (its `default`
 * task), where the error of `new ServerlessApp(...)` is uncaught. Its problems are printed once,
 * without a stack trace, and the script exits with 1; any other error keeps Node's report, and a
 * script that is no .projenrc (a test, a program of the user's) gets the error as thrown.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshDir } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
/** Each test runs a Node.js process that loads the package's sources through ts-node: seconds. */
const SPAWN_TIMEOUT = 60_000;

/** Runs `body` as the script `file` of a new project folder, with the package's sources loaded as `ServerlessApp`. */
function run(file: string, body: string): { status: number | null; stdout: string; stderr: string } {
  const dir = freshDir();
  fs.writeFileSync(path.join(dir, file), [
    `require(${JSON.stringify(require.resolve('ts-node', { paths: [REPO] }))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(REPO, 'tsconfig.json'))} });`,
    `const { ServerlessApp } = require(${JSON.stringify(path.join(REPO, 'src'))});`,
    body,
  ].join('\n'));
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, PROJEN_DISABLE_POST: 'true' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD_OPTIONS = `new ServerlessApp({ name: 'shop', defaultReleaseBranch: 'main', outdir: __dirname,
  services: [{ name: 'items', functions: [{ name: 'list', memorySize: 64 }, { name: 'get', timeoutSeconds: 0 }] }] });`;

test('in .projenrc, the problems once, no stack trace, exit code 1', () => {
  expect(run('.projenrc.js', BAD_OPTIONS)).toEqual({
    status: 1,
    stdout: '',
    stderr: [
      'Invalid ServerlessApp options:',
      "  - `services[0].functions[0].memorySize` ('items/list') must be a whole number of MB from 128 to 10240; got 64.",
      "  - `services[0].functions[1].timeoutSeconds` ('items/get') must be a whole number of seconds from 1 to 900; got 0.",
      '',
    ].join('\n'),
  });
}, SPAWN_TIMEOUT);

test('in .projenrc, a program that catches the error gets it as thrown; another error keeps Node\'s report', () => {
  const { status, stdout, stderr } = run('.projenrc.js', `try { ${BAD_OPTIONS} } catch (error) { console.log(JSON.stringify([error.name, error.problems])); }
throw new Error('something else went wrong');`);
  expect(JSON.parse(stdout)).toEqual(['InvalidOptionsError', [
    "`services[0].functions[0].memorySize` ('items/list') must be a whole number of MB from 128 to 10240; got 64.",
    "`services[0].functions[1].timeoutSeconds` ('items/get') must be a whole number of seconds from 1 to 900; got 0.",
  ]]);
  expect(status).toBe(1);
  expect(stderr).toContain('Error: something else went wrong\n    at Object.<anonymous>');
}, SPAWN_TIMEOUT);

test('in a script that is no .projenrc, the error is Node\'s to report', () => {
  const { status, stderr } = run('build.js', BAD_OPTIONS);
  expect(status).toBe(1);
  expect(stderr).toContain('InvalidOptionsError: Invalid ServerlessApp options:');
  expect(stderr).toMatch(/\n {4}at /);
  // listed in the message only, not again as a property
  expect(stderr.match(/must be a whole number of MB/g)).toHaveLength(1);
}, SPAWN_TIMEOUT);
