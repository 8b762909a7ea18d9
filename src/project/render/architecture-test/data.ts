/**
 * The data processing part of `test/generated/architecture.test.ts`: buckets and their object
 * events, Kinesis streams and their consumers, the table's stream, queues behind API routes,
 * data lakes, idempotency tables and the workflows that objects start. As in the rest of the
 * file, every expected value is computed from the options (the model), not read from the stack.
 * An app that uses none of these options gets none of it: its test is what it was before.
 */
import { bucketSection, writerSection } from './buckets';
import { dataLakeSection } from './data-lake';
import { grantsDynamodbApart, hasBucketNotifications, Helper, Section, serviceRef, usesDataProcessing } from './helpers';
import { idempotencySection } from './idempotency';
import { objectRouteSection, workflowRouteSection } from './object-events';
import { queueSection } from './queues';
import { consumerSection, kinesisSection, tableStreamSection } from './streams';
import { AppModel } from '../../model';
import { RUNTIMES } from '../../runtimes';
import { lines, str } from '../typescript';

/**
 * The count of the app's own functions: CDK's handler of the buckets' notifications, a Python
 * function, is not one of them.
 */
export function renderHandlerCount(app: AppModel): string | false {
  if (!hasBucketNotifications(app)) {
    return false;
  }
  return lines(
    "    // CDK's handler of the buckets' notifications is a function of its own, in Python",
    "    const handlers = resources.filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler'",
    `      && r.Properties.Runtime === ${str(RUNTIMES[app.nodeRuntime].cloudFormation)});`,
  );
}

/** The table access test, when functions get DynamoDB permissions apart from `tableAccess`. */
export function renderTableAccessTest(app: AppModel): string | false {
  if (!grantsDynamodbApart(app)) {
    return false;
  }
  return lines(
    "  test.each(functions)('$name: table access $tableAccess', ({ fn, tableAccess }) => {",
    "    // idempotency records and the reading of the table's stream are granted apart, and tested with them",
    '    const dynamodb = (statementsOf(fn) as Statement[])',
    '      .filter((s) => !grantedApart(s))',
    '      .flatMap((s) => ([] as string[]).concat(s.Action))',
    "      .filter((action) => action.startsWith('dynamodb:'));",
    '    const writes = dynamodb.filter((action) => /Put|Update|Delete|Write/.test(action));',
    "    expect(dynamodb.length > 0).toBe(tableAccess !== 'NONE');",
    "    expect(writes.length > 0).toBe(tableAccess === 'READ_WRITE');",
    '  });',
  );
}

/**
 * The helpers the sections call, before the tests (`idempotencyTables` and `grantedApart` for
 * the table access test), or nothing when the app has no data processing.
 */
export function renderDataHelpers(app: AppModel): string | false {
  if (!usesDataProcessing(app)) {
    return false;
  }
  const needed = new Set(dataSections(app).flatMap((section) => section.helpers));
  const apart = grantsDynamodbApart(app);
  const idempotencyServices = app.services.filter((service) => service.hasIdempotencyTable);
  const uses = (helper: Helper) => needed.has(helper) || (helper === 'Statement' && apart);
  return lines(
    uses('Statement') && lines(
      '',
      '/** A statement of a policy. */',
      'interface Statement {',
      '  readonly Action: string | string[];',
      '  readonly Resource?: unknown;',
      '}',
    ),
    uses('actionsOn') && lines(
      '',
      '/** The actions the function\'s role may call on a resource of the stack: on its ARN, or on ARNs built from it. */',
      'function actionsOn(fn: lambda.IFunction, resource: IConstruct): string[] {',
      '  const id = JSON.stringify(logicalId(resource));',
      '  return (statementsOf(fn) as Statement[])',
      '    .filter((s) => JSON.stringify(s.Resource).includes(id))',
      '    .flatMap((s) => ([] as string[]).concat(s.Action));',
      '}',
    ),
    uses('resourcesOf') && lines(
      '',
      '/** The resources on which the function\'s role may call `action`. */',
      'function resourcesOf(fn: lambda.IFunction, action: string): unknown[] {',
      '  return (statementsOf(fn) as Statement[])',
      '    .filter((s) => ([] as string[]).concat(s.Action).includes(action))',
      '    .flatMap((s) => ([] as unknown[]).concat(s.Resource));',
      '}',
    ),
    uses('objectsArn') && lines(
      '',
      '/** The ARN of a bucket\'s objects under a key prefix: `arn...:bucket/<prefix>*`. */',
      'function objectsArn(bucket: IConstruct, prefix: string): object {',
      "  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(bucket), 'Arn'] }, `/${prefix}*`]] };",
      '}',
    ),
    uses('mappingsOf') && lines(
      '',
      '/** The properties of the event source mappings that invoke the function (through its alias when it has one). */',
      "function mappingsOf(fn: ServiceFunction): Array<Resource['Properties']> {",
      '  const id = JSON.stringify(logicalId(fn.invocable));',
      '  return Object.values(templateOf(fn))',
      "    .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(id))",
      '    .map((r) => r.Properties);',
      '}',
    ),
    uses('notificationsOf') && lines(
      '',
      '/** The notification configuration of a bucket, which CDK sets with a custom resource. */',
      "function notificationsOf(bucket: IConstruct): Resource['Properties'] {",
      "  const notifications = Object.values(templateOf(bucket)).filter((r) => r.Type === 'Custom::S3BucketNotifications'",
      '    && JSON.stringify(r.Properties.BucketName) === JSON.stringify({ Ref: logicalId(bucket) }));',
      '  expect(notifications).toHaveLength(1);',
      '  return notifications[0].Properties.NotificationConfiguration;',
      '}',
    ),
    idempotencyServices.length > 0 && lines(
      '',
      '/** The tables of the services\' idempotency records. */',
      'const idempotencyTables: IConstruct[] = [',
      ...idempotencyServices.map((service) => `  ${serviceRef(service)}.idempotencyTable!,`),
      '];',
    ),
    apart && lines(
      '',
      '/** Whether a statement grants what the data options add to `tableAccess`: idempotency records, or the reading of the table\'s stream. */',
      'function grantedApart(statement: Statement): boolean {',
      '  const resource = JSON.stringify(statement.Resource);',
      "  return resource.includes('\"StreamArn\"')",
      idempotencyServices.length > 0
        ? lines(
          "    || ([] as string[]).concat(statement.Action).includes('dynamodb:ListStreams')",
          '    || idempotencyTables.some((table) => resource.includes(JSON.stringify(logicalId(table))));',
        )
        : "    || ([] as string[]).concat(statement.Action).includes('dynamodb:ListStreams');",
      '}',
    ),
  );
}

/** The tests of the data processing options, after the others; nothing when the app has none. */
export function renderDataTests(app: AppModel): string | false {
  if (!usesDataProcessing(app)) {
    return false;
  }
  return lines(...dataSections(app).map((section) => section.text));
}

function dataSections(app: AppModel): Section[] {
  return [
    bucketSection(app),
    objectRouteSection(app),
    writerSection(app),
    kinesisSection(app),
    consumerSection(app),
    tableStreamSection(app),
    queueSection(app),
    ...app.services.filter((service) => service.dataLake).map((service) => dataLakeSection(service, app)),
    idempotencySection(app),
    workflowRouteSection(app),
  ].filter((section): section is Section => section !== undefined);
}
