/**
 * The checks of the resolved app, before any file is written: what can only be judged once every
 * default is applied (the names the app derives, a function's concurrency with its preset's, the
 * resources of each stack).
 */
import { derivedNameProblems, functionSource, writtenFileProblems } from './derived-names';
import { AppModel } from './types';
import { ServerlessAppOptions } from '../options';
import { checkStackSizes, InvalidOptionsError } from '../validation';

/**
 * Throws one `InvalidOptionsError` for what AWS, CDK or TypeScript would refuse of the resolved
 * app: its derived names, a reserved concurrency below the provisioned one, a stack of more
 * resources than CloudFormation takes.
 */
export function checkResolvedApp(model: AppModel, options: ServerlessAppOptions): void {
  throwProblems([...derivedNameProblems(model, options), ...concurrencyProblems(model), ...stackSizeProblems(model)]);
}

/**
 * Throws one `InvalidOptionsError` for the files `npx projen` would write (`files`, relative to
 * `outdir`) whose names the file system refuses. Called once every file of the project is known,
 * none written.
 */
export function checkWrittenFiles(model: AppModel, options: ServerlessAppOptions, files: string[], outdir: string): void {
  throwProblems(writtenFileProblems(model, options, files, outdir));
}

function throwProblems(problems: string[]): void {
  if (problems.length > 0) {
    throw new InvalidOptionsError(problems);
  }
}

/**
 * Reserved concurrency below the provisioned concurrency of the function's `live` alias, from its
 * own options, its service's or its preset's: Lambda refuses provisioned concurrency above the
 * reserved (at deploy for `minCapacity`, when auto scaling goes up to `maxCapacity`).
 */
function concurrencyProblems(model: AppModel): string[] {
  return model.services.flatMap((service, index) => service.functions.flatMap((fn) => {
    const provisioned = fn.provisionedConcurrency;
    if (fn.reservedConcurrency === undefined || !provisioned || fn.reservedConcurrency >= provisioned.maxCapacity) {
      return [];
    }
    const { where } = functionSource(fn, service, `services[${index}]`);
    const option = where.replace(/\.name$/, '.reservedConcurrency');
    return [`\`${option}\` ('${service.name}/${fn.name}') is ${fn.reservedConcurrency}, below the provisioned concurrency of its \`live\` alias (${provisioned.minCapacity} to ${provisioned.maxCapacity}, preset ${fn.preset}): Lambda refuses provisioned concurrency above the reserved. Reserve ${provisioned.maxCapacity} or more, or lower \`provisionedConcurrency.maxCapacity\`.`];
  }));
}

/** Each stack over the limit, counted from the model (`resource-count.ts`), with its service's option path. */
function stackSizeProblems(model: AppModel): string[] {
  return checkStackSizes(model.stacks.map((stack) => {
    const index = model.services.findIndex((service) => service.name === stack.service);
    return {
      service: stack.service,
      option: index < 0 ? undefined : `services[${index}]`,
      resources: stack.resources,
      routedFunctions: index < 0 ? 0 : model.services[index].functions.filter((fn) => fn.route).length,
    };
  }), model.serviceStacks, model.alarms?.enabled);
}
