import { ProvisionedConcurrencySettings } from '../../presets';
import { FunctionModel, KeyModel, ServiceModel } from '../model';
import { KeyType } from '../options';
import { CONSTRUCTS_MODULE, indent, lines, str } from './typescript';

/** `src/generated/<service>-service.generated.ts`: the service's construct. */
export function renderService(service: ServiceModel, app: { hasApi: boolean; hasEventBus: boolean }): string {
  const usesDuration = service.functions.some((fn) => fn.overridesPreset);
  const imports = ['FunctionDefaults', 'FunctionPreset', 'Microservice', app.hasApi && 'ServerlessRestApi', 'ServiceFunction', 'TableAccess']
    .filter((name): name is string => typeof name === 'string');
  return lines(
    "import * as path from 'node:path';",
    usesDuration && "import { Duration } from 'aws-cdk-lib';",
    service.partitionKey && "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    app.hasEventBus && "import * as events from 'aws-cdk-lib/aws-events';",
    "import { Construct } from 'constructs';",
    `import { ${imports.join(', ')} } from ${str(CONSTRUCTS_MODULE)};`,
    '',
    "/** Where the `bundle` task writes each function's code. */",
    "const ASSETS = path.join(__dirname, '..', '..', 'assets');",
    '',
    `/** What the \`${service.name}\` service uses from the rest of the app. */`,
    `export interface ${service.className}Props {`,
    app.hasApi && '  readonly api: ServerlessRestApi;',
    app.hasEventBus && '  readonly eventBus: events.IEventBus;',
    '  readonly functionDefaults: FunctionDefaults;',
    '}',
    '',
    `/** The \`${service.name}\` service: ${describeService(service)}. */`,
    `export class ${service.className} extends Microservice {`,
    ...service.functions.flatMap((fn) => [
      `  /** ${describeFunction(fn)} */`,
      `  public readonly ${fn.propertyName}: ServiceFunction;`,
    ]),
    '',
    `  constructor(scope: Construct, id: string, props: ${service.className}Props) {`,
    '    super(scope, id, {',
    `      serviceName: ${str(service.name)},`,
    service.partitionKey && `      table: ${renderTable(service.partitionKey, service.sortKey)},`,
    app.hasApi && '      api: props.api,',
    app.hasEventBus && '      eventBus: props.eventBus,',
    '      functionDefaults: props.functionDefaults,',
    '    });',
    ...service.functions.map((fn) => '\n' + indent(2, renderAddFunction(fn))),
    '  }',
    '}',
    '',
  );
}

function renderAddFunction(fn: FunctionModel): string {
  return lines(
    `this.${fn.propertyName} = this.addFunction(${str(fn.constructId)}, {`,
    `  assetPath: path.join(ASSETS, ${str(fn.bundleName)}),`,
    `  preset: FunctionPreset.${fn.preset},`,
    fn.overridesPreset && `  memorySize: ${fn.memorySize},`,
    fn.overridesPreset && `  timeout: Duration.seconds(${fn.timeoutSeconds}),`,
    fn.overridesProvisioned && fn.provisionedConcurrency && `  provisionedConcurrency: ${renderProvisioned(fn.provisionedConcurrency)},`,
    fn.reservedConcurrency !== undefined && `  reservedConcurrentExecutions: ${fn.reservedConcurrency},`,
    `  tableAccess: TableAccess.${fn.tableAccess},`,
    fn.route && `  route: { method: ${str(fn.route.method)}, path: ${str(fn.route.path)} },`,
    fn.publishes.length > 0 && `  publishes: [${fn.publishes.map(str).join(', ')}],`,
    '});',
  );
}

function renderProvisioned(settings: ProvisionedConcurrencySettings): string {
  return `{ minCapacity: ${settings.minCapacity}, maxCapacity: ${settings.maxCapacity}, utilizationTarget: ${settings.utilizationTarget} }`;
}

function renderTable(partitionKey: KeyModel, sortKey: KeyModel | undefined): string {
  const key = (k: KeyModel) => `{ name: ${str(k.name)}, type: dynamodb.AttributeType.${KEY_TYPES[k.type]} }`;
  return sortKey
    ? `{ partitionKey: ${key(partitionKey)}, sortKey: ${key(sortKey)} }`
    : `{ partitionKey: ${key(partitionKey)} }`;
}

const KEY_TYPES: Record<KeyType, string> = {
  [KeyType.STRING]: 'STRING',
  [KeyType.NUMBER]: 'NUMBER',
  [KeyType.BINARY]: 'BINARY',
};

function describeService(service: ServiceModel): string {
  const count = service.functions.length;
  const parts = [`${count} function${count === 1 ? '' : 's'}`];
  if (service.partitionKey) {
    parts.unshift(`its table keyed by \`${service.partitionKey.name}\``);
  }
  if (service.events.length > 0) {
    parts.push(`publishes ${service.events.join(', ')}`);
  }
  return parts.join(', ');
}

/** One line on what triggers the function. */
export function describeFunction(fn: FunctionModel): string {
  return fn.route ? `${fn.route.method} ${fn.route.path}` : 'invoked directly (no route)';
}
