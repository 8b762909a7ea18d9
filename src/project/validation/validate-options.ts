/** The entry point: every check of the options, all problems reported in one error. */
import { checkApi, checkAuthorizerUse, checkRoutes } from './api';
import { checkEnum, duplicates, inRange } from './checks';
import { checkSubscriptions } from './events';
import { checkGraphql, checkResolvers } from './graphql';
import { checkService } from './service';
import { checkTags } from './stacks';
import { AuthorizerType } from '../../constructs/rest-api';
import { FunctionPreset } from '../../presets';
import { ApiLoggingLevel, FunctionArchitecture, NodeRuntime, ServerlessAppOptions } from '../options';
import { RETENTION_DAYS } from '../runtimes';
import { checkCdkVersion } from '../tested-versions';

/** CloudWatch Logs' retention periods, in days. */
const LOG_RETENTION_DAYS = Object.keys(RETENTION_DAYS).map(Number);

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
    services.forEach((service, index) => problems.push(...checkService(service, `services[${index}]`, options)));
    problems.push(...checkRoutes(services));
    problems.push(...checkSubscriptions(services));
    problems.push(...checkResolvers(services));
  }
  if (options.api?.authorizer && services !== undefined) {
    problems.push(...checkAuthorizerUse(services));
  }
  problems.push(...checkCdkVersion(options.cdkVersion));
  problems.push(...checkApi(options.api));
  problems.push(
    ...checkEnum('nodeRuntime', options.nodeRuntime, NodeRuntime),
    ...checkEnum('architecture', options.architecture, FunctionArchitecture),
    ...checkEnum('defaultPreset', options.defaultPreset, FunctionPreset),
    ...checkEnum('api.loggingLevel', options.api?.loggingLevel, ApiLoggingLevel),
    ...checkEnum('api.authorizer.type', options.api?.authorizer?.type, AuthorizerType),
    ...checkEnum('api.authorizer.preset', options.api?.authorizer?.preset, FunctionPreset),
    ...checkGraphql(options.graphql),
    ...checkTags(options.tags),
  );
  if (options.eventArchiveRetentionDays !== undefined && !inRange(options.eventArchiveRetentionDays, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`eventArchiveRetentionDays\` must be a whole number of days, 0 (forever) or more; got ${options.eventArchiveRetentionDays}.`);
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
