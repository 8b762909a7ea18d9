import { renderAlarmTests } from './alarms';
import { renderGraphqlTests, renderRestApiTests } from './api';
import { renderCallbackTests } from './callbacks';
import { renderDataHelpers, renderDataTests, renderHandlerCount, renderTableAccessTest } from './data';
import { renderAwsEventTests, renderEventBusTests } from './events';
import { functionRef, usesQueueSchemaFiles } from './helpers';
import { renderPreamble } from './preamble';
import { renderScheduleTests } from './schedules';
import { renderStackTests } from './stacks';
import { AppModel, FunctionModel } from '../../model';
import { ARCHITECTURES, RUNTIMES } from '../../runtimes';
import { CDK_CONTEXT_IMPORT } from '../cdk-context';
import { CHECKS_MODULE, CONSTRUCTS_MODULE, lines, str } from '../typescript';

/** Static: asserts each function's `live` alias, its scalable target and target-tracking policy, or their absence. */
const PROVISIONED_CONCURRENCY_TEST = [
  '  test.each(functions)(\'$name: provisioned concurrency $provisioned.min to $provisioned.max at $provisioned.target\', ({ fn, provisioned }) => {',
  '    const aliases = Object.values(templateOf(fn)).filter((r) => r.Type === \'AWS::Lambda::Alias\' && JSON.stringify(r.Properties.FunctionName).includes(logicalId(fn)));',
  '    if (!provisioned) {',
  '      expect(aliases).toEqual([]);',
  '      return;',
  '    }',
  '    expect(aliases.map((alias) => alias.Properties)).toEqual([expect.objectContaining({',
  '      Name: \'live\',',
  '      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: provisioned.min },',
  '    })]);',
  '    const scaling = templateOf(fn);',
  '    const targetId = Object.keys(scaling).find((id) => scaling[id].Type === \'AWS::ApplicationAutoScaling::ScalableTarget\'',
  '      && JSON.stringify(scaling[id].Properties.ResourceId).includes(logicalId(fn.liveAlias!)))!;',
  '    expect(scaling[targetId].Properties).toMatchObject({ MinCapacity: provisioned.min, MaxCapacity: provisioned.max });',
  '    const policy = Object.values(scaling).find((r) => r.Type === \'AWS::ApplicationAutoScaling::ScalingPolicy\'',
  '      && JSON.stringify(r.Properties.ScalingTargetId).includes(targetId))!;',
  '    expect(policy.Properties.TargetTrackingScalingPolicyConfiguration).toMatchObject({',
  '      TargetValue: provisioned.target,',
  '      PredefinedMetricSpecification: { PredefinedMetricType: \'LambdaProvisionedConcurrencyUtilization\' },',
  '    });',
  '  });',
].join('\n');

/**
 * `test/generated/architecture.test.ts`: asserts on one synthesized template that the stack
 * is what the options say. Every expected value here is computed from the options, not read
 * from the stack, so a stack that drifts from its options fails.
 */
