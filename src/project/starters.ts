import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, SampleFile } from 'projen';
import { AppModel, FunctionModel, ServiceModel, StarterKind, validatesBody } from './model';
import { AuthorizerType } from '../constructs/rest-api';
import { roundTrip } from './render/local-test';
import { literal } from './render/typescript';
import { schemaSamples } from './schema-samples';

/** The starter templates shipped with this package, laid out as in a generated app. */
const TEMPLATES = path.join(__dirname, '..', '..', 'starters');

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
  [StarterKind.OBJECTS]: 'data/s3-objects',
  [StarterKind.TRANSFORM]: 'data/transform',
  [StarterKind.TABLE_STREAM]: 'data/stream-records',
  [StarterKind.KINESIS_STREAM]: 'data/kinesis-records',
  [StarterKind.QUEUE]: 'data/queue-messages',
};

/** The starters that read S3 objects, with the service's `s3-io.ts` module. */
const READS_OBJECTS = [StarterKind.OBJECTS, StarterKind.TRANSFORM];

const SHARED_MODULES = ['env', 'events', 'http', 'logger'];
/** The schema a missing `bodySchemaFile` starts as; the validated starter's test fits it. */
const EXAMPLE_SCHEMA = 'schemas/example.json';

/**
 * Writes the starter files (handlers and their unit tests) that are missing. They hold the
 * user's code: never overwritten, never deleted, not even when their function leaves the
 * options.
 */
