/**
 * The architecture tests a ServerlessApp generates must pass against the stack it generates,
 * for every shape of options, not only the sample's. Each variant (./variants.ts) is synthesized into
 * test-apps/<variant> (inside the repository, so that aws-cdk-lib resolves from our
 * node_modules), given stand-in bundles, and its generated tests are run by a child jest with
 * our constructs mapped from src/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthApp } from './helpers';
import { VARIANTS } from './variants';
import { bundleFunctions } from '../../src/bundling/bundle';

const REPO = path.resolve(__dirname, '..', '..');
// inside the repository, so that aws-cdk-lib resolves from our node_modules; another name lets two runs work side by side
const APPS = path.join(REPO, process.env.TEST_APPS_DIR ?? 'test-apps');
// TEST_VARIANTS=a,b runs those variants only, while working on them; the suite runs every one
const SELECTED = Object.fromEntries(Object.entries(VARIANTS).filter(([variant]) =>
  process.env.TEST_VARIANTS === undefined || process.env.TEST_VARIANTS.split(',').includes(variant)));

beforeAll(async () => {
  fs.rmSync(APPS, { recursive: true, force: true });
  for (const [variant, options] of Object.entries(SELECTED)) {
    const dir = path.join(APPS, variant);
    fs.mkdirSync(dir, { recursive: true });
    synthApp(dir, { name: 'shop', ...options });
  }
  // what the bundle task writes, from the starters: the architecture tests read the stack, the local tests run the code
  for (const variant of Object.keys(SELECTED)) {
    const dir = path.join(APPS, variant);
    await bundleFunctions(JSON.parse(fs.readFileSync(path.join(dir, 'src/generated/bundle.json'), 'utf8')), dir);
  }
}, 120_000);

test('the generated architecture tests pass against the generated stack, for every variant', () => {
  const config = {
    rootDir: APPS,
    testMatch: ['<rootDir>/*/test/generated/*.test.ts'],
    moduleNameMapper: {
      '^projen-serverless-patterns/lib/constructs$': path.join(REPO, 'src/constructs'),
      '^projen-serverless-patterns/lib/checks$': path.join(REPO, 'src/checks'),
      '^projen-serverless-patterns/lib/testing$': path.join(REPO, 'src/testing'),
      '^projen-serverless-patterns/lib/local$': path.join(REPO, 'src/local'),
    },
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'es2022', strict: true, isolatedModules: true, esModuleInterop: true } }],
    },
  };
  const jest = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  let output: string;
  try {
    output = execFileSync(process.execPath, [jest, '--config', JSON.stringify(config), '--ci', '--json', '--coverage=false'], {
      cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  const result = JSON.parse(output) as { numFailedTests: number; numPassedTests: number; testResults: Array<{ name: string; message: string }> };
  const failures = result.testResults.filter((file) => file.message).map((file) => `${file.name}\n${file.message}`);
  expect(failures).toEqual([]);
  expect(result.testResults.map((file) => path.relative(APPS, file.name)).sort()).toEqual(
    Object.entries(SELECTED).flatMap(([variant, options]) => [
      `${variant}/test/generated/architecture.test.ts`,
      `${variant}/test/generated/local.test.ts`,
      ...((options.services ?? []).some((service) => service.workflows?.length) ? [`${variant}/test/generated/workflows.test.ts`] : []),
      ...(options.stages ? [`${variant}/test/generated/deploy.test.ts`] : []),
    ]).sort(),
  );
  expect(result.numPassedTests).toBeGreaterThan(30);
});

test('the generated architecture diagrams parse as Mermaid, for every variant', () => {
  const docs = Object.keys(SELECTED).map((variant) => path.join(APPS, variant, 'docs/architecture.md'));
  const output = execFileSync(process.execPath, [path.join(__dirname, 'parse-mermaid.mjs'), ...docs], { cwd: REPO, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({});
});

test('the generated sources, handlers and tests type-check strictly, for every variant', () => {
  // as `compile` does in each app: our modules resolve to src/, everything else to our node_modules
  fs.writeFileSync(path.join(APPS, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      isolatedModules: true,
      noImplicitReturns: true,
      types: ['jest', 'node'],
      paths: { 'projen-serverless-patterns/lib/*': ['../src/*'] },
    },
    include: ['*/src/**/*.ts', '*/test/**/*.ts'],
  }));
  const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(APPS, 'tsconfig.json')], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  expect(output).toBe('');
});

test('the generated sources, handlers and tests pass each app\'s own eslint config, for every variant', () => {
  // `npx projen build` of an app runs `eslint --fix`: a generated file it would change breaks the next synth's
  // "no diff", and a starter it would change is not what we ship. Our package is not installed in test-apps/.
  const eslint = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const problems: string[] = [];
  for (const variant of Object.keys(SELECTED)) {
    let output: string;
    try {
      output = execFileSync(process.execPath, [eslint, '--ext', '.ts', '--rule', 'import/no-unresolved: off', '--format', 'json', 'src', 'test'], {
        cwd: path.join(APPS, variant), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ESLINT_USE_FLAT_CONFIG: 'false' },
      });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    // eslint that cannot run prints no JSON: that fails here too
    const results = JSON.parse(output) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string; message: string }> }>;
    expect(results.length).toBeGreaterThan(5);
    problems.push(...results.flatMap((result) => result.messages.map((message) =>
      `${path.relative(APPS, result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`)));
  }
  expect(problems).toEqual([]);
});
