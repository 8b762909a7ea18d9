/** What each kind of starter's template has replaced to fit its function: names, keys, events, schemas. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project } from 'projen';
import { schemaSamples } from './schema-samples';
import { EXAMPLE_SCHEMA, template } from './templates';
import { AppModel, FunctionModel, ServiceModel, StarterKind, validatesBody } from '../../model';
import { literal } from '../typescript';

export function handlerReplacements(fn: FunctionModel, app: AppModel, project: Project): Array<[string, string]> {
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
        ["from '../shared/observability';", "from '../../shared/observability';"],
      ];
    case StarterKind.CALLBACK:
      return [
        ["export const STEP = 'await-approval';", `export const STEP = '${fn.workflowStep!.step}';`],
        ["import { logger } from '../shared/logger';", "import { logger } from '../../shared/logger';"],
        ["from '../shared/observability';", "from '../../shared/observability';"],
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
export function testReplacements(fn: FunctionModel, project: Project): Array<[string, string]> {
  if (fn.starter !== StarterKind.VALIDATED_API || isExampleSchema(fn, project)) {
    return [];
  }
  const samples = schemaSamples(bodySchemaOf(fn, project) ?? {});
  return [
    ["const VALID_BODY = { name: 'Ada Lovelace', email: 'ada@example.com' };", `const VALID_BODY = ${literal(samples?.valid ?? {})};`],
    ["const INVALID_BODY = { name: '', email: 42 };", `const INVALID_BODY = ${literal(samples?.invalid ?? {})};`],
  ];
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