export function addStarters(project: Project, app: AppModel): void {
  for (const module of SHARED_MODULES) {
    starter(project, `src/handlers/shared/${module}.ts`, template(`src/handlers/shared/${module}.ts`));
  }
  starter(project, 'test/handlers/shared/http.test.ts', template('test/handlers/shared/http.test.ts'));
  if (app.functions.some(validatesBody)) {
    starter(project, 'src/handlers/shared/validation.ts', template('src/handlers/shared/validation.ts'));
    starter(project, 'test/handlers/shared/validation.test.ts', template('test/handlers/shared/validation.test.ts'));
  }
  if (app.functions.some((fn) => fn.starter === StarterKind.CALLBACK)) {
    starter(project, 'src/handlers/shared/complete-callback.ts', template('src/handlers/workflow/complete-callback.ts'));
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
      starter(project, `test/handlers/${fn.service}/${fn.name}.test.ts`, fill(
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
    "  body: { name: 'integration test' },",
    '};',
  ].join('\n');
  const fitted = trip
    ? ['= {', `  collection: '${trip.create.route!.path.slice(1)}',`, `  key: '${trip.service.partitionKey!.name}',`, `  body: ${literal(trip.body)},`, '};'].join('\n')
    : '= undefined;';
  starter(project, 'test/integration/api.integration.test.ts', fill(template('test/integration/api.integration.test.ts'), [[sample, fitted]]));
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
  starter(project, 'test/handlers/authorizer/authorizer.test.ts', fill(
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

function handlerReplacements(fn: FunctionModel, app: AppModel, project: Project): Array<[string, string]> {
  switch (fn.starter) {
    case StarterKind.CREATE:
      return [[
        "export const ITEM_CREATED: string | undefined = 'ItemCreated';",
        `export const ITEM_CREATED: string | undefined = ${fn.publishes.length > 0 ? `'${fn.publishes[0]}'` : 'undefined'};`,
      ], ...crudValidation(fn, 'const item = await createItem(parseJsonObject(event), itemStore(), publishEvent);', "import { logger } from '../shared/logger';")];
    case StarterKind.UPDATE:
      return [
        ["const PATH_PARAMETER = 'id';", `const PATH_PARAMETER = '${fn.keyPathParameter}';`],
        ...crudValidation(
          fn,
          'const item = await updateItem(pathParameter(event, PATH_PARAMETER), parseJsonObject(event), itemStore());',
          "import { apiHandler, BadRequestError, json, NotFoundError, parseJsonObject, pathParameter } from '../shared/http';",
        ),
      ];
    case StarterKind.GET:
    case StarterKind.DELETE:
      return [["const PATH_PARAMETER = 'id';", `const PATH_PARAMETER = '${fn.keyPathParameter}';`]];
    case StarterKind.SUBSCRIBER:
      return subscriberReplacements(fn, app);
    case StarterKind.TASK:
      return [
        ["export const STEP = 'validate-order';", `export const STEP = '${fn.workflowStep!.step}';`],
        ["export const KEY_FIELD = 'id';", `export const KEY_FIELD = '${workflowKeyField(fn, app)}';`],
        ["import { logger } from '../shared/logger';", "import { logger } from '../../shared/logger';"],
      ];
    case StarterKind.CALLBACK:
      return [
        ["export const STEP = 'await-approval';", `export const STEP = '${fn.workflowStep!.step}';`],
        ["import { logger } from '../shared/logger';", "import { logger } from '../../shared/logger';"],
      ];
    case StarterKind.TRANSFORM: {
      const lake = app.services.find((service) => service.name === fn.service)!.dataLake!;
      return [["export const RAW_PREFIX = 'incoming/';", `export const RAW_PREFIX = '${lake.rawPrefix}';`]];
    }
    case StarterKind.KINESIS_STREAM:
      // the spec's fan-out: an analytics consumer, and an alerting one
      return /alert/.test(fn.name) ? [["export const KIND: Kind = 'analytics';", "export const KIND: Kind = 'alerting';"]] : [];
    case StarterKind.RESOLVER:
      return [["export const FIELD = 'Query.getItem';", `export const FIELD = '${fn.resolver!.typeName}.${fn.resolver!.fieldName}';`]];
    case StarterKind.VALIDATED_API: {
      const replacements: Array<[string, string]> = [["import schema from '../../../schemas/example.json';", `import schema from '${schemaImport(fn)}';`]];
      if (!isExampleSchema(fn, project)) {
        replacements.push([
          'export interface Body { readonly name: string; readonly email?: string }',
          "/** The request body: write its type out from the route's schema. */\nexport type Body = Record<string, unknown>;",
        ]);
      }
      return replacements;
    }
    default:
      return [];
  }
}

/** A CRUD starter of a route with a body schema checks the body with it before its own checks. */
function crudValidation(fn: FunctionModel, call: string, lastSharedImport: string): Array<[string, string]> {
  if (!validatesBody(fn)) {
    return [];
  }
  return [
    // in the order eslint's import/order wants: after ./store, and shared/validation last
    ["from './store';", `from './store';\nimport schema from '${schemaImport(fn)}';`],
    [lastSharedImport, `${lastSharedImport}\nimport { bodyValidator } from '../shared/validation';`],
    [call, call.replace('parseJsonObject(event)', 'validateBody(parseJsonObject(event))')],
    ['export const handler = apiHandler(', [
      "/** The route's body schema, which API Gateway checks first: checked here too, whoever invokes the function. */",
      'const validateBody = bodyValidator<Record<string, unknown>>(schema);',
      '',
      'export const handler = apiHandler(',
    ].join('\n')],
  ];
}

/** The schema file, as the handler imports it. */
function schemaImport(fn: FunctionModel): string {
  const fromHandler = path.posix.relative(path.posix.dirname(fn.handlerFile), fn.route!.bodySchemaFile!);
  return fromHandler.startsWith('.') ? fromHandler : `./${fromHandler}`;
}

/** The test's sample bodies, fitted to the route's schema. */
function testReplacements(fn: FunctionModel, project: Project): Array<[string, string]> {
  if (fn.starter !== StarterKind.VALIDATED_API || isExampleSchema(fn, project)) {
    return [];
  }
  const samples = schemaSamples(bodySchemaOf(fn, project) ?? {});
  return [
    ["const VALID_BODY = { name: 'Ada Lovelace', email: 'ada@example.com' };", `const VALID_BODY = ${literal(samples?.valid ?? {})};`],
    ["const INVALID_BODY = { name: '', email: 42 };", `const INVALID_BODY = ${literal(samples?.invalid ?? {})};`],
  ];
}

/**
 * The key the tasks of a workflow read: the partition key of the service whose CRUD `create` publishes the event
 * that starts it (the event's detail is the created item's key), else `id`.
 */
function workflowKeyField(fn: FunctionModel, app: AppModel): string {
  const workflow = app.services.flatMap((service) => service.workflows).find((w) => w.service === fn.service && w.name === fn.workflowStep!.workflow);
  const trigger = workflow?.trigger;
  if (!trigger || trigger.objectCreated) {
    return 'id';
  }
  const publishesTrigger = (service: ServiceModel) => service.functions.some((other) => other.starter === StarterKind.CREATE
    && other.publishes.some((detailType) => !trigger.detailTypes?.length || trigger.detailTypes.includes(detailType)));
  const keys = new Set(app.services
    .filter((service) => (!trigger.sources?.length || trigger.sources.includes(service.name)) && publishesTrigger(service))
    .map((service) => service.partitionKey?.name ?? 'id'));
  return keys.size === 1 ? [...keys][0] : 'id';
}

/** Source, detail type and required fields of the function's first subscription. */
function subscriberReplacements(fn: FunctionModel, app: AppModel): Array<[string, string]> {
  const subscription = fn.subscriptions[0];
  const source = subscription.sources[0] ?? '';
  const detailType = subscription.detailTypes[0] ?? '';
  // the CRUD `create` starter publishes the created item's key
  const publisher = app.services.find((service) => service.name === source);
  const keyField = publisher?.functions.some((other) => other.starter === StarterKind.CREATE && other.publishes.includes(detailType))
    ? publisher.partitionKey?.name
    : undefined;
  return [
    ["export const SOURCE = 'items';", `export const SOURCE = '${source}';`],
    ["export const DETAIL_TYPE = 'ItemCreated';", `export const DETAIL_TYPE = '${detailType}';`],
    ["export const REQUIRED_FIELDS = ['id'] as const;", `export const REQUIRED_FIELDS = [${keyField ? `'${keyField}'` : ''}] as const;`],
  ];
}

/** The route's schema: inline in the options, else its file as it is now (missing: the example). */
function bodySchemaOf(fn: FunctionModel, project: Project): Record<string, unknown> | undefined {
  const route = fn.route!;
  if (route.inlineBodySchema) {
    return route.inlineBodySchema;
  }
  const file = path.join(project.outdir, route.bodySchemaFile!);
  try {
    return JSON.parse(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : template(EXAMPLE_SCHEMA));
  } catch {
    return undefined;
  }
}

function isExampleSchema(fn: FunctionModel, project: Project): boolean {
  return JSON.stringify(bodySchemaOf(fn, project)) === JSON.stringify(JSON.parse(template(EXAMPLE_SCHEMA)));
}

function usesStore(fn: FunctionModel): boolean {
  return [StarterKind.LIST, StarterKind.CREATE, StarterKind.GET, StarterKind.UPDATE, StarterKind.DELETE].includes(fn.starter);
}

function starter(project: Project, filePath: string, contents: string): void {
  new SampleFile(project, filePath, { contents });
}

function template(relativePath: string): string {
  return fs.readFileSync(path.join(TEMPLATES, relativePath), 'utf8');
}

/**
 * Applies the replacements. A `required` one whose text is missing means the template drifted
 * from this code: fail rather than write a starter that does not work.
 */
function fill(text: string, required: Array<[string, string]>, optional: Array<[string, string]> = []): string {
  for (const [from] of required) {
    if (!text.includes(from)) {
      throw new Error(`starter template drifted: '${from}' not found`);
    }
  }
  return [...required, ...optional].reduce((result, [from, to]) => result.split(from).join(to), text);
}
