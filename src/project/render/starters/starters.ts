import { Project, SampleFile } from 'projen';
import { handlerReplacements, testReplacements } from './replacements';
import { EXAMPLE_SCHEMA, fill, template } from './templates';
import { AuthorizerType } from '../../../constructs/rest-api';
import { AppModel, FunctionModel, ServiceModel, StarterKind, validatesBody } from '../../model';
import { roundTrip } from '../local-test';
import { literal } from '../typescript';

/** The template the handler of each kind starts from, and the test beside it. */
const HANDLER_TEMPLATES: Record<StarterKind, string> = {
  [StarterKind.LIST]: 'items/list',
  [StarterKind.CREATE]: 'items/create',
  [StarterKind.GET]: 'items/get',
  [StarterKind.UPDATE]: 'items/update',
  [StarterKind.DELETE]: 'items/delete',
  [StarterKind.API]: 'generic/api',
  [StarterKind.VALIDATED_API]: 'generic/validated-api',
  [StarterKind.SUBSCRIBER]: 'generic/subscriber',
  [StarterKind.RESOLVER]: 'generic/resolver',
  [StarterKind.TASK]: 'workflow/task',
  [StarterKind.CALLBACK]: 'workflow/callback',
  [StarterKind.WORKER]: 'generic/worker',
  [StarterKind.SCHEDULED]: 'generic/scheduled',
  [StarterKind.OBJECTS]: 'data/s3-objects',
  [StarterKind.TRANSFORM]: 'data/transform',
  [StarterKind.TABLE_STREAM]: 'data/stream-records',
  [StarterKind.KINESIS_STREAM]: 'data/kinesis-records',
  [StarterKind.QUEUE]: 'data/queue-messages',
};

/** The starters that read S3 objects, with the service's `s3-io.ts` module. */
const READS_OBJECTS = [StarterKind.OBJECTS, StarterKind.TRANSFORM];

const SHARED_MODULES = ['env', 'events', 'http', 'logger'];

/**
 * Writes the starter files (handlers and their unit tests) that are missing. They hold the
 * user's code: never overwritten, never deleted, not even when their function leaves the
 * options.
 */
export function addStarters(project: Project, app: AppModel): void {
  for (const module of SHARED_MODULES) {
    starter(project, `src/handlers/shared/${module}.ts`, template(`src/handlers/shared/${module}.ts`));
  }
  // Powertools Tracer and Metrics, or the same two functions doing nothing (`tracerAndMetrics: false`)
  starter(project, 'src/handlers/shared/observability.ts', template(`src/handlers/shared/observability${app.tracerAndMetrics ? '' : '-off'}.ts`));
  if (app.tracerAndMetrics) {
    starter(project, 'test/handlers/shared/observability.test.ts', template('test/handlers/shared/observability.test.ts'));
  }
  starter(project, 'test/handlers/shared/http.test.ts', template('test/handlers/shared/http.test.ts'));
  if (app.functions.some(validatesBody)) {
    starter(project, 'src/handlers/shared/validation.ts', template('src/handlers/shared/validation.ts'));
    starter(project, 'test/handlers/shared/validation.test.ts', template('test/handlers/shared/validation.test.ts'));
  }
  if (app.functions.some((fn) => fn.starter === StarterKind.CALLBACK)) {
    starter(project, 'src/handlers/shared/complete-callback.ts', fill(template('src/handlers/workflow/complete-callback.ts'), [
      ["from '../shared/observability';", "from './observability';"],
    ]));
    starter(project, 'test/handlers/shared/complete-callback.test.ts', fill(template('test/handlers/workflow/complete-callback.test.ts'), [
      ["src/handlers/workflow/complete-callback'", "src/handlers/shared/complete-callback'"],
    ]));
  }
  addSchemaStarters(project, app);
  addIntegrationTestStarter(project, app);
  addAuthorizerStarters(project, app);
  addGraphqlSchemaStarter(project, app);
  for (const service of app.services) {
    if (service.functions.some((fn) => usesStore(fn))) {
      addStoreStarters(project, service);
    }
    addDataStarters(project, service);
    for (const fn of service.functions) {
      const source = HANDLER_TEMPLATES[fn.starter];
      starter(project, fn.handlerFile, fill(template(`src/handlers/${source}.ts`), handlerReplacements(fn, app, project)));
      // a workflow step's handler is a level deeper: src/handlers/<service>/<workflow>/<step>.ts
      const fromTest = fn.workflowStep ? '../../../../' : '../../../';
      starter(project, starterTestFile(fn.handlerFile), fill(
        template(`test/handlers/${source}.test.ts`),
        [[`'../../../src/handlers/${source}'`, `'${fromTest}src/handlers/${fn.service}/${fn.name}'`], ...testReplacements(fn, project)],
        [["src/handlers/items/store'", `src/handlers/${fn.service}/store'`], ["src/handlers/data/s3-io'", `src/handlers/${fn.service}/s3-io'`]],
      ));
    }
  }
}

