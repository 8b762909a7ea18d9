/**
 * `src/generated/cost.json`: what the build's cost estimate reads besides the templates, from
 * the options and the model: the budget, the region for stacks without one, the assumptions and
 * the traffic, the names of functions and workflows, and what made each resource billed by time.
 */
import { ALARMS_KEY, AUTHORIZER_KEY, functionKey, restApiKey } from './model-inventory';
import { CostConfig, CostSource, DEFAULT_ASSUMPTIONS } from '../../../cost';
import { FunctionPreset } from '../../../presets';
import { AppModel, FunctionModel, ServiceModel } from '../../model';
import { ServerlessAppOptions } from '../../options';

/** The config of the app's cost estimate. */
export function renderCostConfig(options: ServerlessAppOptions, app: AppModel): CostConfig {
  const estimate = options.costEstimate;
  return {
    ...(options.costBudget?.idleMonthlyUsd !== undefined ? { idleBudgetUsd: options.costBudget.idleMonthlyUsd } : {}),
    ...(estimate?.region ? { region: estimate.region } : {}),
    assumptions: {
      durationMs: estimate?.durationMs ?? DEFAULT_ASSUMPTIONS.durationMs,
      logKiB: estimate?.logKiB ?? DEFAULT_ASSUMPTIONS.logKiB,
      payloadKiB: estimate?.payloadKiB ?? DEFAULT_ASSUMPTIONS.payloadKiB,
    },
    traffic: { ...estimate?.traffic },
    names: sorted({
      ...(app.authorizer ? { [AUTHORIZER_KEY]: 'authorizer' } : {}),
      ...Object.fromEntries(app.hasApi ? app.api.instances.map((instance) => [restApiKey(app, instance), `${instance.restApiName} (REST API)`]) : []),
      ...Object.fromEntries(app.services.flatMap((service) => [
        ...service.functions.map((fn) => [functionKey(service, fn), `${service.name}/${fn.name}`]),
        ...service.functions.filter((fn) => fn.streamEvents?.enhancedFanOut).map((fn) =>
          [`${service.constructPath}/${fn.constructId}Consumer/Consumer`, `${service.name}/${fn.name} (fan-out consumer)`]),
        ...service.workflows.map((workflow) => [`${service.constructPath}/${workflow.constructId}`, `${service.name}/${workflow.name}`]),
        ...service.streams.map((stream) => [`${service.constructPath}/${stream.constructId}`, `${service.name}/${stream.name} (stream)`]),
      ])),
      ...(app.alarms ? { [ALARMS_KEY]: 'alarms', [`${ALARMS_KEY}/Dashboard`]: 'dashboard', [`${ALARMS_KEY}/TopicKey`]: 'alarm topic key' } : {}),
    }),
    sources: sorted(sourcesOf(options, app)),
  };
}

/** What made each resource billed by time, in the options' words, keyed by construct path and what is billed. */
function sourcesOf(options: ServerlessAppOptions, app: AppModel): { [key: string]: CostSource } {
  const sources: { [key: string]: CostSource } = {};
  app.services.forEach((service) => {
    const index = options.services?.findIndex((each) => each.name === service.name) ?? -1;
    const where = index >= 0 ? `services[${index}]` : undefined;
    for (const fn of service.functions) {
      if (fn.provisionedConcurrency) {
        const source = provisionedSource(options, service, fn, where);
        sources[`${functionKey(service, fn)}#provisioned concurrency`] = source;
        sources[`${functionKey(service, fn)}#target tracking alarms`] = source;
      }
      if (fn.streamEvents?.enhancedFanOut) {
        const path = `${optionPath(options, service, fn, where)}.streamEvents.enhancedFanOut`;
        sources[`${service.constructPath}/${fn.constructId}Consumer/Consumer#fan-out consumer`] = {
          cause: `\`${path}\``,
          lower: `leave out \`${path}\`: a shared reader costs nothing by the hour`,
        };
      }
      if (fn.queueEvents) {
        sources[`${functionKey(service, fn)}#empty receives`] = {
          cause: `\`${optionPath(options, service, fn, where)}.queueEvents\`: Lambda polls the queue, messages or not`,
          lower: 'nothing short of removing the consumer; the account\'s free tier (1M SQS requests a month) usually covers it',
        };
      }
    }
    service.streams.forEach((stream, streamIndex) => {
      const path = `${where ?? `services (${service.name})`}.streams[${streamIndex}]`;
      const key = `${service.constructPath}/${stream.constructId}`;
      sources[`${key}#shards`] = {
        cause: `\`${path}\`: mode PROVISIONED, ${stream.shardCount} shard${stream.shardCount === 1 ? '' : 's'}`,
        lower: `fewer shards (\`${path}.shardCount\`), or \`mode: ON_DEMAND\` when the stream is idle most of the time`,
      };
      sources[`${key}#retention`] = { cause: `\`${path}.retentionHours\`: ${stream.retentionHours}`, lower: `\`${path}.retentionHours\`: 24` };
      sources[`${key}#stream hours`] = {
        cause: `\`${path}\`: mode ON_DEMAND, billed per stream-hour`,
        lower: `\`mode: PROVISIONED\` with one shard costs less while traffic is low (\`${path}.mode\`)`,
      };
    });
  });
  if (app.api.cache) {
    for (const instance of app.api.instances) {
      sources[`${restApiKey(app, instance)}#cache cluster`] = {
        cause: `\`api.cache\`: a ${app.api.cache.clusterSizeGb} GB cache cluster on the stage of ${instance.restApiName}`,
        lower: 'remove `api.cache`, or a smaller `api.cache.clusterSizeGb`',
        group: 'REST APIs with `api.cache`',
        groupOne: 'REST API with `api.cache`',
        groupLower: 'remove `api.cache` or lower `api.cache.clusterSizeGb`',
      };
    }
  }
  if (app.alarms) {
    const off = 'alarms.enabled: false, or the `alarms` prop false for the stacks nobody watches (a dev stage)';
    sources[`${ALARMS_KEY}#alarm`] = { cause: '`alarms`: 3 a function, 1 a queue, 2 a REST API, 1 a workflow', lower: off };
    sources[`${ALARMS_KEY}/Dashboard#dashboard`] = { cause: '`alarms`: the dashboard (the account\'s first 3 are free)', lower: off };
    sources[`${ALARMS_KEY}/TopicKey#KMS key`] = {
      cause: '`alarms`: the key of the alarm topic (CloudWatch cannot use the AWS managed key of SNS)',
      lower: '`alarms.topicArn`: a topic you already have',
    };
  }
  if (app.authorizer?.provisionedConcurrency) {
    const source: CostSource = {
      cause: `\`api.authorizer.preset\` ${app.authorizer.preset}`,
      lower: 'set `api.authorizer.preset` to one without provisioned concurrency',
    };
    sources[`${AUTHORIZER_KEY}#provisioned concurrency`] = source;
    sources[`${AUTHORIZER_KEY}#target tracking alarms`] = source;
  }
  return sources;
}

