import { CDK_CONTEXT_IMPORT } from './cdk-context';
import { AppModel, FunctionModel, ServiceModel, StarterKind, SubscriptionModel, WorkflowModel } from '../model';
import { schemaSamples } from './starters/schema-samples';
import { lines, literal, member, str } from './typescript';

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

/** A workflow the app's own route starts: its create route publishes the event of its trigger. */
export interface WorkflowTrip {
  readonly service: ServiceModel;
  readonly create: FunctionModel;
  readonly body: Record<string, unknown>;
  readonly detailType: string;
  readonly workflow: WorkflowModel;
  /** The function of its first step, a TASK or a CALLBACK: what receives the event's detail. */
  readonly firstStep: FunctionModel;
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
  const starts = app.services.flatMap((service) => workflowTrips(service, app));
  const corsError = corsErrorProbe(app);
  const scheduled = app.functions.filter((fn) => fn.schedule && fn.starter === StarterKind.SCHEDULED);
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
    (starts.length > 0 || scheduled.length > 0) && lines(
      '/** Resolves once `done()` holds, polling local mode; fails naming `what` after 20 s. */',
      'async function eventually(what: string, done: () => boolean): Promise<void> {',
      '  const deadline = Date.now() + 20_000;',
      '  while (!done()) {',
      '    if (Date.now() > deadline) throw new Error(`not seen within 20 s: ${what}`);',
      '    await new Promise((resolve) => setTimeout(resolve, 50));',
      '  }',
      '}',
      '',
    ),
    '// a hang guard, not a measure: the synthesis grows with the app (60 s, and 2 s a function, for a loaded machine)',
    'beforeAll(async () => {',
    '  fs.rmSync(OUTDIR, { recursive: true, force: true });',
    '  const app = new App({ outdir: OUTDIR, context: CDK_CONTEXT, builtinCloudFormationValidation: false });',
    `  new ${app.stackClassName}(app, ${str(app.stackName)});`,
    '  app.synth();',
    '  fs.mkdirSync(path.dirname(LOG), { recursive: true });',
    "  fs.writeFileSync(LOG, '');",
    '  local = await startLocal({ assemblyDir: OUTDIR, port: 0, log: (line) => fs.appendFileSync(LOG, `${line}\\n`) });',
    `}, ${(60 + 2 * app.functions.length).toLocaleString('en-US').replace(/,/g, '_')}_000);`,
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
      `test('every REST API answers a route it does not have as API Gateway does${corsError ? ', with the CORS headers of its gateway responses' : ''}', async () => {`,
      '  expect(Object.keys(local.apiUrls).length).toBeGreaterThan(0);',
      '  for (const url of Object.values(local.apiUrls)) {',
      corsError
        ? `    const response = await fetch(\`\${url}no-such-route\`, { headers: { Origin: ${str(corsError.origin)} } });`
        : '    const response = await fetch(`${url}no-such-route`);',
      '    expect(response.status).toBe(403);',
      "    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });",
      corsError && `    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(${str(corsError.allowOrigin)});`,
      '  }',
      '});',
    ),
    ...trips.map((trip) => renderRoundTrip(trip, app)),
    ...starts.map((trip) => renderWorkflowTrip(trip, app)),
    ...app.functions.flatMap((fn) => fn.subscriptions.filter((subscription) => subscription.defaultBus && !subscription.detail)
      .map((subscription) => renderAwsEvent(fn, subscription, app))),
    ...scheduled.map((fn) => renderScheduleRun(fn, app)),
    '',
  );
}

/**
 * An AWS service's event, put on the default bus as a test or a developer sends it: `PutEvents` to
 * the local EventBridge endpoint, no `EventBusName` (AWS refuses `aws.*` sources from `PutEvents`;
 * local mode takes them, to stand for AWS), and the subscriber runs without error.
 */
function renderAwsEvent(fn: FunctionModel, subscription: SubscriptionModel, app: AppModel): string {
  const owner = app.services.find((s) => s.name === fn.service)!;
  const entry = { Source: subscription.sources[0], DetailType: subscription.detailTypes[0] ?? 'Local test event', Detail: '{}' };
  return lines(
    '',
    `test(${str(`${fn.service}/${fn.name}: ${entry.Source} ${entry.DetailType} on the default bus reaches it`)}, async () => {`,
    '  const response = await fetch(local.endpoints.AWS_ENDPOINT_URL_EVENTBRIDGE, {',
    "    method: 'POST',",
    "    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSEvents.PutEvents' },",
    `    body: JSON.stringify({ Entries: [${literal(entry)}] }),`,
    '  });',
    '  expect(await response.json()).toMatchObject({ FailedEntryCount: 0 });',
    '  await local.idle();',
    `  expect(local.history.invocations).toContainEqual(expect.objectContaining({ function: ${str(servicePath(owner, fn))}, ok: true }));`,
    '});',
  );
}

/** A schedule fired on demand over HTTP, as docs/local.md shows: its function runs the scheduled starter once, and succeeds. */
function renderScheduleRun(fn: FunctionModel, app: AppModel): string {
  const owner = app.services.find((s) => s.name === fn.service)!;
  const fnPath = servicePath(owner, fn);
  return lines(
    '',
    `test(${str(`${fn.service}/${fn.name}: its schedule (${fn.schedule!.expression}) fired on demand runs it`)}, async () => {`,
    `  const fired = await fetch(\`\${local.schedulesUrl}/${fnPath}Schedule\`, { method: 'POST' });`,
    '  expect(fired.status).toBe(202);',
    `  await eventually(${str(`a run of ${fnPath}`)}, () => local.history.invocations.some((invocation) => invocation.function === ${str(fnPath)}));`,
    `  expect(local.history.invocations.filter((invocation) => invocation.function === ${str(fnPath)})).toEqual([expect.objectContaining({ ok: true })]);`,
    '});',
  );
}

