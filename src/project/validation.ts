import { TableAccess } from '../constructs/microservice';
import { ProvisionedConcurrencyProps, MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MAX_UTILIZATION_TARGET, MIN_MEMORY_MB, MIN_TIMEOUT_SECONDS, MIN_UTILIZATION_TARGET } from '../presets';
import { KEBAB_CASE } from './names';
import { FunctionOptions, HttpMethod, ServerlessAppOptions, ServiceOptions } from './options';
import { RETENTION_DAYS } from './runtimes';

/** CloudWatch Logs' retention periods, in days. */
const LOG_RETENTION_DAYS = Object.keys(RETENTION_DAYS).map(Number);

/** Names a function or service takes for files of its own. */
const RESERVED_FUNCTION_NAMES = ['store', 'shared'];
const STATIC_SEGMENT = /^[A-Za-z0-9._:-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;
const EVENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const KEY_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** Thrown when options are invalid; its message lists every problem found. */
export class InvalidOptionsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid ServerlessApp options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidOptionsError';
  }
}

/**
 * Checks every option a stack, a bundle or a file name depends on, and throws one
 * `InvalidOptionsError` naming each bad option, its value and what is allowed.
 */
export function validateOptions(options: ServerlessAppOptions): void {
  const problems: string[] = [];
  const services = options.services;
  if (services !== undefined) {
    if (services.length === 0) {
      problems.push('`services` must name at least one service; got []. Leave it out for the sample `items` service.');
    }
    duplicates(services.map((service) => service.name)).forEach((name) => {
      problems.push(`\`services\` names '${name}' more than once; service names must be unique.`);
    });
    services.forEach((service, index) => problems.push(...checkService(service, `services[${index}]`)));
    problems.push(...checkRoutes(services));
  }
  if (options.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(options.logRetentionDays)) {
    problems.push(`\`logRetentionDays\` must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${options.logRetentionDays}.`);
  }
  if (options.bundleBudgetKiB !== undefined && !(Number.isInteger(options.bundleBudgetKiB) && options.bundleBudgetKiB > 0)) {
    problems.push(`\`bundleBudgetKiB\` must be a whole number of KiB, 1 or more; got ${options.bundleBudgetKiB}.`);
  }
  if (problems.length > 0) {
    throw new InvalidOptionsError(problems);
  }
}

function checkService(service: ServiceOptions, where: string): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(service.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'order-items'); got '${service.name}'.`);
  }
  const table = service.table;
  if (table !== undefined) {
    if (!table.partitionKey || !KEY_NAME.test(table.partitionKey.name ?? '')) {
      problems.push(`\`${where}.table.partitionKey\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got ${JSON.stringify(table.partitionKey)}.`);
    }
    if (table.sortKey && !KEY_NAME.test(table.sortKey.name ?? '')) {
      problems.push(`\`${where}.table.sortKey.name\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got '${table.sortKey.name}'.`);
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
    problems.push(...checkFunction(fn, `${where}.functions[${index}]`, `${service.name}/${fn.name}`, service));
  });
  return problems;
}

function checkFunction(fn: FunctionOptions, where: string, label: string, service: ServiceOptions): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(fn.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'create-order'); got '${fn.name}'.`);
  } else if (RESERVED_FUNCTION_NAMES.includes(fn.name)) {
    problems.push(`\`${where}.name\` '${fn.name}' is reserved for the service's own modules; choose another name.`);
  }
  problems.push(...checkSizing(fn, where, `'${label}'`));
  if (fn.reservedConcurrency !== undefined && !inRange(fn.reservedConcurrency, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`${where}.reservedConcurrency\` ('${label}') must be a whole number, 0 or more; got ${fn.reservedConcurrency}.`);
  }
  if (fn.tableAccess !== undefined && fn.tableAccess !== TableAccess.NONE && !service.table) {
    problems.push(`\`${where}.tableAccess\` ('${label}') is ${fn.tableAccess} but service '${service.name}' has no \`table\`.`);
  }
  const events = service.events ?? [];
  (fn.publishes ?? []).filter((name) => !events.includes(name)).forEach((name) => {
    problems.push(`\`${where}.publishes\` ('${label}') names '${name}', which is not in \`events\` of service '${service.name}' (${events.join(', ') || 'none'}).`);
  });
  if (fn.route) {
    if (!Object.values(HttpMethod).includes(fn.route.method)) {
      problems.push(`\`${where}.route.method\` ('${label}') must be one of ${Object.values(HttpMethod).join(', ')}; got '${fn.route.method}'.`);
    }
    const pathProblem = checkPath(fn.route.path);
    if (pathProblem) {
      problems.push(`\`${where}.route.path\` ('${label}') ${pathProblem}; got '${fn.route.path}'.`);
    }
  }
  return problems;
}

