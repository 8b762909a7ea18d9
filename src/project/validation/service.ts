/** A service: its name, table, events, sizing, and each of its functions, workflows, queues and data resources. */
import { checkPath, checkRouteFeatures, projectDirOf } from './api';
import { duplicates } from './checks';
import { checkDataResources, QUEUE_ROUTE_METHODS } from './data';
import { checkFunction, checkSizing } from './function';
import { checkWorkflow } from './workflows';
import { KEBAB_CASE } from '../names';
import { HttpMethod, ServerlessAppOptions, ServiceOptions } from '../options';

/** Service names whose handler folders the app uses for its own. */
const RESERVED_SERVICE_NAMES = ['shared', 'authorizer'];

const EVENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const KEY_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

export function checkService(service: ServiceOptions, where: string, options: ServerlessAppOptions): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(service.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'order-items'); got '${service.name}'.`);
  } else if (RESERVED_SERVICE_NAMES.includes(service.name)) {
    problems.push(`\`${where}.name\` '${service.name}' is reserved: src/handlers/${service.name}/ holds the app's own handler modules; choose another name.`);
  }
  const table = service.table;
  if (table !== undefined) {
    if (!table.partitionKey || !KEY_NAME.test(table.partitionKey.name ?? '')) {
      problems.push(`\`${where}.table.partitionKey\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got ${JSON.stringify(table.partitionKey)}.`);
    }
    if (table.sortKey && !KEY_NAME.test(table.sortKey.name ?? '')) {
      problems.push(`\`${where}.table.sortKey.name\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got '${table.sortKey.name}'.`);
    } else if (table.sortKey && table.sortKey.name === table.partitionKey?.name) {
      problems.push(`\`${where}.table.sortKey.name\` is '${table.sortKey.name}', the partition key's name: DynamoDB refuses a key schema that names one attribute twice. Name the sort key after another attribute, or leave it out.`);
    }
  }
  const events = service.events ?? [];
  events.filter((name) => !EVENT_NAME.test(name)).forEach((name) => {
    problems.push(`\`${where}.events\` must be PascalCase detail types (like 'ItemCreated'); got '${name}'.`);
  });
  duplicates(events).forEach((name) => problems.push(`\`${where}.events\` names '${name}' more than once.`));

  problems.push(...checkSizing(service, where, `service '${service.name}'`));
  const functions = service.functions ?? [];
  if (functions.length === 0) {
    problems.push(`\`${where}.functions\` must name at least one function; got none.`);
  }
  duplicates(functions.map((fn) => fn.name)).forEach((name) => {
    problems.push(`\`${where}.functions\` names '${name}' more than once; function names must be unique in a service.`);
  });
  functions.forEach((fn, index) => {
    problems.push(...checkFunction(fn, `${where}.functions[${index}]`, `${service.name}/${fn.name}`, service, options));
  });
  const workflows = service.workflows ?? [];
  duplicates(workflows.map((workflow) => workflow.name)).forEach((name) => {
    problems.push(`\`${where}.workflows\` names '${name}' more than once; workflow names must be unique in a service.`);
  });
  workflows.forEach((workflow, index) => problems.push(...checkWorkflow(workflow, `${where}.workflows[${index}]`, service)));
  (service.queues ?? []).forEach((queue, index) => {
    const at = `${where}.queues[${index}].route`;
    const label = `${service.name}/${queue.name}`;
    const route = queue.route;
    if (!route) {
      return;
    }
    const pathProblem = checkPath(route.path);
    if (pathProblem) {
      problems.push(`\`${at}.path\` ('${label}') ${pathProblem}; got '${route.path}'.`);
    }
    if (QUEUE_ROUTE_METHODS.includes(route.method ?? HttpMethod.POST)) {
      const context = { where: at, label, api: options.api, projectDir: projectDirOf(options) };
      problems.push(...checkRouteFeatures({ ...route, method: route.method ?? HttpMethod.POST }, context));
    }
  });
  problems.push(...checkDataResources(service, where, options));
  return problems;
}