/** A browser's `Origin`, and the `Access-Control-Allow-Origin` API Gateway's own errors answer it with; undefined without them. */
function corsErrorProbe(app: AppModel): { origin: string; allowOrigin: string } | undefined {
  const { allowOrigins, errorResponses } = app.api.cors;
  if (!errorResponses) {
    return undefined;
  }
  const origin = allowOrigins[0] === '*' ? 'https://app.example.com' : allowOrigins[allowOrigins.length - 1];
  return { origin, allowOrigin: allowOrigins.length > 1 ? origin : allowOrigins[0] };
}

/** The route of `create` drives the workflow: its event starts an execution, whose first step takes the event's detail. */
function renderWorkflowTrip(trip: WorkflowTrip, app: AppModel): string {
  const { service, create, workflow, firstStep } = trip;
  const owner = app.services.find((s) => s.name === firstStep.service)!;
  const stepPath = servicePath(owner, firstStep);
  return lines(
    '',
    `test(${str(`${service.name}: ${trip.detailType} from ${create.route!.method} ${create.route!.path} starts ${workflow.service}/${workflow.name}, whose first step takes it`)}, async () => {`,
    `  const runs = () => local.history.invocations.filter((invocation) => invocation.function === ${str(stepPath)});`,
    '  // the runs other tests started (a create route\'s round trip publishes the same event) are over first',
    '  await local.idle();',
    '  const before = runs().length;',
    `  const created = await fetch(\`\${local.apiUrls${member(service.api!.restApiName)}}${create.route!.path.slice(1)}\`, {`,
    "    method: 'POST',",
    "    headers: { 'Content-Type': 'application/json' },",
    `    body: JSON.stringify(${literal(trip.body)}),`,
    '  });',
    '  expect(created.status).toBe(201);',
    `  await eventually(${str(`a run of ${stepPath}`)}, () => runs().length > before);`,
    '  await local.idle();',
    '  expect(runs().slice(before)).toEqual([expect.objectContaining({ ok: true })]);',
    '});',
  );
}

/**
 * The workflows a public CRUD create route of the service starts, with the event it publishes: triggered by that
 * event (by the service as a source, or any), without a detail filter, their first step a TASK or a CALLBACK.
 */
export function workflowTrips(service: ServiceModel, app: AppModel): WorkflowTrip[] {
  const create = service.functions.find((fn) => fn.starter === StarterKind.CREATE && fn.route && !fn.route.authorized && fn.publishes.length > 0);
  const body = create && createBody(create);
  if (!create || !body || !service.api) {
    return [];
  }
  return app.services.flatMap((owner) => owner.workflows).flatMap((workflow) => {
    const trigger = workflow.trigger;
    const detailType = create.publishes.find((published) => trigger && !trigger.objectCreated && trigger.detail === undefined
      && (!trigger.sources?.length || trigger.sources.includes(service.name))
      && (!trigger.detailTypes?.length || trigger.detailTypes.includes(published)));
    const firstStep = workflow.tasks.find((fn) => fn.workflowStep?.step === workflow.steps[0]?.name);
    return detailType && firstStep ? [{ service, create, body, detailType, workflow, firstStep }] : [];
  });
}

/** A body the create route accepts: a sample of its schema, or `{ name: 'lamp' }` without one. */
function createBody(create: FunctionModel): Record<string, unknown> | undefined {
  const schema = create.route!.inlineBodySchema;
  const body = schema ? schemaSamples(schema)?.valid : create.route!.bodySchemaFile ? undefined : { name: 'lamp' };
  return body && typeof body === 'object' ? body as Record<string, unknown> : undefined;
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
        return `  expect(local.history.invocations).toContainEqual(expect.objectContaining({ function: ${str(servicePath(owner, fn))}, ok: true }));`;
      }),
    ),
    '});',
  );
}

/** The construct paths of the app's functions, sorted. */
function functionPaths(app: AppModel): string[] {
  return [
    ...(app.authorizer ? [`${app.stackName}/Authorizer`] : []),
    ...app.services.flatMap((service) => service.functions.map((fn) => `${app.stackName}/${servicePath(service, fn)}`)),
  ].sort();
}

/** The service's round trip, when its create and get routes use the CRUD starters on a public API. */
export function roundTrip(service: ServiceModel, app: AppModel): RoundTrip | undefined {
  const create = service.functions.find((fn) => fn.starter === StarterKind.CREATE && fn.route && !fn.route.authorized);
  const get = service.functions.find((fn) => fn.starter === StarterKind.GET && fn.route && !fn.route.authorized);
  if (!create || !get || !service.api || !service.partitionKey) {
    return undefined;
  }
  const body = createBody(create);
  if (!body) {
    return undefined;
  }
  const detailType = create.publishes[0];
  const subscribers = detailType === undefined ? [] : app.functions.filter((fn) => fn.subscriptions.some((subscription) =>
    (subscription.sources.length === 0 || subscription.sources.includes(service.name))
    && (subscription.detailTypes.length === 0 || subscription.detailTypes.includes(detailType))
    && subscription.detail === undefined));
  return { service, create, get, body: body as Record<string, unknown>, subscribers };
}

/** A function's construct path under the app's stack: `ItemsService/Create`, in its nested stack `ItemsStack/ItemsService/Create`. */
function servicePath(service: ServiceModel, fn: FunctionModel): string {
  return `${service.constructPath}/${fn.constructId}`;
}