/** Memory, timeout and provisioned concurrency, as a function or a service sets them. */
function checkSizing(
  sizing: { memorySize?: number; timeoutSeconds?: number; provisionedConcurrency?: ProvisionedConcurrencyProps },
  where: string,
  label: string,
): string[] {
  const problems: string[] = [];
  if (sizing.memorySize !== undefined && !inRange(sizing.memorySize, MIN_MEMORY_MB, MAX_MEMORY_MB)) {
    problems.push(`\`${where}.memorySize\` (${label}) must be a whole number of MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}; got ${sizing.memorySize}.`);
  }
  if (sizing.timeoutSeconds !== undefined && !inRange(sizing.timeoutSeconds, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS)) {
    problems.push(`\`${where}.timeoutSeconds\` (${label}) must be a whole number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}; got ${sizing.timeoutSeconds}.`);
  }
  const provisioned = sizing.provisionedConcurrency;
  if (provisioned) {
    const { minCapacity, maxCapacity, utilizationTarget } = provisioned;
    if (minCapacity !== undefined && !inRange(minCapacity, 1, Number.MAX_SAFE_INTEGER)) {
      problems.push(`\`${where}.provisionedConcurrency.minCapacity\` (${label}) must be a whole number, 1 or more; got ${minCapacity}.`);
    }
    if (maxCapacity !== undefined && !inRange(maxCapacity, Math.max(1, minCapacity ?? 1), Number.MAX_SAFE_INTEGER)) {
      problems.push(`\`${where}.provisionedConcurrency.maxCapacity\` (${label}) must be a whole number, at least minCapacity (${minCapacity ?? 1}); got ${maxCapacity}.`);
    }
    if (utilizationTarget !== undefined && !(utilizationTarget >= MIN_UTILIZATION_TARGET && utilizationTarget <= MAX_UTILIZATION_TARGET)) {
      problems.push(`\`${where}.provisionedConcurrency.utilizationTarget\` (${label}) must be from ${MIN_UTILIZATION_TARGET} to ${MAX_UTILIZATION_TARGET}; got ${utilizationTarget}.`);
    }
  }
  return problems;
}

/** Why API Gateway would reject `path`, or undefined when it would take it. */
function checkPath(path: string | undefined): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return "must start with '/'";
  }
  if (path === '/') {
    return undefined;
  }
  const segments = path.slice(1).split('/');
  const names = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    if (segment === '') {
      return 'must not have empty segments or a trailing slash';
    }
    const parameter = PARAMETER_SEGMENT.exec(segment);
    if (parameter) {
      if (parameter[2] && index !== segments.length - 1) {
        return `may have a greedy parameter ('${segment}') only as its last segment`;
      }
      if (names.has(parameter[1])) {
        return `must not name path parameter '${parameter[1]}' twice`;
      }
      names.add(parameter[1]);
    } else if (!STATIC_SEGMENT.test(segment)) {
      return `has segment '${segment}': a segment is either letters, digits and . _ : - or a parameter like '{id}'`;
    }
  }
  return undefined;
}

/** Duplicate routes and sibling path parameters with different names, which API Gateway rejects. */
function checkRoutes(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const parameterAt = new Map<string, string>();
  for (const service of services) {
    for (const fn of service.functions ?? []) {
      if (!fn.route || checkPath(fn.route.path)) {
        continue;
      }
      const route = `${fn.route.method} ${fn.route.path}`;
      const label = `${service.name}/${fn.name}`;
      const owner = owners.get(route);
      if (owner) {
        problems.push(`route ${route} is declared twice: by '${owner}' and by '${label}'; each route goes to one function.`);
      }
      owners.set(route, label);
      const segments = fn.route.path.split('/').slice(1);
      segments.forEach((segment, index) => {
        if (!segment.startsWith('{')) {
          return;
        }
        const parent = `/${segments.slice(0, index).join('/')}`;
        const seen = parameterAt.get(parent);
        if (seen && seen !== segment) {
          problems.push(`route ${route} ('${label}') uses '${segment}' under '${parent}' where another route uses '${seen}'; API Gateway allows one path parameter name per level.`);
        }
        parameterAt.set(parent, seen ?? segment);
      });
    }
  }
  return problems;
}

function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
