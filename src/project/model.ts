import { TableAccess } from '../constructs/microservice';
import { FunctionPreset, FunctionPresets, ProvisionedConcurrencySettings } from '../presets';
import { camelCase, kebabCase, pascalCase } from './names';
import { FunctionArchitecture, HttpMethod, KeyType, NodeRuntime, ServerlessAppOptions, ServiceOptions } from './options';
import { validateOptions } from './validation';

/** Which starter a function's handler begins from. */
export enum StarterKind {
  LIST = 'list',
  CREATE = 'create',
  GET = 'get',
  UPDATE = 'update',
  DELETE = 'delete',
  API = 'api',
  WORKER = 'worker',
}

/** A key attribute, with its type resolved. */
export interface KeyModel {
  readonly name: string;
  readonly type: KeyType;
}

/** A function with every default resolved: what the stack, tests and docs are written from. */
export interface FunctionModel {
  readonly service: string;
  readonly name: string;
  /** Construct id, `Create`. */
  readonly constructId: string;
  /** Property of the generated service class, `createFunction`. */
  readonly propertyName: string;
  readonly route?: { readonly method: HttpMethod; readonly path: string };
  readonly preset: FunctionPreset;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** Whether memory or timeout differ from the preset's. */
  readonly overridesPreset: boolean;
  /** Provisioned concurrency of the `live` alias, if any. */
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
  /** Whether the provisioned concurrency differs from the preset's. */
  readonly overridesProvisioned: boolean;
  readonly reservedConcurrency?: number;
  readonly tableAccess: TableAccess;
  readonly publishes: string[];
  /** `items/create`: the bundle's entry name and the asset folder under `assets/`. */
  readonly bundleName: string;
  readonly handlerFile: string;
  readonly starter: StarterKind;
  /** The path parameter the CRUD starters read the key from. */
  readonly keyPathParameter?: string;
}

/** A service with every default resolved. */
export interface ServiceModel {
  readonly name: string;
  /** `ItemsService`. */
  readonly className: string;
  /** `items-service`. */
  readonly fileBase: string;
  /** Property of the generated stack, `itemsService`. */
  readonly propertyName: string;
  readonly partitionKey?: KeyModel;
  readonly sortKey?: KeyModel;
  readonly events: string[];
  readonly functions: FunctionModel[];
}

/** The whole app with every default resolved. */
export interface AppModel {
  /** `shop`: the stack's name. */
  readonly stackName: string;
  /** `ShopStack`. */
  readonly stackClassName: string;
  readonly services: ServiceModel[];
  readonly defaultPreset: FunctionPreset;
  readonly architecture: FunctionArchitecture;
  readonly nodeRuntime: NodeRuntime;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  readonly hasApi: boolean;
  readonly hasEventBus: boolean;
  readonly functions: FunctionModel[];
}

/** The app `projen new` creates when the options name no services. */
export const DEFAULT_SERVICES: ServiceOptions[] = [{
  name: 'items',
  table: { partitionKey: { name: 'id' } },
  events: ['ItemCreated'],
  functions: [
    { name: 'list', route: { method: HttpMethod.GET, path: '/items' } },
    { name: 'create', route: { method: HttpMethod.POST, path: '/items' }, publishes: ['ItemCreated'] },
    { name: 'get', route: { method: HttpMethod.GET, path: '/items/{id}' } },
    { name: 'update', route: { method: HttpMethod.PUT, path: '/items/{id}' } },
    { name: 'delete', route: { method: HttpMethod.DELETE, path: '/items/{id}' } },
  ],
}];

/**
 * Checks the options and resolves every default. Throws one error listing every problem,
 * before anything is written.
 */
