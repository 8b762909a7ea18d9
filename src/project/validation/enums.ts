/**
 * Every enum-typed option, checked against its enum's members: a JavaScript .projenrc, a cast or a
 * config read from JSON can give any string where TypeScript would take only a member.
 */
import { DataLakeFormat } from '../../constructs/data-lake-schema';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { TableAccess } from '../../constructs/microservice';
import { AuthorizerType } from '../../constructs/rest-api';
import { WorkflowType } from '../../constructs/workflow-steps';
import { FunctionPreset } from '../../presets';
import {
  ApiLoggingLevel, FunctionArchitecture, GraphqlFieldLogLevel, HttpMethod, KeyType, KinesisStreamMode, NodeRuntime, ObjectEvent,
  ServerlessAppOptions, StreamStartingPosition, TableStreamView,
} from '../options';

/**
 * Each enum-typed option, by its path (`[]` for each element of a list), with its enum. A test
 * reads the option types and fails when an enum-typed option is missing here. The steps of a
 * workflow (`workflows[].steps`, their `type`) are checked by the workflow's step validation.
 */
export const ENUM_OPTIONS: ReadonlyArray<readonly [path: string, members: Record<string, string>]> = [
  ['defaultPreset', FunctionPreset],
  ['architecture', FunctionArchitecture],
  ['nodeRuntime', NodeRuntime],
  ['api.loggingLevel', ApiLoggingLevel],
  ['api.authorizer.type', AuthorizerType],
  ['api.authorizer.preset', FunctionPreset],
  ['graphql.authorization', GraphqlAuthorization],
  ['graphql.fieldLogLevel', GraphqlFieldLogLevel],
  ['services[].preset', FunctionPreset],
  ['services[].table.partitionKey.type', KeyType],
  ['services[].table.sortKey.type', KeyType],
  ['services[].table.streamView', TableStreamView],
  ['services[].functions[].preset', FunctionPreset],
  ['services[].functions[].tableAccess', TableAccess],
  ['services[].functions[].route.method', HttpMethod],
  ['services[].functions[].objectEvents.events[]', ObjectEvent],
  ['services[].functions[].streamEvents.startingPosition', StreamStartingPosition],
  ['services[].streams[].mode', KinesisStreamMode],
  ['services[].queues[].route.method', HttpMethod],
  ['services[].dataLake.format', DataLakeFormat],
  ['services[].workflows[].type', WorkflowType],
  ['services[].workflows[].tasks[].preset', FunctionPreset],
  ['services[].workflows[].tasks[].tableAccess', TableAccess],
];

/**
 * One problem per enum-typed option whose value is no member of its enum, naming the option, the
 * value and the members: `` `services[0].functions[1].preset` must be one of CPU_BOUND, IO_BOUND,
 * SIMPLE, LATENCY_SENSITIVE; got 'TURBO'. ``
 */
export function checkEnums(options: ServerlessAppOptions): string[] {
  return ENUM_OPTIONS.flatMap(([path, members]) => {
    const allowed = Object.values(members);
    return valuesAt(options, path)
      .filter(({ value }) => value !== undefined && !allowed.includes(value as string))
      .map(({ where, value }) => `\`${where}\` must be one of ${allowed.join(', ')}; got ${typeof value === 'string' ? `'${value}'` : JSON.stringify(value)}.`);
  });
}

/** The values at `path` of `root`, each with its own path: `services[].preset` gives `services[0].preset`, `services[1].preset`... */
export function valuesAt(root: unknown, path: string): Array<{ readonly where: string; readonly value: unknown }> {
  let found: Array<{ where: string; value: unknown }> = [{ where: '', value: root }];
  for (const segment of path.split('.')) {
    const name = segment.replace(/\[\]$/, '');
    const each = segment.endsWith('[]');
    found = found.flatMap(({ where, value }) => {
      const child = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
      const at = where ? `${where}.${name}` : name;
      if (!each) {
        return child === undefined ? [] : [{ where: at, value: child }];
      }
      return Array.isArray(child) ? child.map((element, index) => ({ where: `${at}[${index}]`, value: element })) : [];
    });
  }
  return found;
}
