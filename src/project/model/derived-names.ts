/**
 * Every name the app derives from its options, with the option it comes from, checked in one pass
 * before any file is written: the stack's name, the construct ids of the stack and of each service
 * (with the ids the constructs give what they create beside a function: `ListLogs`, `ListRole`...),
 * the properties of the generated classes, and the files `npx projen` writes. The names are the
 * model's (`constructId`, `propertyName`, `className`); the rules are in `validation/derived-names.ts`.
 */
import { AppModel, FunctionModel, ServiceModel } from './types';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { ServerlessAppOptions } from '../options';
import { clashProblems, filePathProblems, NameSource, ScopedName, stackNameProblems } from '../validation';

/**
 * What CloudFormation, CDK or TypeScript would refuse of the names the model derives: the stack's
 * name, construct ids and class properties that clash. (Two routes whose inline schemas would be
 * written to one file are a function `<queue>-queue` beside the queue: their construct ids clash.)
 */
export function derivedNameProblems(model: AppModel, options: ServerlessAppOptions): string[] {
  return [
    ...stackNameProblems(model.stackName, { where: 'name', value: options.name }),
    ...clashProblems(scopedNames(model)),
  ];
}

/**
 * What the file system would refuse of the files `npx projen` writes: `files` are their paths,
 * relative to `outdir`. Each problem names the option whose value made the name too long.
 */
export function writtenFileProblems(model: AppModel, options: ServerlessAppOptions, files: string[], outdir: string): string[] {
  const sources = nameSources(model, options);
  return filePathProblems(files, outdir, (fileName) => sources
    .filter((source) => fileName.includes(source.value))
    .sort((a, b) => b.value.length - a.value.length)[0]);
}

/** The options whose values names are made of: the project's, and each service's, function's, workflow's, step's and data resource's name. */
function nameSources(model: AppModel, options: ServerlessAppOptions): NameSource[] {
  return [
    { where: 'name', value: options.name },
    ...model.services.flatMap((service, index) => {
      const at = `services[${index}]`;
      return [
        { where: `${at}.name`, value: service.name },
        ...ownFunctions(service).map((fn, fnIndex) => ({ where: `${at}.functions[${fnIndex}].name`, value: fn.name })),
        ...service.workflows.flatMap((workflow, wfIndex) => [
          { where: `${at}.workflows[${wfIndex}].name`, value: workflow.name },
          ...workflow.tasks.map((fn) => ({ where: `${at}.workflows[${wfIndex}].steps`, value: fn.workflowStep!.step })),
        ]),
        ...service.queues.map((queue, qIndex) => ({ where: `${at}.queues[${qIndex}].name`, value: queue.name })),
      ];
    }),
  ];
}

/** The functions of the service's own `functions`, in their order (the model adds its workflows' task functions after them). */
function ownFunctions(service: ServiceModel): FunctionModel[] {
  return service.functions.filter((fn) => !fn.workflowStep);
}

/** The option a function's names come from: its `name`, or its workflow step's. */
export function functionSource(fn: FunctionModel, service: ServiceModel, at: string): NameSource {
  if (fn.workflowStep) {
    const index = service.workflows.findIndex((workflow) => workflow.name === fn.workflowStep!.workflow);
    return { where: `${at}.workflows[${index}].steps`, value: fn.workflowStep.step };
  }
  return { where: `${at}.functions[${ownFunctions(service).indexOf(fn)}].name`, value: fn.name };
}

