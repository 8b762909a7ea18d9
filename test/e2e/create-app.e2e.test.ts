/**
 * The proof that the product works: the real tarball, a real `projen new --from`, a real build
 * of the created app. Run by `npx projen test:e2e` after `npx projen build` (which compiles lib/).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appFiles, bundleSizes, createApp, nodeEnv, packPackage, run, runLocally, synthesizedStacks } from '../../scripts/sample-app';
import { RECOMMENDED_FEATURE_FLAGS } from '../../src/project/recommended-feature-flags.generated';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-e2e-'));
const appDir = path.join(work, 'shop');

let tarball: string;
/** What `projen new` printed. */
let created: string;
/** The .projenrc.ts `projen new` wrote. */
let newProjenrc: string;

beforeAll(() => {
  tarball = packPackage(work);
  created = createApp(tarball, appDir);
  newProjenrc = fs.readFileSync(path.join(appDir, '.projenrc.ts'), 'utf8');
});

/** The lines of npm's warnings in `output`: each is something a user has to wonder about. */
function npmWarnings(output: string): string[] {
  return output.split('\n').filter((line) => /^npm warn/i.test(line));
}

test('the package ships the compiled library, the jsii manifest and the starters, nothing else', () => {
  const files = run(`tar tzf ${JSON.stringify(tarball)}`, work).trim().split('\n').map((file) => file.replace(/^package\//, ''));
  expect(files.filter((file) => !/^(lib\/.*\.(js|d\.ts)|starters\/.*\.ts|starters\/schemas\/.*\.json|\.jsii|package\.json|README\.md|LICENSE|API\.md)$/.test(file))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['.jsii', 'lib/index.js', 'lib/bundling/cli.js', 'starters/src/handlers/items/create.ts']));
});

test('projen new writes .projenrc.ts with a ServerlessApp and installs it', () => {
  const projenrc = fs.readFileSync(path.join(appDir, '.projenrc.ts'), 'utf8');
  expect(projenrc).toContain("import { ServerlessApp } from 'projen-serverless-patterns';");
  // no cdkVersion: the app follows the aws-cdk-lib this package was tested with, exactly
  expect(projenrc).not.toContain('cdkVersion');
  // the options that matter here, commented out, as projen's featured options are
  expect(projenrc).toContain("  // services: [{\n  //   name: 'orders',");
  expect(projenrc).toContain('  // defaultPreset: FunctionPreset.SIMPLE,');
  // cdk init's feature flags, for the tested aws-cdk-lib
  expect(projenrc).toContain('recommendedFeatureFlags: true,');
  expect(JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')).context).toEqual(RECOMMENDED_FEATURE_FLAGS);
  const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  expect(pkg.dependencies['aws-cdk-lib']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.dependencies['cdk-nag']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(fs.readFileSync(path.join(appDir, 'node_modules/aws-cdk-lib/package.json'), 'utf8')).toContain(`"version": "${pkg.dependencies['aws-cdk-lib']}"`);
  expect(fs.existsSync(path.join(appDir, 'node_modules/projen-serverless-patterns/starters'))).toBe(true);
});

test('projen new prints no npm warning: every install script has a decision in package.json', () => {
  expect(npmWarnings(created)).toEqual([]);
  expect(JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')).allowScripts).toMatchObject({ 'esbuild': true, 'classic-level': true });
});

test('a second npx projen changes nothing, and a clean npm ci of its lock warns of nothing', () => {
  const before = appFiles(appDir);
  run('npx projen', appDir);
  expect(appFiles(appDir)).toEqual(before);
  expect(npmWarnings(run('npm ci 2>&1', appDir))).toEqual([]);
});

test('an edited starter handler survives npx projen', () => {
  const handler = path.join(appDir, 'src/handlers/items/get.ts');
  const edited = fs.readFileSync(handler, 'utf8').replace("throw new NotFoundError(`item '${key}' not found`);", "throw new NotFoundError(`no item '${key}' here`);");
  fs.writeFileSync(handler, edited);
  fs.writeFileSync(path.join(appDir, 'test/handlers/items/get.test.ts'),
    fs.readFileSync(path.join(appDir, 'test/handlers/items/get.test.ts'), 'utf8').replace("message: \"item 'nope' not found\"", "message: \"no item 'nope' here\""));
  run('npx projen', appDir);
  expect(fs.readFileSync(handler, 'utf8')).toBe(edited);
});

test('npx projen build is green: bundle, type-check, cdk synth, the cost estimate\'s line, tests and lint', () => {
  const built = run('npx projen build 2>&1', appDir);
  // the stack's region is CDK_DEFAULT_REGION, which the CDK CLI finds in the AWS configuration or not:
  // us-east-1's prices either way, said as a stand-in when the region is unknown
  expect(built).toMatch(/cost: idle floor \$0\.00\/month; 5 ways in, \$5\.98 to \$7\.48 per million \(us-east-1 prices read 2026-12-06(; shop: region unknown or not in the table, priced at us-east-1)?\)\./);
  expect(JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out/cost-estimate.json'), 'utf8'))).toMatchObject({ idleUsd: 0, stacks: [{ stack: 'shop', pricedAt: 'us-east-1' }] });
  const stacks = synthesizedStacks(appDir);
  expect(Object.keys(stacks)).toEqual(['shop']);
  expect(stacks.shop.map((fn) => [fn.path, fn.memorySize, fn.timeout, fn.architecture, fn.runtime])).toEqual([
    ['shop/ItemsService/Create', 256, 10, 'arm64', 'nodejs26.x'],
    ['shop/ItemsService/Delete', 256, 10, 'arm64', 'nodejs26.x'],
    ['shop/ItemsService/Get', 256, 10, 'arm64', 'nodejs26.x'],
    ['shop/ItemsService/List', 256, 10, 'arm64', 'nodejs26.x'],
    ['shop/ItemsService/Update', 256, 10, 'arm64', 'nodejs26.x'],
  ]);
  // with the feature flags, no account-level API Gateway role that two apps of one account would fight over
  const template = fs.readFileSync(path.join(appDir, 'cdk.out/shop.template.json'), 'utf8');
  expect(template).not.toContain('AWS::ApiGateway::Account');
  const sizes = bundleSizes(appDir);
  expect(Object.keys(sizes).sort()).toEqual(['create', 'delete', 'get', 'list', 'update'].map((fn) => `assets/items/${fn}/index.js`));
  // Powertools Logger, Tracer and Metrics minified with the SDK left out: about 155 KiB (the X-Ray SDK is
  // 68 KiB of it, docs/observability.md), not the megabytes of an unminified bundle
  Object.values(sizes).forEach((bytes) => expect(bytes).toBeLessThan(192 * 1024));
});

test('npx projen local runs the app on this machine: an item created over HTTP is listed, and Ctrl-C stops it cleanly', async () => {
  const local = await runLocally(appDir, [
    { method: 'POST', path: '/items', body: { name: 'lamp' } },
    { method: 'GET', path: '/items' },
    { method: 'GET', path: '/nothing' },
  ]);
  expect(local.banner).toMatch(/REST API shop: http:\/\/127\.0\.0\.1:\d+\/prod\//);
  expect(local.banner).toContain('5 functions, 1 table, 0 rules, 0 queues');
  expect(local.answers[0]).toMatch(/^POST \S+ -> 201 \{"name":"lamp","id":"[0-9a-f-]+"\}$/);
  expect(local.answers[1]).toMatch(/-> 200 .*"name":"lamp"/);
  expect(local.answers[2]).toMatch(/-> 403 \{"message":"Missing Authentication Token"\}$/);
  expect(local.stopped).toContain('local mode: stopped, nothing left undelivered.');
});

test('under the Node.js of its Lambda runtime, from the npm registry, the app builds and runs locally too', async () => {
  const major = Number(/^nodejs(\d+)\.x$/.exec(synthesizedStacks(appDir).shop[0].runtime)![1]);
  const env = nodeEnv(major);
  expect(run('node --version', appDir, env)).toMatch(new RegExp(`^v${major}\\.`));
  run('npx projen build', appDir, env);
  const local = await runLocally(appDir, [{ method: 'POST', path: '/items', body: { name: 'desk' } }, { method: 'GET', path: '/items' }], env);
  expect(local.answers[0]).toMatch(/-> 201 /);
  expect(local.answers[1]).toMatch(/-> 200 .*"name":"desk"/);
  expect(local.stopped).toContain('local mode: stopped, nothing left undelivered.');
});

test('changing the options changes stacks, tests and docs together and keeps the old handlers', () => {
  // the example that projen new wrote into .projenrc.ts, uncommented as its comment says, then one function's preset changed
  const projenrc = path.join(appDir, '.projenrc.ts');
  const uncommented = fs.readFileSync(projenrc, 'utf8')
    .replace("import { ServerlessApp } from 'projen-serverless-patterns';", "import { FunctionPreset, HttpMethod, ServerlessApp } from 'projen-serverless-patterns';")
    .split('\n')
    .map((line) => (/^  \/\/ (services|  |\}|defaultPreset|api)/.test(line) ? `  ${line.slice(5)}` : line))
    .join('\n');
  expect(uncommented).toContain("\n  services: [{\n    name: 'orders',");
  fs.writeFileSync(projenrc, uncommented.replace(
    "{ name: 'show', route: { method: HttpMethod.GET, path: '/orders/{orderId}' } },",
    "{ name: 'show', route: { method: HttpMethod.GET, path: '/orders/{orderId}' }, preset: FunctionPreset.IO_BOUND, timeoutSeconds: 20 },",
  ));
  run('npx projen', appDir);
  const files = appFiles(appDir);
  expect(files['src/generated/orders-service.generated.ts']).toContain("route: { method: 'GET', path: '/orders/{orderId}' },");
  expect(files['src/generated/items-service.generated.ts']).toBeUndefined();
  expect(files['test/generated/architecture.test.ts']).toContain("{ name: 'orders/show', fn: stack.ordersService.showFunction, service: 'orders', memorySize: 512, timeout: 20");
  expect(files['docs/architecture.md']).toContain('`orders/place`');
  expect(files['src/handlers/items/get.ts']).toContain("no item '${key}' here");
  // the new app builds and tests green too
  run('npx projen compile', appDir);
  run('npx projen test', appDir);
  expect(Object.keys(bundleSizes(appDir)).sort()).toEqual(['assets/orders/place/index.js', 'assets/orders/show/index.js']);
});

test('an anti-pattern in the options fails the build with the rule, the resource and how to acknowledge it', () => {
  const projenrc = path.join(appDir, '.projenrc.ts');
  fs.writeFileSync(projenrc, fs.readFileSync(projenrc, 'utf8').replace('preset: FunctionPreset.IO_BOUND, timeoutSeconds: 20', 'preset: FunctionPreset.IO_BOUND'));
  run('npx projen', appDir);
  expect(() => run('npx projen synth:silent', appDir)).toThrow(expect.objectContaining({
    message: expect.stringMatching(/ERROR The function is behind API Gateway with a timeout longer than the 29 s API Gateway waits[^\n]*\n\s+shop\/OrdersService\/Show\/Resource[^\n]*\n\s+Acknowledge with 'ServerlessPatterns::ServerlessPatterns-ApiTimeoutBeyondIntegration'/),
  }));
});

test('ten functions on LATENCY_SENSITIVE fail the build over a $50 idle budget, naming the preset and what lowers it', () => {
  const functions = Array.from({ length: 10 }, (_, index) => `      { name: 'op${index}', route: { method: HttpMethod.GET, path: '/op${index}' } },`);
  fs.writeFileSync(path.join(appDir, '.projenrc.ts'), newProjenrc
    .replace("import { ServerlessApp } from 'projen-serverless-patterns';", "import { FunctionPreset, HttpMethod, ServerlessApp } from 'projen-serverless-patterns';")
    .replace("  name: 'shop',", [
      "  name: 'shop',",
      '  costBudget: { idleMonthlyUsd: 50 },',
      "  costEstimate: { region: 'us-east-1' },",
      "  services: [{ name: 'orders', table: { partitionKey: { name: 'id' } }, preset: FunctionPreset.LATENCY_SENSITIVE, functions: [",
      ...functions,
      '  ] }],',
    ].join('\n')));
  run('npx projen', appDir);
  expect(fs.readFileSync(path.join(appDir, 'docs/architecture.md'), 'utf8')).toContain('**Idle floor: $304.67 a month**');
  expect(() => run('npx projen build', appDir)).toThrow(expect.objectContaining({
    message: expect.stringContaining([
      'cost: the idle floor is $304.67/month, over costBudget.idleMonthlyUsd ($50.00) by $254.67 (us-east-1 prices read 2026-12-06):',
      '  - 10 functions on LATENCY_SENSITIVE: provisioned concurrency $302.67/month, target tracking alarms $2.00/month; set `preset` or `provisionedConcurrency.minCapacity`',
    ].join('\n')),
  }));
});