export function buildModel(options: ServerlessAppOptions): AppModel {
  validateOptions(options);
  const defaultPreset = options.defaultPreset ?? FunctionPresets.DEFAULT;
  const services = (options.services ?? DEFAULT_SERVICES).map((service) => serviceModel(service, defaultPreset));
  const functions = services.flatMap((service) => service.functions);
  const stackName = kebabCase(options.name) || 'app';
  return {
    stackName,
    stackClassName: `${pascalCase(stackName)}Stack`.replace(/^(\d)/, 'App$1'),
    services,
    defaultPreset,
    architecture: options.architecture ?? FunctionArchitecture.ARM_64,
    nodeRuntime: options.nodeRuntime ?? NodeRuntime.NODEJS_24_X,
    logRetentionDays: options.logRetentionDays ?? 30,
    tracing: options.tracing ?? true,
    hasApi: functions.some((fn) => fn.route),
    hasEventBus: services.some((service) => service.events.length > 0),
    functions,
  };
}

function serviceModel(service: ServiceOptions, defaultPreset: FunctionPreset): ServiceModel {
  const partitionKey = service.table && { name: service.table.partitionKey.name, type: service.table.partitionKey.type ?? KeyType.STRING };
  const sortKey = service.table?.sortKey && { name: service.table.sortKey.name, type: service.table.sortKey.type ?? KeyType.STRING };
  const crudStarters = partitionKey?.type === KeyType.STRING && !sortKey;
  return {
    name: service.name,
    className: `${pascalCase(service.name)}Service`,
    fileBase: `${service.name}-service`,
    propertyName: `${camelCase(service.name)}Service`,
    partitionKey,
    sortKey,
    events: [...(service.events ?? [])],
    functions: service.functions.map((fn) => {
      const preset = fn.preset ?? service.preset ?? defaultPreset;
      const settings = FunctionPresets.settingsOf(preset);
      const memorySize = fn.memorySize ?? service.memorySize ?? settings.memorySize;
      const timeoutSeconds = fn.timeoutSeconds ?? service.timeoutSeconds ?? settings.timeoutSeconds;
      const provisionedConcurrency = FunctionPresets.provisionedConcurrencyOf(
        preset,
        [service.provisionedConcurrency, fn.provisionedConcurrency].filter((override) => override !== undefined),
      );
      const starter = starterKind(fn.route, crudStarters);
      const lastSegment = fn.route?.path.split('/').pop() ?? '';
      return {
        service: service.name,
        name: fn.name,
        constructId: pascalCase(fn.name),
        propertyName: `${camelCase(fn.name)}Function`,
        route: fn.route && { method: fn.route.method, path: fn.route.path },
        preset,
        memorySize,
        timeoutSeconds,
        overridesPreset: memorySize !== settings.memorySize || timeoutSeconds !== settings.timeoutSeconds,
        provisionedConcurrency,
        overridesProvisioned: JSON.stringify(provisionedConcurrency) !== JSON.stringify(settings.provisionedConcurrency),
        reservedConcurrency: fn.reservedConcurrency,
        tableAccess: fn.tableAccess ?? defaultTableAccess(fn.route?.method, service.table !== undefined),
        publishes: [...(fn.publishes ?? [])],
        bundleName: `${service.name}/${fn.name}`,
        handlerFile: `src/handlers/${service.name}/${fn.name}.ts`,
        starter,
        keyPathParameter: lastSegment.startsWith('{') ? lastSegment.slice(1, -1) : undefined,
      };
    }),
  };
}


function defaultTableAccess(method: HttpMethod | undefined, hasTable: boolean): TableAccess {
  if (!hasTable || !method) {
    return TableAccess.NONE;
  }
  return method === HttpMethod.GET ? TableAccess.READ : TableAccess.READ_WRITE;
}

function starterKind(route: { method: HttpMethod; path: string } | undefined, crudStarters: boolean): StarterKind {
  if (!route) {
    return StarterKind.WORKER;
  }
  if (!crudStarters) {
    return StarterKind.API;
  }
  const onItem = /\/\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(route.path);
  switch (route.method) {
    case HttpMethod.GET: return onItem ? StarterKind.GET : StarterKind.LIST;
    case HttpMethod.POST: return onItem ? StarterKind.API : StarterKind.CREATE;
    case HttpMethod.PUT:
    case HttpMethod.PATCH: return onItem ? StarterKind.UPDATE : StarterKind.API;
    case HttpMethod.DELETE: return onItem ? StarterKind.DELETE : StarterKind.API;
    default: return StarterKind.API;
  }
}
