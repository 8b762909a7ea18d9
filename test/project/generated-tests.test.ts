/**
 * The architecture tests a ServerlessApp generates must pass against the stack it generates,
 * for every shape of options, not only the sample's. Each variant below is synthesized into
 * test-apps/<variant> (inside the repository, so that aws-cdk-lib resolves from our
 * node_modules), given stand-in bundles, and its generated tests are run by a child jest with
 * our constructs mapped from src/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_PROCESSING } from './data-fixtures';
import { synthApp, TestOptions } from './helpers';
import { ORDER_PROCESSING } from './workflow-fixtures';
import {
  ApiLoggingLevel, AuthorizerType, FunctionArchitecture, FunctionPreset, GraphqlAuthorization, GraphqlFieldLogLevel,
  HttpMethod, NodeRuntime, TableAccess, WorkflowStepType, WorkflowType,
} from '../../src';
import { bundleFunctions } from '../../src/bundling/bundle';

const REPO = path.resolve(__dirname, '..', '..');
// inside the repository, so that aws-cdk-lib resolves from our node_modules; another name lets two runs work side by side
const APPS = path.join(REPO, process.env.TEST_APPS_DIR ?? 'test-apps');

const VARIANTS: Record<string, TestOptions> = {
  'sample': {},
  // an app created before `recommendedFeatureFlags`: CDK's older behaviours, the account-level API Gateway role among them
  'sample-without-feature-flags': { recommendedFeatureFlags: false },
  'two-services': {
    services: [
      {
        name: 'orders',
        table: { partitionKey: { name: 'orderId' }, sortKey: { name: 'createdAt' } },
        events: ['OrderPlaced', 'OrderCancelled'],
        functions: [
          { name: 'place', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'], preset: FunctionPreset.IO_BOUND, timeoutSeconds: 25 },
          { name: 'cancel', route: { method: HttpMethod.DELETE, path: '/orders/{orderId}' }, publishes: ['OrderCancelled', 'OrderPlaced'], timeoutSeconds: 20 },
          { name: 'nightly-report', preset: FunctionPreset.CPU_BOUND, tableAccess: TableAccess.READ, reservedConcurrency: 1 },
        ],
      },
      {
        name: 'users',
        table: { partitionKey: { name: 'userId' } },
        preset: FunctionPreset.LATENCY_SENSITIVE,
        provisionedConcurrency: { maxCapacity: 4 },
        functions: [
          { name: 'show', route: { method: HttpMethod.GET, path: '/users/{userId}' }, memorySize: 1024 },
          { name: 'list', route: { method: HttpMethod.GET, path: '/users' }, provisionedConcurrency: { minCapacity: 3, utilizationTarget: 0.5 } },
          { name: 'rename', route: { method: HttpMethod.PUT, path: '/users/{userId}' }, preset: FunctionPreset.SIMPLE },
        ],
      },
    ],
  },
  'no-tracing-x86-node22': {
    tracing: false,
    architecture: FunctionArchitecture.X86_64,
    nodeRuntime: NodeRuntime.NODEJS_22_X,
    logRetentionDays: 7,
    services: [{
      name: 'reports',
      functions: [{ name: 'list', route: { method: HttpMethod.GET, path: '/reports' } }],
      workflows: [{ name: 'monthly', steps: [{ name: 'compile', type: WorkflowStepType.TASK }, { name: 'wait', type: WorkflowStepType.WAIT, waitSeconds: 60 }] }],
    }],
  },
  'worker-only': { services: [{ name: 'jobs', functions: [{ name: 'run' }] }] },
  // service names that are the stack's own construct ids
  // every API and event option at once, with values other than the defaults
  'api-features': {
    api: {
      stageName: 'v1',
      loggingLevel: ApiLoggingLevel.ERROR,
      metrics: false,
      throttlingRateLimit: 50,
      throttlingBurstLimit: 75,
      cors: { allowOrigins: ['https://shop.example.com', 'https://admin.example.com'], allowHeaders: ['Content-Type', 'Authorization'], allowCredentials: true },
      cache: { clusterSizeGb: '1.6', ttlSeconds: 120 },
      authorizer: { resultsCacheTtlSeconds: 60 },
    },
    graphql: { authorization: GraphqlAuthorization.IAM, fieldLogLevel: GraphqlFieldLogLevel.ALL },
    eventArchiveRetentionDays: 30,
    services: [
      {
        name: 'catalog',
        table: { partitionKey: { name: 'sku' } },
        events: ['ProductAdded'],
        functions: [
          { name: 'list', route: { method: HttpMethod.GET, path: '/products', queryParameters: { category: true, page: false } } },
          { name: 'show', route: { method: HttpMethod.GET, path: '/products/{sku}', authorize: false, cache: { ttlSeconds: 600 } } },
          { name: 'add-product', route: { method: HttpMethod.POST, path: '/products', bodySchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } }, publishes: ['ProductAdded'] },
          { name: 'review', route: { method: HttpMethod.POST, path: '/products/{sku}/reviews', bodySchemaFile: 'schemas/review.json' } },
          { name: 'stock', route: { method: HttpMethod.GET, path: '/products/{sku}/stock', cache: { enabled: false } } },
          { name: 'replace', route: { method: HttpMethod.PUT, path: '/products/{sku}', bodySchemaFile: 'schemas/product.json' } },
          { name: 'get-product', resolver: { typeName: 'Query', fieldName: 'product' }, tableAccess: TableAccess.READ },
          { name: 'create-product', resolver: { typeName: 'Mutation', fieldName: 'createProduct' }, tableAccess: TableAccess.READ_WRITE },
        ],
      },
      {
        name: 'orders',
        ownApi: true,
        table: { partitionKey: { name: 'orderId' } },
        events: ['OrderPlaced'],
        functions: [
          { name: 'place', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] },
          { name: 'reserve-stock', subscriptions: [{ sources: ['catalog'], detailTypes: ['ProductAdded'] }] },
        ],
      },
      {
        name: 'shipping',
        functions: [
          {
            name: 'ship',
            subscriptions: [
              { sources: ['orders'], detailTypes: ['OrderPlaced'], detail: { total: [{ numeric: ['>', 0] }], country: [{ 'anything-but': 'XX' }] }, retryAttempts: 10, maxEventAgeSeconds: 3600 },
            ],
          },
        ],
      },
    ],
  },
  'request-authorizer-no-archive': {
    api: { authorizer: { type: AuthorizerType.REQUEST, identityHeader: 'X-Api-Token', preset: FunctionPreset.LATENCY_SENSITIVE } },
    eventArchive: false,
    services: [
      {
        name: 'notes',
        table: { partitionKey: { name: 'id' } },
        events: ['NoteAdded'],
        functions: [
          { name: 'add-note', route: { method: HttpMethod.POST, path: '/notes' }, publishes: ['NoteAdded'] },
          { name: 'get', route: { method: HttpMethod.GET, path: '/notes/{id}' } },
          { name: 'note', resolver: { typeName: 'Query', fieldName: 'note' }, tableAccess: TableAccess.READ },
          { name: 'index', subscriptions: [{ detailTypes: ['NoteAdded'] }] },
        ],
      },
    ],
  },
  // the spec's order processing, triggered by OrderPlaced, with one step of each shape; and an EXPRESS workflow
  'workflows': {
    services: [{
      name: 'orders',
      table: { partitionKey: { name: 'id' } },
      events: ['OrderPlaced'],
      functions: [{ name: 'create', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] }],
      workflows: [
        ORDER_PROCESSING,
        { name: 'nightly-cleanup', type: WorkflowType.EXPRESS, timeoutSeconds: 120, steps: [{ name: 'sweep', type: WorkflowStepType.TASK }] },
        // a choice on what a task returned (under its resultPath), and a polling loop through a wait
        {
          name: 'export',
          steps: [
            { name: 'start-export', type: WorkflowStepType.TASK, resultPath: '$.job' },
            { name: 'check-export', type: WorkflowStepType.TASK, resultPath: '$.status' },
            { name: 'is-done', type: WorkflowStepType.CHOICE, choices: [{ variable: '$.status.done', booleanEquals: true, next: 'finished' }], defaultNext: 'wait-a-bit' },
            { name: 'wait-a-bit', type: WorkflowStepType.WAIT, waitSeconds: 30, next: 'check-export' },
            { name: 'finished', type: WorkflowStepType.SUCCEED },
          ],
        },
      ],
    }],
  },
  // every data processing option: S3 events, a workflow started by large files, Kinesis fan-out, table stream, API → SQS, data lake
  'data-processing': DATA_PROCESSING,
  'service-named-api': { services: [{ name: 'api', events: ['Called'], functions: [{ name: 'call', route: { method: HttpMethod.GET, path: '/call' }, publishes: ['Called'] }] }, { name: 'event-bus', functions: [{ name: 'tick' }] }] },
};

beforeAll(async () => {
  fs.rmSync(APPS, { recursive: true, force: true });
  for (const [variant, options] of Object.entries(VARIANTS)) {
    const dir = path.join(APPS, variant);
    fs.mkdirSync(dir, { recursive: true });
    synthApp(dir, { name: 'shop', ...options });
  }
  // what the bundle task writes, from the starters: the architecture tests read the stack, the local tests run the code
  for (const variant of Object.keys(VARIANTS)) {
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
    Object.entries(VARIANTS).flatMap(([variant, options]) => [
      `${variant}/test/generated/architecture.test.ts`,
      `${variant}/test/generated/local.test.ts`,
      ...((options.services ?? []).some((service) => service.workflows?.length) ? [`${variant}/test/generated/workflows.test.ts`] : []),
    ]).sort(),
  );
  expect(result.numPassedTests).toBeGreaterThan(30);
});

test('the generated architecture diagrams parse as Mermaid, for every variant', () => {
  const docs = Object.keys(VARIANTS).map((variant) => path.join(APPS, variant, 'docs/architecture.md'));
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
  for (const variant of Object.keys(VARIANTS)) {
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
