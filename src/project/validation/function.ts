/** A function's own options: name, sizing, table access, events it publishes, its route and resolver. */
import { checkPath, checkRouteFeatures, projectDirOf } from './api';
import { inRange } from './checks';
import { checkSubscription } from './events';
import { checkSchedule } from './schedule';
import { TableAccess } from '../../constructs/microservice';
import { WorkflowStep, WorkflowStepType } from '../../constructs/workflow-steps';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MAX_UTILIZATION_TARGET, MIN_MEMORY_MB, MIN_TIMEOUT_SECONDS, MIN_UTILIZATION_TARGET, ProvisionedConcurrencyProps } from '../../presets';
import { KEBAB_CASE } from '../names';
import { FunctionOptions, ServerlessAppOptions, ServiceOptions } from '../options';

/** Names a function takes for files of its own. */
const RESERVED_FUNCTION_NAMES = ['store', 'shared'];

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export function checkFunction(fn: FunctionOptions, where: string, label: string, service: ServiceOptions, options: ServerlessAppOptions): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(fn.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'create-order'); got '${fn.name}'.`);
  } else if (RESERVED_FUNCTION_NAMES.includes(fn.name)) {
    problems.push(`\`${where}.name\` '${fn.name}' is reserved for the service's own modules; choose another name.`);
  } else if (fn.name === 'add') {
    // the generated service would get an `addFunction` property, hiding Microservice.addFunction
    problems.push(`\`${where}.name\` 'add' is reserved: its property \`addFunction\` would hide the service's \`addFunction\` method; say what it adds, like 'add-item'.`);
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
    const pathProblem = checkPath(fn.route.path);
    if (pathProblem) {
      problems.push(`\`${where}.route.path\` ('${label}') ${pathProblem}; got '${fn.route.path}'.`);
    }
    problems.push(...checkRouteFeatures(fn.route, { where: `${where}.route`, label, api: options.api, projectDir: projectDirOf(options) }));
  }
  if (fn.resolver) {
    if (fn.route) {
      problems.push(`\`${where}.resolver\` ('${label}'): a function has a \`route\` or a \`resolver\`, not both; give the field a function of its own.`);
    }
    for (const key of ['typeName', 'fieldName'] as const) {
      if (!GRAPHQL_NAME.test(fn.resolver[key] ?? '')) {
        problems.push(`\`${where}.resolver.${key}\` ('${label}') must be a GraphQL name (letters, digits, _; not starting with a digit); got '${fn.resolver[key]}'.`);
      }
    }
  }
  (fn.subscriptions ?? []).forEach((subscription, index) => {
    problems.push(...checkSubscription(subscription, `${where}.subscriptions[${index}]`, label));
  });
  if (fn.completesCallbacksOf !== undefined) {
    problems.push(...checkCallbackCompleter(fn.completesCallbacksOf, `${where}.completesCallbacksOf`, label, service));
  }
  if (fn.schedule) {
    problems.push(...checkSchedule(fn.schedule, fn, `${where}.schedule`, label));
  }
  return problems;
}

/** The workflow whose task tokens a function sends back: one of its service's, with a CALLBACK step to complete. */
function checkCallbackCompleter(name: string, where: string, label: string, service: ServiceOptions): string[] {
  const workflows = service.workflows ?? [];
  const workflow = workflows.find((candidate) => candidate.name === name);
  if (!workflow) {
    const known = workflows.map((candidate) => `'${candidate.name}'`).join(', ') || 'none';
    return [`\`${where}\` ('${label}') names '${name}', which is not a workflow of service '${service.name}' (${known}); a function completes the callbacks of a workflow of its own service.`];
  }
  if (!hasCallbackStep(workflow.steps ?? [])) {
    return [`\`${where}\` ('${label}'): workflow '${name}' has no CALLBACK step, so there is no task token to send back; add a CALLBACK step, or remove \`completesCallbacksOf\`.`];
  }
  return [];
}

/** Whether a CALLBACK step is among `steps`, in parallel branches and map iterators too. */
function hasCallbackStep(steps: WorkflowStep[]): boolean {
  return steps.some((step) => step.type === WorkflowStepType.CALLBACK
    || (step.branches ?? []).some((branch) => hasCallbackStep(branch.steps ?? []))
    || hasCallbackStep(step.itemSteps ?? []));
}

/** Memory, timeout and provisioned concurrency, as a function or a service sets them. */
export function checkSizing(
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