function addStoreStarters(project: Project, service: ServiceModel): void {
  starter(project, `src/handlers/${service.name}/store.ts`, fill(template('src/handlers/items/store.ts'), [
    ["export const KEY_ATTRIBUTE = 'id';", `export const KEY_ATTRIBUTE = '${service.partitionKey!.name}';`],
  ]));
  starter(project, `test/handlers/${service.name}/memory-store.ts`, fill(template('test/handlers/items/memory-store.ts'), [
    ["src/handlers/items/store'", `src/handlers/${service.name}/store'`],
  ]));
}

/**
 * The modules the data starters of a service share, beside them as the CRUD starters' store is:
 * S3 reading (with the fake S3 its tests use), and the in-memory idempotency store of the queue
 * consumer's test.
 */
function addDataStarters(project: Project, service: ServiceModel): void {
  const toService: Array<[string, string]> = [["src/handlers/data/s3-io'", `src/handlers/${service.name}/s3-io'`]];
  if (service.functions.some((fn) => READS_OBJECTS.includes(fn.starter))) {
    starter(project, `src/handlers/${service.name}/s3-io.ts`, template('src/handlers/data/s3-io.ts'));
    starter(project, `test/handlers/${service.name}/s3-io.test.ts`, fill(template('test/handlers/data/s3-io.test.ts'), toService));
    starter(project, `test/handlers/${service.name}/fake-s3.ts`, fill(template('test/handlers/data/fake-s3.ts'), toService));
  }
  if (service.functions.some((fn) => fn.starter === StarterKind.QUEUE)) {
    starter(project, `test/handlers/${service.name}/memory-persistence.ts`, template('test/handlers/data/memory-persistence.ts'));
  }
}

/** The test against the deployed stack, fitted to the app's first CRUD round trip, if it has one. */
function addIntegrationTestStarter(project: Project, app: AppModel): void {
  const trip = app.services.map((service) => roundTrip(service, app)).find((found) => found !== undefined);
  const sample = [
    '= {',
    "  collection: 'items',",
    "  key: 'id',",
    "  table: 'ItemsServiceTable',",
    "  body: { name: 'integration test' },",
    '};',
  ].join('\n');
  const fitted = trip
    ? [
      '= {',
      `  collection: '${trip.create.route!.path.slice(1)}',`,
      `  key: '${trip.service.partitionKey!.name}',`,
      `  table: '${trip.service.className}Table',`,
      `  body: ${literal(trip.body)},`,
      '};',
    ].join('\n')
    : '= undefined;';
  const busTest = [
    '',
    "  test('has its event bus', () => {",
    "    expect(resources.filter((resource) => resource.ResourceType === 'AWS::Events::EventBus').map((resource) => resource.ResourceStatus))",
    '      .toEqual([expect.stringMatching(/_COMPLETE$/)]);',
    '  });',
  ].join('\n');
  starter(project, 'test/integration/api.integration.test.ts', fill(template('test/integration/api.integration.test.ts'), [[sample, fitted], [busTest, app.hasEventBus ? busTest : '']]));
}