export function renderArchitectureTest(app: AppModel): string {
  const stackModule = `../../src/generated/${app.stackName}-stack.generated`;
  const hasRestApi = app.api.instances.length > 0;
  const routes = app.functions.filter((fn) => fn.route);
  const usesFiles = routes.some((fn) => fn.route!.bodySchemaFile) || usesQueueSchemaFiles(app);
  const hasTags = Object.keys(app.tags).length > 0;
  return lines(
    usesFiles && "import * as fs from 'node:fs';",
    usesFiles && "import * as path from 'node:path';",
    `import { ${['App', 'CfnElement', hasTags && 'CfnResource', app.serviceStacks && 'NestedStack', 'Stack', hasTags && 'TagManager'].filter(Boolean).join(', ')} } from 'aws-cdk-lib';`,
    "import { Template } from 'aws-cdk-lib/assertions';",
    hasRestApi && "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';",
    "import { IConstruct } from 'constructs';",
    `import { ServerlessPatternsChecks } from ${str(CHECKS_MODULE)};`,
    `import { ${hasRestApi ? 'ServerlessRestApi, ' : ''}ServiceFunction } from ${str(CONSTRUCTS_MODULE)};`,
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from ${str(stackModule)};`,
    '',
    renderPreamble(app),
    renderDataHelpers(app),
    '',
    '/** What the options say of each function. */',
    'interface FunctionRow {',
    '  readonly name: string;',
    '  readonly fn: ServiceFunction;',
    '  readonly service: string;',
    '  readonly memorySize: number;',
    '  readonly timeout: number;',
    '  readonly reservedConcurrency?: number;',
    '  readonly tableAccess: string;',
    '  readonly publishes: string[];',
    '  readonly route?: string;',
    '  readonly provisioned?: { min: number; max: number; target: number };',
    '}',
    '',
    'const functions: FunctionRow[] = [',
    ...app.functions.map((fn) => `  ${renderRow(fn, app)},`),
    '];',
    '',
    "describe('functions', () => {",
    `  test('there is one function per operation: ${app.functions.length}${app.authorizer ? ', and the authorizer' : ''}', () => {`,
    renderHandlerCount(app)
      || "    const handlers = resources.filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler');",
    `    expect(handlers).toHaveLength(${app.functions.length + (app.authorizer ? 1 : 0)});`,
    '  });',
    '',
    `  test.each(functions)('$name: $memorySize MB, $timeout s, ${ARCHITECTURES[app.architecture].cloudFormation}, ${RUNTIMES[app.nodeRuntime].cloudFormation}', ({ fn, memorySize, timeout, reservedConcurrency, service }) => {`,
    '    const props = resourceOf(fn).Properties;',
    '    expect(props).toMatchObject({',
    '      MemorySize: memorySize,',
    '      Timeout: timeout,',
    `      Architectures: [${str(ARCHITECTURES[app.architecture].cloudFormation)}],`,
    `      Runtime: ${str(RUNTIMES[app.nodeRuntime].cloudFormation)},`,
    "      Handler: 'index.handler',",
    app.tracing && "      TracingConfig: { Mode: 'Active' },",
    app.tracerAndMetrics
      ? `      Environment: { Variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: service, POWERTOOLS_METRICS_NAMESPACE: ${str(app.stackName)} }) },`
      : '      Environment: { Variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: service }) },',
    '    });',
    '    expect(props.ReservedConcurrentExecutions).toBe(reservedConcurrency);',
    !app.tracing && "    expect(props).not.toHaveProperty('TracingConfig');",
    !app.tracerAndMetrics && "    expect(props.Environment.Variables).not.toHaveProperty('POWERTOOLS_METRICS_NAMESPACE');",
    '  });',
    '',
    PROVISIONED_CONCURRENCY_TEST,
    '',
    `  test.each(functions)('$name: logs kept ${app.logRetentionDays} days', ({ fn }) => {`,
    '    const logGroup = resourceOf(fn).Properties.LoggingConfig.LogGroup.Ref;',
    `    expect(templateOf(fn)[logGroup].Properties.RetentionInDays).toBe(${app.logRetentionDays});`,
    '  });',
    '',
    renderTableAccessTest(app) || lines(
      "  test.each(functions)('$name: table access $tableAccess', ({ fn, tableAccess }) => {",
      "    const dynamodb = actionsOf(fn).filter((action) => action.startsWith('dynamodb:'));",
      '    const writes = dynamodb.filter((action) => /Put|Update|Delete|Write/.test(action));',
      "    expect(dynamodb.length > 0).toBe(tableAccess !== 'NONE');",
      "    expect(writes.length > 0).toBe(tableAccess === 'READ_WRITE');",
      '  });',
    ),
    '',
    "  test.each(functions)('$name: publishes $publishes', ({ fn, publishes, service }) => {",
    "    const putEvents = statementsOf(fn).filter((s) => ([] as string[]).concat(s.Action).includes('events:PutEvents'));",
    '    if (publishes.length === 0) {',
    '      expect(putEvents).toEqual([]);',
    '    } else {',
    '      expect(putEvents).toHaveLength(1);',
    '      expect(putEvents[0].Condition).toEqual({',
    "        StringEquals: { 'events:source': service, 'events:detail-type': publishes },",
    '      });',
    '    }',
    '  });',
    '});',
    ...app.services.filter((service) => service.partitionKey).map((service) => lines(
      '',
      `describe('the ${service.name} table', () => {`,
      `  const table = resourceOf(stack.${service.propertyName}.table!).Properties;`,
      '',
      "  test('is on-demand, with point-in-time recovery and encryption at rest', () => {",
      '    expect(table).toMatchObject({',
      "      BillingMode: 'PAY_PER_REQUEST',",
      '      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },',
      '      SSESpecification: { SSEEnabled: true },',
      '    });',
      '  });',
      '',
      `  test('is keyed by ${[service.partitionKey!.name, service.sortKey?.name].filter(Boolean).join(' and ')}', () => {`,
      '    expect(table.KeySchema).toEqual([',
      `      { AttributeName: ${str(service.partitionKey!.name)}, KeyType: 'HASH' },`,
      service.sortKey && `      { AttributeName: ${str(service.sortKey.name)}, KeyType: 'RANGE' },`,
      '    ]);',
      '  });',
      '});',
    )),
    hasRestApi && renderRestApiTests(app),
    app.graphql && renderGraphqlTests(app),
    renderDataTests(app),
    '',
    "describe('cdk-nag', () => {",
    '  test.each<[string, NagPack]>([',
    "    ['AwsSolutions', new AwsSolutionsChecks()],",
    "    ['Serverless', new ServerlessChecks()],",
    "    ['ServerlessPatterns', new ServerlessPatternsChecks()],",
    "  ])('%s: no unacknowledged errors', (_pack, pack) => {",
    '    const errors = pack.validateScope(stack).violations',
    "      .filter((violation) => violation.severity === 'error')",
    "      .map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}: ${violation.description}`);",
    '    expect(errors).toEqual([]);',
    '  });',
    '});',
    renderEventBusTests(app),
    renderStackTests(app),
    renderAwsEventTests(app),
    renderCallbackTests(app),
    renderScheduleTests(app),
    renderAlarmTests(app),
    '',
  );
}

function renderRow(fn: FunctionModel, app: AppModel): string {
  const fields = [
    `name: ${str(`${fn.service}/${fn.name}`)}`,
    `fn: ${functionRef(fn, app)}`,
    `service: ${str(fn.service)}`,
    `memorySize: ${fn.memorySize}`,
    `timeout: ${fn.timeoutSeconds}`,
    `reservedConcurrency: ${fn.reservedConcurrency ?? 'undefined'}`,
    `tableAccess: ${str(fn.tableAccess)}`,
    // sorted, as the IAM condition lists them
    `publishes: [${[...fn.publishes].sort().map(str).join(', ')}]`,
    `route: ${fn.route ? str(`${fn.route.method} ${fn.route.path}`) : 'undefined'}`,
    `provisioned: ${fn.provisionedConcurrency ? `{ min: ${fn.provisionedConcurrency.minCapacity}, max: ${fn.provisionedConcurrency.maxCapacity}, target: ${fn.provisionedConcurrency.utilizationTarget} }` : 'undefined'}`,
  ];
  return `{ ${fields.join(', ')} }`;
}
