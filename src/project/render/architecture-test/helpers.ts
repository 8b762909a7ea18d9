/** What the parts of the architecture test share: references to the stack's constructs, `test.each` rows, and what the app uses. */
import { AppModel, FunctionModel, ServiceModel } from '../../model';
import { lines } from '../typescript';

/** A section of the tests, and the helpers it calls. */
export interface Section {
  readonly text: string;
  readonly helpers: Helper[];
}

export type Helper = 'Statement' | 'actionsOn' | 'resourcesOf' | 'objectsArn' | 'mappingsOf' | 'notificationsOf';

/** `stack.ingestService`. */
export function serviceRef(service: ServiceModel): string {
  return `stack.${service.propertyName}`;
}

/** `stack.ingestService.createFunction`. */
export function functionRef(fn: FunctionModel, app: AppModel): string {
  return `${serviceRef(serviceOf(fn, app))}.${fn.propertyName}`;
}

export function serviceOf(fn: FunctionModel, app: AppModel): ServiceModel {
  return app.services.find((service) => service.name === fn.service)!;
}

/** `{ a: 1, b: stack.x }`: fields whose values are code. */
export function row(fields: Record<string, string>): string {
  return `{ ${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
}

export function orUndefined(value: number | undefined): string {
  return value === undefined ? 'undefined' : String(value);
}

/** `test.each` rows, one a line. */
export function rowLines(name: string, rows: string[], type?: string): string {
  return lines(`  const ${name}${type ? `: ${type}[]` : ''} = [`, ...rows.map((r) => `    ${r},`), '  ];');
}

/** Whether the app uses a data processing option; only then are these tests written. */
export function usesDataProcessing(app: AppModel): boolean {
  // every function-level option names a bucket, stream, queue, lake or table stream of its service, or has an idempotency table
  return app.services.some((service) => service.buckets.length > 0 || service.streams.length > 0 || service.queues.length > 0
    || service.dataLake !== undefined || service.tableStreamView !== undefined || service.hasIdempotencyTable);
}

/** Whether the app has buckets, whose notifications CDK sets with a (Python) function of its own. */
export function hasBucketNotifications(app: AppModel): boolean {
  return app.services.some((service) => service.buckets.length > 0 || service.dataLake !== undefined);
}

/** Whether the queues' body schemas are read from their files. */
export function usesQueueSchemaFiles(app: AppModel): boolean {
  return app.services.some((service) => service.queues.some((queue) => queue.route.bodySchemaFile));
}

/**
 * Whether functions get DynamoDB permissions besides their `tableAccess`: idempotency records,
 * or the reading of the table's stream.
 */
export function grantsDynamodbApart(app: AppModel): boolean {
  return app.functions.some((fn) => fn.idempotency || (fn.streamEvents && fn.streamEvents.stream === undefined));
}

/** Asserts that a route's `method` (of the construct `node`) is guarded by its `api`'s authorizer when `authorized` is true, else public. */
export const EXPECT_AUTHORIZATION = [
  '    if (authorized) {',
  "      expect(method).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: refTo(api.authorizer as unknown as IConstruct, node) });",
  '    } else {',
  "      expect(method.AuthorizationType).toBe('NONE');",
  '    }',
].join('\n');
