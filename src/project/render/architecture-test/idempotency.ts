/** The idempotency tables, and which functions keep records in them. */
import { functionRef, row, rowLines, Section, serviceOf, serviceRef } from './helpers';
import { AppModel } from '../../model';
import { lines, literal, str } from '../typescript';

/** What Powertools idempotency does with its records. */
const IDEMPOTENCY_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

export function idempotencySection(app: AppModel): Section | undefined {
  const withTable = app.services.filter((service) => service.hasIdempotencyTable);
  if (withTable.length === 0) {
    return undefined;
  }
  const without = app.services.filter((service) => !service.hasIdempotencyTable);
  const tables = app.services.filter((service) => service.partitionKey).length + withTable.length;
  const rows = app.functions.map((fn) => {
    const service = serviceOf(fn, app);
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      keeps: str(fn.idempotency ? 'keeps idempotency records in its service\'s table' : 'keeps no idempotency records'),
      idempotency: String(fn.idempotency),
      table: service.hasIdempotencyTable ? `${serviceRef(service)}.idempotencyTable` : 'undefined',
    });
  });
  return {
    helpers: ['Statement', 'actionsOn'],
    text: lines(
      '',
      "describe('idempotency', () => {",
      `  test(${str(`one table of idempotency records per service whose functions keep them: ${withTable.map((service) => service.name).join(', ')}`)}, () => {`,
      "    // the services' own tables, and an idempotency table for each of these",
      `    expect(countOf('AWS::DynamoDB::Table')).toBe(${tables});`,
      ...without.map((service) => `    expect(${serviceRef(service)}.idempotencyTable).toBeUndefined();`),
      '  });',
      '',
      rowLines('idempotencyServices', withTable.map((service) => row({ name: str(service.name), table: `${serviceRef(service)}.idempotencyTable!` }))),
      '',
      "  test.each(idempotencyServices)('$name: its idempotency table is keyed by id, records expire on expiration', ({ table }) => {",
      '    expect(resourceOf(table).Properties).toMatchObject({',
      "      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],",
      "      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],",
      "      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },",
      "      BillingMode: 'PAY_PER_REQUEST',",
      '      SSESpecification: { SSEEnabled: true },',
      '    });',
      '  });',
      '',
      rowLines('idempotentFunctions', rows),
      '',
      "  test.each(idempotentFunctions)('$name: $keeps', ({ fn, idempotency, table }) => {",
      '    const variables = resourceOf(fn).Properties.Environment.Variables;',
      '    const granted = idempotencyTables.flatMap((t) => actionsOn(fn, t));',
      '    if (!idempotency) {',
      '      expect(variables.IDEMPOTENCY_TABLE_NAME).toBeUndefined();',
      '      expect(granted).toEqual([]);',
      '      return;',
      '    }',
      '    expect(variables.IDEMPOTENCY_TABLE_NAME).toEqual({ Ref: logicalId(table!) });',
      `    expect(actionsOn(fn, table!).sort()).toEqual(${literal(IDEMPOTENCY_ACTIONS)});`,
      '    // and on no other service\'s table',
      `    expect(granted).toHaveLength(${IDEMPOTENCY_ACTIONS.length});`,
      '  });',
      '});',
    ),
  };
}
