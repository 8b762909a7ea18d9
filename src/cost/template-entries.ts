/**
 * The ways into a synthesized template, each priced per million by the estimate: REST API
 * methods (to a function, or straight into a queue), GraphQL resolvers, event rules, event source
 * mappings (queues and streams), S3 object notifications and state machines.
 */
import { InventoryEntry, InventoryFunction, StreamSource } from './inventory';
import { parseDefinition, placeholdersIn, refOf, refsIn } from './template-refs';
import { TemplateView } from './template-view';
import { StatesDefinition, statesPerRun, transitionsPerRun } from './transitions';

/** Lambda's default batch size of an event source mapping, by source. */
const DEFAULT_BATCH_SIZE = { sqs: 10, stream: 100 };

/** Every way into the template, one per route, resolver, subscriber, consumer and workflow. */
export function entriesOf(view: TemplateView, functions: InventoryFunction[], serviceOf: (key: string) => string | undefined): InventoryEntry[] {
  const fnKey = (logicalId: string | undefined) => {
    const fn = view.functionOf(logicalId);
    return fn === undefined ? undefined : view.keyOf(fn);
  };
  const serviceOfFn = (key: string) => functions.find((fn) => fn.key === key)?.service;
  const byFunction = (kind: InventoryEntry['kind'], key: string, extra: Partial<InventoryEntry> = {}): InventoryEntry => {
    const service = serviceOfFn(key);
    return { kind, name: view.nameOf(key, service), ...(service ? { service } : {}), fn: key, ...extra };
  };
  const entries: InventoryEntry[] = [
    ...routesOf(view, fnKey, serviceOfFn, serviceOf),
    ...view.ofType('AWS::AppSync::Resolver').flatMap(([, resolver]) => {
      const props = resolver.Properties ?? {};
      const source = view.ofType('AWS::AppSync::DataSource').find(([, each]) => each.Properties?.Name === props.DataSourceName)?.[1];
      const key = fnKey(refOf(source?.Properties?.LambdaConfig?.LambdaFunctionArn));
      if (key === undefined) {
        return [];
      }
      const service = serviceOfFn(key);
      return [{ kind: 'resolver' as const, name: `${props.TypeName}.${props.FieldName}`, ...(service ? { service } : {}), fn: key }];
    }),
    ...view.ofType('AWS::Events::Rule').flatMap(([, rule]) =>
      ((rule.Properties?.Targets ?? []) as Array<{ Arn: unknown }>).flatMap((target) => {
        const key = fnKey(refOf(target.Arn));
        return key === undefined ? [] : [byFunction('events', key)];
      })),
    ...view.ofType('AWS::Lambda::EventSourceMapping').flatMap(([, mapping]) => {
      const props = mapping.Properties ?? {};
      const key = fnKey(refOf(props.FunctionName));
      const source = sourceOf(view, refOf(props.EventSourceArn));
      if (key === undefined || source === undefined) {
        return [];
      }
      const batchSize = Number(props.BatchSize ?? (source.kind === 'queue' ? DEFAULT_BATCH_SIZE.sqs : DEFAULT_BATCH_SIZE.stream));
      return [byFunction(source.kind, key, {
        batchSize,
        ...(source.stream ? { streamSource: source.stream } : {}),
        ...(source.fanOut ? { fanOut: true } : {}),
        ...(source.kinesis ? { stream: view.keyOf(source.kinesis) } : {}),
      })];
    }),
    ...view.ofType('Custom::S3BucketNotifications').flatMap(([, notifications]) =>
      notificationsOf(notifications.Properties).flatMap((configuration) => {
        const key = fnKey(refOf(configuration.LambdaFunctionArn));
        const removals = (configuration.Events ?? []).every((event) => event.startsWith('s3:ObjectRemoved'));
        return key === undefined ? [] : [byFunction('objects', key, removals ? { removalsOnly: true } : {})];
      })),
    ...view.ofType('AWS::StepFunctions::StateMachine').flatMap(([id, machine]) => {
      const definition = parseDefinition(machine.Properties?.DefinitionString);
      if (definition === undefined) {
        return [];
      }
      const key = view.keyOf(id).replace(/\/StateMachine$/, '');
      const service = serviceOf(key);
      return [{
        kind: 'workflow' as const,
        name: `${view.nameOf(key, service).replace(/-workflow$/, '')} (workflow)`,
        ...(service ? { service } : {}),
        workflow: {
          type: machine.Properties?.StateMachineType === 'EXPRESS' ? 'EXPRESS' as const : 'STANDARD' as const,
          transitions: transitionsPerRun(definition),
          tasks: tasksPerRun(definition).flatMap((ref) => fnKey(ref) ?? []),
        },
      }];
    }),
  ];
  // one entry per function and kind: a function with two subscriptions is invoked by both, counted once
  return entries.filter((entry, index) => entries.findIndex((other) => other.kind === entry.kind && other.name === entry.name) === index);
}