/** A `bodySchemaFile` that does not exist yet starts as the example schema. */
function addSchemaStarters(project: Project, app: AppModel): void {
  const routes = [...app.functions.map((fn) => fn.route), ...app.services.flatMap((service) => service.queues.map((queue) => queue.route))];
  for (const route of routes) {
    if (route?.bodySchemaFile && !route.inlineBodySchema) {
      starter(project, route.bodySchemaFile, template(EXAMPLE_SCHEMA));
    }
  }
}

/** The authorizer of the chosen type, as `src/handlers/authorizer/authorizer.ts`, with the policy and verification it uses. */
function addAuthorizerStarters(project: Project, app: AppModel): void {
  const authorizer = app.authorizer;
  if (!authorizer) {
    return;
  }
  const source = authorizer.type === AuthorizerType.REQUEST ? 'request' : 'token';
  const replacements: Array<[string, string]> = authorizer.type === AuthorizerType.REQUEST
    ? [["const IDENTITY_HEADER = 'Authorization';", `const IDENTITY_HEADER = '${authorizer.identityHeader}';`]]
    : [];
  starter(project, authorizer.handlerFile, fill(template(`src/handlers/authorizer/${source}.ts`), replacements));
  for (const module of ['policy', 'verify']) {
    starter(project, `src/handlers/authorizer/${module}.ts`, template(`src/handlers/authorizer/${module}.ts`));
  }
  starter(project, 'test/handlers/authorizer/policy.test.ts', template('test/handlers/authorizer/policy.test.ts'));
  starter(project, starterTestFile(authorizer.handlerFile), fill(
    template(`test/handlers/authorizer/${source}.test.ts`),
    [[`src/handlers/authorizer/${source}'`, "src/handlers/authorizer/authorizer'"]],
  ));
}

/** A schema that declares each resolved field, with the starter resolver's argument and result. */
function addGraphqlSchemaStarter(project: Project, app: AppModel): void {
  const graphql = app.graphql;
  if (!graphql) {
    return;
  }
  const types = [...new Set(graphql.resolvers.map((fn) => fn.resolver!.typeName))];
  const roots = ['Query', 'Mutation', 'Subscription'].filter((type) => types.includes(type));
  const description = (text: string) => `  """${text}"""`;
  starter(project, graphql.schemaFile, [
    '# The GraphQL schema of the app, written once by projen-serverless-patterns: it is yours.',
    '# Each field resolved by a function (its `resolver` in .projenrc.ts) must be declared here;',
    '# `npx projen` adds no field to this file, and synth fails naming a resolver that has none.',
    '',
    '"""A starter result type: replace it with yours."""',
    'type Item {',
    '  id: ID!',
    '}',
    '',
    ...types.flatMap((type) => [
      `type ${type} {`,
      ...graphql.resolvers.filter((fn) => fn.resolver!.typeName === type).flatMap((fn) => [
        description(`Resolved by ${fn.service}/${fn.name} (${fn.handlerFile}).`),
        `  ${fn.resolver!.fieldName}(id: ID!): Item`,
      ]),
      '}',
      '',
    ]),
    'schema {',
    ...roots.map((type) => `  ${type.toLowerCase()}: ${type}`),
    '}',
    '',
  ].join('\n'));
}

function usesStore(fn: FunctionModel): boolean {
  return [StarterKind.LIST, StarterKind.CREATE, StarterKind.GET, StarterKind.UPDATE, StarterKind.DELETE].includes(fn.starter);
}

/** A starter: projen's SampleFile (written once, when missing), with its path, which the check of derived names reads. */
export class StarterFile extends SampleFile {
  constructor(project: Project, public readonly path: string, contents: string) {
    super(project, path, { contents });
  }
}

/** The unit test of a handler starter: `src/handlers/items/create.ts` has `test/handlers/items/create.test.ts`. */
export function starterTestFile(handlerFile: string): string {
  return handlerFile.replace(/^src\//, 'test/').replace(/\.ts$/, '.test.ts');
}

function starter(project: Project, filePath: string, contents: string): void {
  new StarterFile(project, filePath, contents);
}