/** Provisioned concurrency of a function: its preset's, unless `provisionedConcurrency` changed it. */
function provisionedSource(options: ServerlessAppOptions, service: ServiceModel, fn: FunctionModel, where: string | undefined): CostSource {
  const name = `${service.name}/${fn.name}`;
  const path = optionPath(options, service, fn, where);
  if (fn.overridesProvisioned) {
    const set = [
      ...(options.services?.find((each) => each.name === service.name)?.provisionedConcurrency ? [`${where}.provisionedConcurrency`] : []),
      ...(path.includes('.functions[') && functionOptions(options, service, fn)?.provisionedConcurrency ? [`${path}.provisionedConcurrency`] : []),
    ];
    return {
      cause: `\`provisionedConcurrency\` (${set.map((each) => `\`${each}\``).join(', ') || 'the options'}) on preset ${fn.preset}`,
      lower: `lower \`provisionedConcurrency.minCapacity\` of ${name}, or remove its \`provisionedConcurrency\``,
      group: 'functions with `provisionedConcurrency`',
      groupOne: 'function with `provisionedConcurrency`',
      groupLower: 'lower `provisionedConcurrency.minCapacity` or remove `provisionedConcurrency`',
    };
  }
  return {
    cause: `preset ${fn.preset} (${presetOrigin(options, service, fn, where)})`,
    lower: `set \`preset\` or \`provisionedConcurrency.minCapacity\` of ${name}`,
    group: `functions on ${fn.preset}`,
    groupOne: `function on ${fn.preset}`,
    groupLower: 'set `preset` or `provisionedConcurrency.minCapacity`',
  };
}

/** Where a function's preset is set: the function, its service, or the app's `defaultPreset`. */
function presetOrigin(options: ServerlessAppOptions, service: ServiceModel, fn: FunctionModel, where: string | undefined): string {
  const own = functionOptions(options, service, fn);
  if (own?.preset) {
    return `\`${optionPath(options, service, fn, where)}.preset\``;
  }
  if (options.services?.find((each) => each.name === service.name)?.preset) {
    return `\`${where}.preset\``;
  }
  if (options.defaultPreset) {
    return '`defaultPreset`';
  }
  return 'the default preset';
}

function functionOptions(
  options: ServerlessAppOptions, service: ServiceModel, fn: FunctionModel,
): { preset?: FunctionPreset; provisionedConcurrency?: object } | undefined {
  const serviceOptions = options.services?.find((each) => each.name === service.name);
  if (fn.workflowStep) {
    return serviceOptions?.workflows?.find((workflow) => workflow.name === fn.workflowStep!.workflow)?.tasks
      ?.find((task) => task.step === fn.workflowStep!.step);
  }
  return serviceOptions?.functions?.find((each) => each.name === fn.name);
}

/** `services[0].functions[2]`, or a workflow step's `services[0].workflows[1].tasks[0]` (its workflow's when it has no `tasks` entry). */
function optionPath(options: ServerlessAppOptions, service: ServiceModel, fn: FunctionModel, where: string | undefined): string {
  const serviceOptions = options.services?.find((each) => each.name === service.name);
  if (where === undefined || serviceOptions === undefined) {
    return `${service.name}/${fn.name}`;
  }
  if (fn.workflowStep) {
    const workflowIndex = serviceOptions.workflows?.findIndex((workflow) => workflow.name === fn.workflowStep!.workflow) ?? -1;
    const taskIndex = serviceOptions.workflows?.[workflowIndex]?.tasks?.findIndex((task) => task.step === fn.workflowStep!.step) ?? -1;
    return taskIndex >= 0 ? `${where}.workflows[${workflowIndex}].tasks[${taskIndex}]` : `${where}.workflows[${workflowIndex}]`;
  }
  return `${where}.functions[${serviceOptions.functions?.findIndex((each) => each.name === fn.name) ?? -1}]`;
}

function sorted<T>(object: { [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
