import { CDK_CONTEXT_IMPORT } from './cdk-context';
import { AppModel, FunctionModel, ServiceModel, StarterKind } from '../model';
import { schemaSamples } from './starters/schema-samples';
import { lines, literal, str } from './typescript';

/** The module the generated app imports local mode from. */
export const LOCAL_MODULE = 'projen-serverless-patterns/lib/local';

/** Where the local test synthesizes the app: inside the project, so that the staged bundles find its node_modules. */
export const LOCAL_TEST_OUTDIR = 'cdk.out/local-test';

/** A CRUD round trip the local test can drive: a create route and a get route of one service, on a public API. */
export interface RoundTrip {
  readonly service: ServiceModel;
  readonly create: FunctionModel;
  readonly get: FunctionModel;
  readonly body: Record<string, unknown>;
  /** The functions subscribed to what `create` publishes. */
  readonly subscribers: FunctionModel[];
}

/**
 * `test/generated/local.test.ts`: synthesizes the app in-process, runs it with local mode (no
 * Docker, no AWS) and drives it as the spec's integration test would drive the deployed app:
 * every REST API answers an unknown route as API Gateway does; for each CRUD service on a public
 * route, an item is created over HTTP and read back from DynamoDB, and its event reaches the bus
 * and the functions subscribed to it.
 */
export function renderLocalTest(app: AppModel): string {
  const stackModule = `../../src/generated/${app.stackName}-stack.generated`;
  const trips = app.services.map((service) => roundTrip(service, app)).filter((trip): trip is RoundTrip => trip !== undefined);
  return lines(
    "import * as fs from 'node:fs';",
    "import * as path from 'node:path';",
    "import { App } from 'aws-cdk-lib';",
    `import { LocalMode, startLocal } from ${str(LOCAL_MODULE)};`,
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from ${str(stackModule)};`,
    '',
    '// The app as `cdk synth` makes it, in a folder inside the project: the staged bundles load the AWS SDK from its node_modules.',
    `const OUTDIR = path.join(__dirname, '..', '..', ${str(LOCAL_TEST_OUTDIR)});`,
    '/** Everything local mode logs (requests, invocations and their logs, deliveries) goes to this file. */',
    `const LOG = path.join(__dirname, '..', '..', ${str(`${LOCAL_TEST_OUTDIR}.log`)});`,
    'let local: LocalMode;',
    '',
    'beforeAll(async () => {',
    '  fs.rmSync(OUTDIR, { recursive: true, force: true });',
    '  const app = new App({ outdir: OUTDIR, context: CDK_CONTEXT, builtinCloudFormationValidation: false });',
    `  new ${app.stackClassName}(app, ${str(app.stackName)});`,
    '  app.synth();',
    '  fs.mkdirSync(path.dirname(LOG), { recursive: true });',
    "  fs.writeFileSync(LOG, '');",
    '  local = await startLocal({ assemblyDir: OUTDIR, port: 0, log: (line) => fs.appendFileSync(LOG, `${line}\\n`) });',
    '}, 60_000);',
    '',
    'afterAll(async () => {',
    '  await local?.stop();',
    '  fs.rmSync(OUTDIR, { recursive: true, force: true });',
    '});',
    '',
    "test('local mode runs every function of the template, each from its bundle', () => {",
    '  expect(local.app.functions.map((fn) => fn.path).sort()).toEqual([',
    ...functionPaths(app).map((fnPath) => `    ${str(fnPath)},`),
    '  ]);',
    '});',
    app.hasApi && lines(
      '',
      "test('every REST API answers a route it does not have as API Gateway does', async () => {",
      '  expect(Object.keys(local.apiUrls).length).toBeGreaterThan(0);',
      '  for (const url of Object.values(local.apiUrls)) {',
      '    const response = await fetch(`${url}no-such-route`);',
      '    expect(response.status).toBe(403);',
      "    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });",
      '  }',
      '});',
    ),
    ...trips.map((trip) => renderRoundTrip(trip, app)),
    '',
  );
}

function renderRoundTrip(trip: RoundTrip, app: AppModel): string {
  const { service, create, get } = trip;
  const api = service.api!.restApiName;
  const key = service.partitionKey!.name;
  const collection = create.route!.path;
  const itemPath = get.route!.path.replace(/\{[^}]+\}$/, '');
  const detailType = create.publishes[0];
  return lines(
    '',
    `test(${str(`${service.name}: creates an item over HTTP, reads it back from DynamoDB${detailType ? `, and ${detailType} reaches the bus${trip.subscribers.length > 0 ? ' and its subscribers' : ''}` : ''}`)}, async () => {`,
    `  const api = local.apiUrls${member(api)};`,
    `  const created = await fetch(\`\${api}${collection.slice(1)}\`, {`,
    "    method: 'POST',",
    "    headers: { 'Content-Type': 'application/json' },",
    `    body: JSON.stringify(${literal(trip.body)}),`,
    '  });',
    '  expect(created.status).toBe(201);',
    '  const item = await created.json() as Record<string, string>;',
    `  const read = await fetch(\`\${api}${itemPath.slice(1)}\${encodeURIComponent(item${member(key)})}\`);`,
    '  expect(read.status).toBe(200);',
    '  expect(await read.json()).toEqual(item);',
    detailType && lines(
      '  await local.idle();',
      `  expect(local.history.events).toContainEqual(expect.objectContaining({ source: ${str(service.name)}, detailType: ${str(detailType)} }));`,
      ...trip.subscribers.map((fn) => {
        const owner = app.services.find((s) => s.name === fn.service)!;
        return `  expect(local.history.invocations).toContainEqual(expect.objectContaining({ function: ${str(`${owner.className}/${fn.constructId}`)}, ok: true }));`;
      }),
    ),
    '});',
  );
}

/** The construct paths of the app's functions, sorted. */
function functionPaths(app: AppModel): string[] {
  return [
    ...(app.authorizer ? [`${app.stackName}/Authorizer`] : []),
    ...app.services.flatMap((service) => service.functions.map((fn) => `${app.stackName}/${service.className}/${fn.constructId}`)),
  ].sort();
}

/** `.name`, or `['na-me']` for a name that is no identifier. */
function member(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${str(name)}]`;
}

/** The service's round trip, when its create and get routes use the CRUD starters on a public API. */
export function roundTrip(service: ServiceModel, app: AppModel): RoundTrip | undefined {
  const create = service.functions.find((fn) => fn.starter === StarterKind.CREATE && fn.route && !fn.route.authorized);
  const get = service.functions.find((fn) => fn.starter === StarterKind.GET && fn.route && !fn.route.authorized);
  if (!create || !get || !service.api || !service.partitionKey) {
    return undefined;
  }
  const schema = create.route!.inlineBodySchema;
  const body = schema ? schemaSamples(schema)?.valid : create.route!.bodySchemaFile ? undefined : { name: 'lamp' };
  if (!body || typeof body !== 'object') {
    return undefined;
  }
  const detailType = create.publishes[0];
  const subscribers = detailType === undefined ? [] : app.functions.filter((fn) => fn.subscriptions.some((subscription) =>
    (subscription.sources.length === 0 || subscription.sources.includes(service.name))
    && (subscription.detailTypes.length === 0 || subscription.detailTypes.includes(detailType))
    && subscription.detail === undefined));
  return { service, create, get, body: body as Record<string, unknown>, subscribers };
}