/** The construct ids of the stack and of each service, and the properties of the generated classes. */
export function scopedNames(model: AppModel): ScopedName[] {
  const stack = `stack '${model.stackName}'`;
  const stackClass = `class ${model.stackClassName}`;
  const id = (scope: string, name: string, what: string, source?: NameSource): ScopedName => ({ name, kind: 'construct id', scope, what, source });
  const property = (scope: string, name: string, what: string, source?: NameSource): ScopedName => ({ name, kind: 'property', scope, what, source });
  const names: ScopedName[] = [
    ...(model.authorizer ? [id(stack, 'Authorizer', 'the authorizer'), property(stackClass, 'authorizerFunction', 'the authorizer')] : []),
    ...(model.graphql ? [id(stack, 'GraphqlApi', 'the GraphQL API'), id(stack, 'GraphqlUrl', 'the GraphQL API\'s URL output'), property(stackClass, 'graphqlApi', 'the GraphQL API')] : []),
    ...(model.graphql?.authorization === GraphqlAuthorization.API_KEY ? [id(stack, 'GraphqlApiKey', 'the GraphQL API key\'s output')] : []),
    ...(model.hasEventBus ? [id(stack, 'EventBus', 'the event bus'), property(stackClass, 'eventBus', 'the event bus')] : []),
    ...(model.controlTower ? [id(stack, 'Compliance', 'the Control Tower settings (`compliance.controlTower`)')] : []),
    ...(model.alarms ? [id(stack, 'Alarms', 'the alarms (`alarms`)'), property(stackClass, 'operationalAlarms', 'the alarms')] : []),
    ...(model.alarms?.topicArn !== undefined ? [id(stack, 'AlarmTopic', 'the alarm topic brought in (`alarms.topicArn`)')] : []),
  ];
  for (const instance of model.api.instances) {
    const owner = instance.constructId === 'Api' ? undefined : model.services.findIndex((service) => instance.services.includes(service.name));
    const source = owner === undefined ? undefined : { where: `services[${owner}].name`, value: model.services[owner].name };
    const what = owner === undefined ? 'the shared REST API' : `the own REST API of service '${model.services[owner].name}'`;
    names.push(id(stack, instance.constructId, what, source), id(stack, `${instance.constructId}Url`, `the URL output of ${what}`, source));
    names.push(property(stackClass, instance.propertyName, what, source));
  }
  model.services.forEach((service, index) => {
    const at = `services[${index}]`;
    const source = { where: `${at}.name`, value: service.name };
    names.push(id(stack, service.className, `service '${service.name}'`, source), property(stackClass, service.propertyName, `service '${service.name}'`, source));
    if (model.serviceStacks) {
      names.push(id(stack, service.stackId, `the nested stack of service '${service.name}'`, source));
    }
    names.push(...serviceNames(service, at));
  });
  return names;
}

/**
 * The construct ids `Microservice.addFunction` and `ServiceFunction` give what they create beside a
 * function, in its service's scope: its log group, its role, the dead-letter queue it may get, the
 * rule of each subscription. (A test holds this list to what the constructs create.)
 */
export function besideFunction(fn: Pick<FunctionModel, 'constructId' | 'name' | 'subscriptions'>): Array<{ readonly id: string; readonly what: string }> {
  const of = `function '${fn.name}'`;
  return [
    { id: `${fn.constructId}Logs`, what: `the log group of ${of}` },
    { id: `${fn.constructId}Role`, what: `the role of ${of}` },
    { id: `${fn.constructId}DeadLetterQueue`, what: `the dead-letter queue of ${of}` },
    ...fn.subscriptions.map((_subscription, index) => ({ id: `${fn.constructId}Subscription${index + 1}`, what: `the rule of subscriptions[${index}] of ${of}` })),
  ];
}

/** The construct ids in a service's scope, and the properties of its generated class. */
function serviceNames(service: ServiceModel, at: string): ScopedName[] {
  const scope = `service '${service.name}'`;
  const serviceClass = `the class of service '${service.name}' (${service.className})`;
  const names: ScopedName[] = [];
  const add = (constructId: string, propertyName: string | undefined, what: string, source?: NameSource) => {
    names.push({ name: constructId, kind: 'construct id', scope, what, source });
    if (propertyName) {
      names.push({ name: propertyName, kind: 'property', scope: serviceClass, what, source });
    }
  };
  if (service.partitionKey) {
    add('Table', undefined, 'the service\'s table');
  }
  if (service.hasIdempotencyTable) {
    add('IdempotencyTable', undefined, 'the idempotency table');
  }
  if (service.dataLake) {
    add('DataLake', 'dataLake', 'the data lake');
  }
  for (const fn of service.functions) {
    const source = functionSource(fn, service, at);
    add(fn.constructId, fn.propertyName, `function '${fn.name}'`, source);
    for (const { id, what } of besideFunction(fn)) {
      add(id, undefined, what, source);
    }
    if (fn.streamEvents) {
      add(`${fn.constructId}Consumer`, fn.propertyName.replace(/Function$/, 'Consumer'), `the stream consumer of function '${fn.name}'`, source);
    }
  }
  service.workflows.forEach((workflow, index) => add(workflow.constructId, workflow.propertyName, `workflow '${workflow.name}'`, { where: `${at}.workflows[${index}].name`, value: workflow.name }));
  const resources = [['buckets', service.buckets, 'bucket'], ['streams', service.streams, 'stream'], ['queues', service.queues, 'queue']] as const;
  for (const [list, items, kind] of resources) {
    items.forEach((item, index) => add(item.constructId, item.propertyName, `${kind} '${item.name}'`, { where: `${at}.${list}[${index}].name`, value: item.name }));
  }
  return names;
}
