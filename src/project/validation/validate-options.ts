/** The entry point: every check of the options, all problems reported in one error. */
import { checkAlarms } from './alarms';
import { checkApi, checkAuthorizerUse, checkRoutes } from './api';
import { duplicates, inRange } from './checks';
import { checkCompliance } from './compliance';
import { checkCost } from './cost';
import { checkDeploy } from './deploy';
import { checkEnums } from './enums';
import { checkEventRings, checkSubscriptions } from './events';
import { checkGraphql, checkResolvers } from './graphql';
import { InvalidOptionsError } from './invalid-options-error';
import { checkService } from './service';
import { checkTags } from './stacks';
import { ServerlessAppOptions } from '../options';
import { RETENTION_DAYS } from '../runtimes';
import { checkCdkVersion } from '../tested-versions';

/** CloudWatch Logs' retention periods, in days. */
const LOG_RETENTION_DAYS = Object.keys(RETENTION_DAYS).map(Number);

/**
 * Checks every option a stack, a bundle or a file name depends on, and throws one
 * `InvalidOptionsError` naming each bad option, its value and what is allowed.
 *
 * The enum-typed options come first: the other checks read them, so a value that is no member of
 * its enum is reported alone. Two services of one name are reported without the checks across
 * services, which tell services apart by name.
 */
export function validateOptions(options: ServerlessAppOptions): void {
  const enumProblems = checkEnums(options);
  if (enumProblems.length > 0) {
    throw new InvalidOptionsError(enumProblems);
  }
  const problems: string[] = [];
  const services = options.services;
  if (services !== undefined) {
    if (services.length === 0) {
      problems.push('`services` must name at least one service; got []. Leave it out for the sample `items` service.');
    }
    const names = services.map((service) => service.name);
    const repeated = duplicates(names);
    names.forEach((name, index) => {
      const first = names.indexOf(name);
      if (first < index) {
        problems.push(`\`services[${index}].name\` '${name}' is the name of \`services[${first}]\` too; service names must be unique.`);
      }
    });
    services.forEach((service, index) => problems.push(...checkService(service, `services[${index}]`, options)));
    if (repeated.length === 0) {
      problems.push(...checkRoutes(services), ...checkSubscriptions(services), ...checkEventRings(services), ...checkResolvers(services));
      if (options.api?.authorizer) {
        problems.push(...checkAuthorizerUse(services));
      }
    }
  }
  problems.push(...checkCdkVersion(options.cdkVersion));
  problems.push(...checkApi(options.api));
  problems.push(...checkGraphql(options.graphql), ...checkTags(options.tags));
  if (options.eventArchiveRetentionDays !== undefined && !inRange(options.eventArchiveRetentionDays, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`eventArchiveRetentionDays\` must be a whole number of days, 0 (forever) or more; got ${options.eventArchiveRetentionDays}.`);
  }
  if (options.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(options.logRetentionDays)) {
    problems.push(`\`logRetentionDays\` must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${options.logRetentionDays}.`);
  }
  if (options.bundleBudgetKiB !== undefined && !(Number.isInteger(options.bundleBudgetKiB) && options.bundleBudgetKiB > 0)) {
    problems.push(`\`bundleBudgetKiB\` must be a whole number of KiB, 1 or more; got ${options.bundleBudgetKiB}.`);
  }
  problems.push(...checkCost(options.costBudget, options.costEstimate));
  problems.push(...checkCompliance(options.compliance));
  problems.push(...checkDeploy(options));
  problems.push(...checkAlarms(options.alarms));
  if (problems.length > 0) {
    throw new InvalidOptionsError(problems);
  }
}
