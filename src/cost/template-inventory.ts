/**
 * A synthesized template read as an inventory: its functions with their memory, architecture,
 * tracing, provisioned concurrency and the table access and event publishing their roles allow;
 * its REST API stages; what is billed by time. The ways in are read by `template-entries.ts`.
 */
import { AssemblyTemplate } from './assembly';
import { InventoryFixed, InventoryFunction, InventoryRestApi, StackInventory } from './inventory';
import { LambdaArchitecture } from './prices/types';
import { entriesOf } from './template-entries';
import { refOf, refsIn } from './template-refs';
import { TemplateView } from './template-view';

/** DynamoDB actions that read items. */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan'];
/** DynamoDB actions that write items. */
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The inventory of one template. */
export function inventoryOf(template: AssemblyTemplate, names: { [key: string]: string } = {}): StackInventory {
  const view = new TemplateView(template, names);
  const functions = functionsOf(view);
  const services = serviceOwners(functions);
  const serviceOf = (key: string) => [...services.entries()].find(([parent]) => key.startsWith(`${parent}/`))?.[1];
  return {
    name: template.stackName,
    region: template.region,
    functions,
    restApis: restApisOf(view),
    entries: entriesOf(view, functions, serviceOf),
    fixed: fixedOf(view, serviceOf),
  };
}

function functionsOf(view: TemplateView): InventoryFunction[] {
  const policies = view.ofType('AWS::IAM::Policy');
  const tables = new Set(view.ofType('AWS::DynamoDB::Table').map(([id]) => id));
  return view.ofType('AWS::Lambda::Function').map(([id, resource]) => {
    const props = resource.Properties ?? {};
    const role = refOf(props.Role);
    // the role's own policies (an InlinePolicyRole's grants) and the policies attached to it
    const inline = ((view.resource(role)?.Properties?.Policies ?? []) as Array<{ PolicyDocument?: { Statement?: unknown[] } }>)
      .map((policy) => policy.PolicyDocument);
    const attached = policies
      .filter(([, policy]) => role !== undefined && refsIn(policy.Properties?.Roles).includes(role))
      .map(([, policy]) => policy.Properties?.PolicyDocument);
    const statements = [...inline, ...attached]
      .flatMap((document) => (document?.Statement ?? []) as Array<{ Action: string | string[]; Resource: unknown }>);
    const allows = (actions: string[], resources: (ref: string) => boolean) => statements.some((statement) =>
      [statement.Action].flat().some((action) => actions.includes(action)) && refsIn(statement.Resource).some(resources));
    const isServiceTable = (ref: string) => tables.has(ref) && !view.keyOf(ref).includes('IdempotencyTable');
    const isIdempotencyTable = (ref: string) => tables.has(ref) && view.keyOf(ref).includes('IdempotencyTable');
    const provisioned = provisionedOf(view, id);
    const service = props.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    const key = view.keyOf(id);
    return {
      key,
      name: view.nameOf(key, typeof service === 'string' ? service : undefined),
      ...(typeof service === 'string' ? { service } : {}),
      memoryMb: typeof props.MemorySize === 'number' ? props.MemorySize : 128,
      architecture: (props.Architectures?.[0] ?? 'x86_64') as LambdaArchitecture,
      tracing: props.TracingConfig?.Mode === 'Active',
      ...provisioned,
      tableReads: allows(READ_ACTIONS, isServiceTable),
      tableWrites: allows(WRITE_ACTIONS, isServiceTable),
      idempotency: allows(WRITE_ACTIONS, isIdempotencyTable),
      publishesEvents: statements.some((statement) => [statement.Action].flat().includes('events:PutEvents')),
    };
  });
}