function routesOf(
  view: TemplateView, fnKey: (id: string | undefined) => string | undefined,
  serviceOfFn: (key: string) => string | undefined, serviceOf: (key: string) => string | undefined,
): InventoryEntry[] {
  return view.ofType('AWS::ApiGateway::Method').flatMap(([, method]): InventoryEntry[] => {
    const props = method.Properties ?? {};
    const integration = props.Integration ?? {};
    if (props.HttpMethod === 'OPTIONS' || integration.Type === 'MOCK') {
      return [];
    }
    const route = `${props.HttpMethod} ${pathOf(view, refOf(props.ResourceId))}`;
    const api = view.keyOf(refOf(props.RestApiId) ?? '');
    if (integration.Type === 'AWS_PROXY') {
      const key = refsIn(integration.Uri).map(fnKey).find((each) => each !== undefined);
      if (key === undefined) {
        return [];
      }
      const service = serviceOfFn(key);
      return [{ kind: 'route' as const, name: route, ...(service ? { service } : {}), fn: key, api, method: props.HttpMethod }];
    }
    if (integration.Type === 'AWS' && /:sqs:path\//.test(JSON.stringify(integration.Uri))) {
      const queue = refsIn(integration.Uri).find((ref) => view.resource(ref)?.Type === 'AWS::SQS::Queue');
      const service = queue === undefined ? undefined : serviceOf(view.keyOf(queue));
      return [{ kind: 'queue-route' as const, name: route, ...(service ? { service } : {}), api, method: props.HttpMethod }];
    }
    return [];
  });
}

/** `/items/{id}`: the path of a REST API resource, from its parents, whichever stack created each. */
function pathOf(view: TemplateView, resourceId: string | undefined): string {
  const parts: string[] = [];
  let at = view.locate(resourceId);
  let resource = at?.view.template.resources[at.logicalId];
  while (at && resource?.Type === 'AWS::ApiGateway::Resource') {
    parts.unshift(resource.Properties?.PathPart);
    at = at.view.locate(refOf(resource.Properties?.ParentId));
    resource = at?.view.template.resources[at.logicalId];
  }
  return `/${parts.join('/')}`;
}

/** What an event source mapping reads: a queue, a Kinesis stream (through a fan-out consumer or not, `kinesis` its logical ID), a table's stream. */
function sourceOf(view: TemplateView, logicalId: string | undefined): { kind: 'queue' | 'stream'; stream?: StreamSource; fanOut?: boolean; kinesis?: string } | undefined {
  const resource = view.resource(logicalId);
  switch (resource?.Type) {
    case 'AWS::SQS::Queue':
      return { kind: 'queue' };
    case 'AWS::DynamoDB::Table':
      return { kind: 'stream', stream: 'dynamodb' };
    case 'AWS::Kinesis::Stream':
      return { kind: 'stream', stream: kinesisMode(resource.Properties), kinesis: logicalId };
    case 'AWS::Kinesis::StreamConsumer': {
      const stream = refOf(resource.Properties?.StreamARN);
      return { kind: 'stream', stream: kinesisMode(view.resource(stream)?.Properties), fanOut: true, kinesis: stream };
    }
    default:
      return undefined;
  }
}

function kinesisMode(props: { [key: string]: any } | undefined): StreamSource {
  return props?.StreamModeDetails?.StreamMode === 'ON_DEMAND' ? 'kinesis-on-demand' : 'kinesis';
}

/** The references of the Task states one run enters, in order (a function ARN as `Resource`, or `Parameters.FunctionName`). */
function tasksPerRun(definition: StatesDefinition): string[] {
  const states = new Map<string, any>();
  const collect = (each: StatesDefinition) => {
    for (const [name, state] of Object.entries(each.States ?? {}) as Array<[string, any]>) {
      states.set(name, state);
      [...(state.Branches ?? []), state.ItemProcessor ?? state.Iterator].filter(Boolean).forEach(collect);
    }
  };
  collect(definition);
  return statesPerRun(definition).flatMap((name) => {
    const state = states.get(name);
    return state?.Type === 'Task' ? placeholdersIn(JSON.stringify([state.Resource, state.Parameters?.FunctionName])).slice(0, 1) : [];
  });
}

/** The Lambda notifications of a bucket's `Custom::S3BucketNotifications`. */
function notificationsOf(props: { [key: string]: any } | undefined): Array<{ LambdaFunctionArn: unknown; Events?: string[] }> {
  return props?.NotificationConfiguration?.LambdaFunctionConfigurations ?? [];
}