/** Provisioned concurrency of a function's aliases and versions, and whether target tracking scales it. */
function provisionedOf(view: TemplateView, functionId: string): Pick<InventoryFunction, 'provisionedConcurrency' | 'provisionedAutoScaling'> {
  let environments = 0;
  let autoScaling = false;
  for (const type of ['AWS::Lambda::Alias', 'AWS::Lambda::Version']) {
    for (const [id, resource] of view.ofType(type)) {
      if (view.functionOf(id) !== functionId) {
        continue;
      }
      let atLeast = Number(resource.Properties?.ProvisionedConcurrencyConfig?.ProvisionedConcurrentExecutions ?? 0);
      for (const [targetId, target] of view.ofType('AWS::ApplicationAutoScaling::ScalableTarget')) {
        if (target.Properties?.ServiceNamespace === 'lambda' && refsIn(target.Properties?.ResourceId).includes(id)) {
          atLeast = Math.max(atLeast, Number(target.Properties?.MinCapacity ?? 0));
          autoScaling ||= view.ofType('AWS::ApplicationAutoScaling::ScalingPolicy').some(([, policy]) =>
            policy.Properties?.PolicyType === 'TargetTrackingScaling' && refOf(policy.Properties?.ScalingTargetId) === targetId);
        }
      }
      environments += atLeast;
    }
  }
  return environments > 0 ? { provisionedConcurrency: environments, provisionedAutoScaling: autoScaling } : {};
}

function restApisOf(view: TemplateView): InventoryRestApi[] {
  const stages = view.ofType('AWS::ApiGateway::Stage');
  return view.ofType('AWS::ApiGateway::RestApi').map(([id]) => {
    const stage = stages.find(([, each]) => refOf(each.Properties?.RestApiId) === id)?.[1].Properties ?? {};
    const all = ((stage.MethodSettings ?? []) as Array<{ HttpMethod?: string; ResourcePath?: string; LoggingLevel?: string }>)
      .find((setting) => setting.HttpMethod === '*' && setting.ResourcePath === '/*');
    const level = all?.LoggingLevel;
    return {
      key: view.keyOf(id),
      tracing: stage.TracingEnabled === true,
      executionLogs: level === 'INFO' || level === 'ERROR' ? level : 'OFF',
      ...(stage.CacheClusterEnabled === true ? { cacheSizeGb: String(stage.CacheClusterSize ?? '0.5') } : {}),
    };
  });
}

function fixedOf(view: TemplateView, serviceOf: (key: string) => string | undefined): InventoryFixed[] {
  const item = (kind: InventoryFixed['kind'], id: string, quantity: number, extra: Partial<InventoryFixed> = {}): InventoryFixed => {
    const key = view.keyOf(id);
    const service = serviceOf(key);
    return { kind, key, ...(service ? { service } : {}), quantity, ...extra };
  };
  const streams = new Map(view.ofType('AWS::Kinesis::Stream').map(([id, resource]) => {
    const props = resource.Properties ?? {};
    const onDemand = props.StreamModeDetails?.StreamMode === 'ON_DEMAND';
    return [id, { onDemand, shards: Number(props.ShardCount ?? 1), retentionHours: Number(props.RetentionPeriodHours ?? 24) }];
  }));
  return [
    ...[...streams.entries()].map(([id, stream]) => stream.onDemand
      ? item('kinesis-on-demand', id, 1)
      : item('kinesis-shards', id, stream.shards, stream.retentionHours > 24 ? { retentionHours: stream.retentionHours } : {})),
    ...view.ofType('AWS::Kinesis::StreamConsumer').flatMap(([id, resource]) => {
      const stream = streams.get(refOf(resource.Properties?.StreamARN) ?? '');
      // an on-demand stream's fan-out is billed per GB read, not by the hour
      return stream && !stream.onDemand ? [item('kinesis-fan-out', id, stream.shards)] : [];
    }),
    ...view.ofType('AWS::KMS::Key').map(([id]) => item('kms-key', id, 1)),
    ...view.ofType('AWS::CloudWatch::Alarm').map(([id]) => item('alarm', id, 1)),
    ...view.ofType('AWS::CloudWatch::Dashboard').map(([id]) => item('dashboard', id, 1)),
  ];
}

/** The construct above each function that has a service (`ItemsService` → `items`), longest first. */
function serviceOwners(functions: InventoryFunction[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const fn of functions) {
    const parent = fn.key.split('/').slice(0, -1).join('/');
    if (parent && fn.service) {
      owners.set(parent, fn.service);
    }
  }
  return new Map([...owners.entries()].sort(([a], [b]) => b.length - a.length));
}
