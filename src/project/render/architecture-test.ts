import { CDK_CONTEXT_IMPORT } from './cdk-context';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { AppModel, FunctionModel } from '../model';
import { ARCHITECTURES, RUNTIMES } from '../runtimes';
import {
  renderDataHelpers,
  renderDataTests,
  renderHandlerCount,
  renderTableAccessTest,
  usesQueueSchemaFiles,
} from './architecture-test-data';
import { CHECKS_MODULE, CONSTRUCTS_MODULE, lines, literal, str } from './typescript';

/** Static: asserts each function's `live` alias, its scalable target and target-tracking policy, or their absence. */
const PROVISIONED_CONCURRENCY_TEST = [
  '  test.each(functions)(\'$name: provisioned concurrency $provisioned.min to $provisioned.max at $provisioned.target\', ({ fn, provisioned }) => {',
  '    const aliases = Object.values(resources).filter((r) => r.Type === \'AWS::Lambda::Alias\' && JSON.stringify(r.Properties.FunctionName).includes(logicalId(fn)));',
  '    if (!provisioned) {',
  '      expect(aliases).toEqual([]);',
  '      return;',
  '    }',
  '    expect(aliases.map((alias) => alias.Properties)).toEqual([expect.objectContaining({',
  '      Name: \'live\',',
  '      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: provisioned.min },',
  '    })]);',
  '    const targetId = Object.keys(resources).find((id) => resources[id].Type === \'AWS::ApplicationAutoScaling::ScalableTarget\'',
  '      && JSON.stringify(resources[id].Properties.ResourceId).includes(logicalId(fn.liveAlias!)))!;',
  '    expect(resources[targetId].Properties).toMatchObject({ MinCapacity: provisioned.min, MaxCapacity: provisioned.max });',
  '    const policy = Object.values(resources).find((r) => r.Type === \'AWS::ApplicationAutoScaling::ScalingPolicy\'',
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
  const subscribers = app.functions.filter((fn) => fn.subscriptions.length > 0);
  const usesFiles = routes.some((fn) => fn.route!.bodySchemaFile) || usesQueueSchemaFiles(app);
  return lines(
    usesFiles && "import * as fs from 'node:fs';",
    usesFiles && "import * as path from 'node:path';",
    "import { App, CfnElement } from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';",
    "import { IConstruct } from 'constructs';",
    `import { ServerlessPatternsChecks } from ${str(CHECKS_MODULE)};`,
    `import { ${hasRestApi ? 'ServerlessRestApi, ' : ''}ServiceFunction } from ${str(CONSTRUCTS_MODULE)};`,
    CDK_CONTEXT_IMPORT,
    `import { ${app.stackClassName} } from ${str(stackModule)};`,
    '',
    '// One synthesis for the whole file: every assertion reads this template. CloudFormation',
    '// validation is left to `cdk synth` in the build, where it runs once.',
    `const stack = new ${app.stackClassName}(new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false }), 'Test');`,
    'const template = Template.fromStack(stack);',
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a CloudFormation template is untyped JSON',
    'const resources: Record<string, { Type: string; Properties: Record<string, any> }> = template.toJSON().Resources;',
    '',
    'function logicalId(construct: IConstruct): string {',
    '  return stack.getLogicalId(construct.node.defaultChild as CfnElement);',
    '}',
    '',
    '/** The IAM actions the function\'s role may call, with the conditions they carry. */',
    'function statementsOf(fn: lambda.IFunction): Array<{ Action: string | string[]; Condition?: object }> {',
    '  const role = logicalId(fn.role!);',
    '  return Object.values(resources)',
    "    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(role))",
    '    .flatMap((r) => r.Properties.PolicyDocument.Statement);',
    '}',
    '',
    'function actionsOf(fn: lambda.IFunction): string[] {',
    '  return statementsOf(fn).flatMap((s) => ([] as string[]).concat(s.Action));',
    '}',
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
      || "    const handlers = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler');",
    `    expect(handlers).toHaveLength(${app.functions.length + (app.authorizer ? 1 : 0)});`,
    '  });',
    '',
    `  test.each(functions)('$name: $memorySize MB, $timeout s, ${ARCHITECTURES[app.architecture].cloudFormation}, ${RUNTIMES[app.nodeRuntime].cloudFormation}', ({ fn, memorySize, timeout, reservedConcurrency, service }) => {`,
    '    const props = resources[logicalId(fn)].Properties;',
    '    expect(props).toMatchObject({',
    '      MemorySize: memorySize,',
    '      Timeout: timeout,',
    `      Architectures: [${str(ARCHITECTURES[app.architecture].cloudFormation)}],`,
    `      Runtime: ${str(RUNTIMES[app.nodeRuntime].cloudFormation)},`,
    "      Handler: 'index.handler',",
    app.tracing && "      TracingConfig: { Mode: 'Active' },",
    '      Environment: { Variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: service }) },',
    '    });',
    '    expect(props.ReservedConcurrentExecutions).toBe(reservedConcurrency);',
    !app.tracing && "    expect(props).not.toHaveProperty('TracingConfig');",
    '  });',
    '',
    PROVISIONED_CONCURRENCY_TEST,
    '',
    `  test.each(functions)('$name: logs kept ${app.logRetentionDays} days', ({ fn }) => {`,
    '    const logGroup = resources[logicalId(fn)].Properties.LoggingConfig.LogGroup.Ref;',
    `    expect(resources[logGroup].Properties.RetentionInDays).toBe(${app.logRetentionDays});`,
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
      `  const table = resources[logicalId(stack.${service.propertyName}.table!)].Properties;`,
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
    app.hasEventBus && lines(
      '',
      "describe('the event bus', () => {",
      "  test('there is one, for the services\\' events', () => {",
      "    template.resourceCountIs('AWS::Events::EventBus', 1);",
      '  });',
      '',
      app.eventArchiveRetentionDays === undefined
        ? "  test('has no archive', () => {\n    template.resourceCountIs('AWS::Events::Archive', 0);\n  });"
        : lines(
          `  test('archives every event for ${app.eventArchiveRetentionDays === 0 ? 'ever' : `${app.eventArchiveRetentionDays} days`}, for replay', () => {`,
          "    template.hasResourceProperties('AWS::Events::Archive', {",
          '      SourceArn: { \'Fn::GetAtt\': [logicalId(stack.eventBus.bus), \'Arn\'] },',
          `      RetentionDays: ${app.eventArchiveRetentionDays},`,
          '    });',
          '  });',
        ),
      subscribers.length > 0 && renderSubscriptionTests(subscribers, app),
      '});',
    ),
    '',
  );
}

/** Static: finds the rules that target a function and checks pattern, retries and dead-letter queue. */
const SUBSCRIPTION_TEST = [
  "  test.each(subscriptions)('$name: subscribed to $pattern.source $pattern.detail-type', ({ fn, pattern, retryAttempts, maxEventAge }) => {",
  '    const rules = Object.values(resources).filter((r) => r.Type === \'AWS::Events::Rule\'',
  '      && JSON.stringify(r.Properties.EventPattern) === JSON.stringify(pattern)',
  '      && r.Properties.Targets.some((t: { Arn: unknown }) => JSON.stringify(t.Arn).includes(logicalId(fn.invocable))));',
  '    expect(rules).toHaveLength(1);',
  '    expect(rules[0].Properties.EventBusName).toEqual({ Ref: logicalId(stack.eventBus.bus) });',
  '    expect(rules[0].Properties.Targets[0]).toMatchObject({',
  '      RetryPolicy: { MaximumRetryAttempts: retryAttempts, MaximumEventAgeInSeconds: maxEventAge },',
  '      // what EventBridge could not deliver lands in the function\'s dead-letter queue',
  "      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] } },",
  '    });',
  '  });',
].join('\n');

function renderSubscriptionTests(subscribers: FunctionModel[], app: AppModel): string {
  const rows = subscribers.flatMap((fn) => fn.subscriptions.map((subscription) => {
    const pattern = {
      ...(subscription.sources.length > 0 ? { source: subscription.sources } : {}),
      ...(subscription.detailTypes.length > 0 ? { 'detail-type': subscription.detailTypes } : {}),
      ...(subscription.detail ? { detail: subscription.detail } : {}),
    };
    return `    { name: ${str(`${fn.service}/${fn.name}`)}, fn: ${functionRef(fn, app)}, pattern: ${literal(pattern)}, retryAttempts: ${subscription.retryAttempts}, maxEventAge: ${subscription.maxEventAgeSeconds} },`;
  }));
  return lines(
    '',
    '  const subscriptions = [',
    ...rows,
    '  ];',
    '',
    SUBSCRIPTION_TEST,
  );
}

/** `stack.itemsService.createFunction`. */
function functionRef(fn: FunctionModel, app: AppModel): string {
  return `stack.${app.services.find((service) => service.name === fn.service)!.propertyName}.${fn.propertyName}`;
}

/** Static: per route, the method's authorization, parameters, cache and model. */
const ROUTE_TESTS = [
  "  test.each(routes)('$route: authorized $authorized', ({ api, route, authorized }) => {",
  '    const method = methodOf(api, route);',
  '    if (authorized) {',
  "      expect(method).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: logicalId(api.authorizer as unknown as IConstruct) } });",
  '    } else {',
  "      expect(method.AuthorizationType).toBe('NONE');",
  '    }',
  '  });',
  '',
  "  test.each(routes)('$route: path and query parameters $queryParameters validated', ({ api, route, queryParameters }) => {",
  '    const method = methodOf(api, route);',
  '    const pathParameters = [...route.matchAll(/\\{([A-Za-z0-9_]+)\\+?\\}/g)].map(([, name]) => [`method.request.path.${name}`, true]);',
  '    const query = Object.entries(queryParameters).map(([name, required]) => [`method.request.querystring.${name}`, required]);',
  '    // (a cached route declares its other cache keys, the token header or Origin, as optional parameters)',
  '    expect(method.RequestParameters ?? {}).toMatchObject(Object.fromEntries([...pathParameters, ...query]));',
  '    expect(method.RequestValidatorId).toEqual({ Ref: logicalId(api.requestValidator) });',
  '  });',
  '',
  "  test.each(routes)('$route: cached for $cacheTtl s', ({ api, route, authorized, cacheTtl }) => {",
  '    const [httpMethod, resourcePath] = route.split(\' \');',
  '    const settings = resources[logicalId(api.api.deploymentStage)].Properties.MethodSettings as Array<Record<string, unknown>>;',
  '    // a stage\'s method settings escape the path: /a/{b} is /~1a~1{b}',
  "    const settingsPath = resourcePath === '/' ? '/' : `/${resourcePath.replace(/\\//g, '~1')}`;",
  '    const setting = settings.find((s) => s.HttpMethod === httpMethod && s.ResourcePath === settingsPath);',
  '    expect(setting?.CachingEnabled ?? false).toBe(cacheTtl !== undefined);',
  '    if (cacheTtl === undefined) {',
  '      return;',
  '    }',
  '    expect(setting).toMatchObject({ CacheTtlInSeconds: cacheTtl, CacheDataEncrypted: true });',
  '    // every parameter is a cache key, and on an authorized route the caller\'s token too',
  '    const keys = Object.keys(methodOf(api, route).RequestParameters ?? {})',
  '      .concat(authorized ? [IDENTITY_SOURCE] : []);',
  '    expect(methodOf(api, route).Integration.CacheKeyParameters ?? []).toEqual(expect.arrayContaining(keys));',
  '  });',
  '',
  "  test.each(routes)('$route: invokes its function through a Lambda proxy integration', ({ api, route, fn }) => {",
  '    const integration = methodOf(api, route).Integration;',
  "    expect(integration.Type).toBe('AWS_PROXY');",
  '    // through the live alias when the function has provisioned concurrency',
  '    expect(JSON.stringify(integration.Uri)).toContain(logicalId(fn.invocable));',
  '  });',
].join('\n');

function renderRestApiTests(app: AppModel): string {
  const { api, authorizer } = app;
  const routes = app.functions.filter((fn) => fn.route);
  const schemaRoutes = routes.filter((fn) => fn.route!.bodySchemaFile);
  return lines(
    '',
    "describe('the REST API', () => {",
    '  const apis = [',
    ...api.instances.map((instance) => `    { name: ${str(instance.restApiName)}, api: stack.${instance.propertyName} },`),
    '  ];',
    '',
    '  const routes = [',
    ...routes.map((fn) => {
      const route = fn.route!;
      const instance = app.services.find((service) => service.name === fn.service)!.api!;
      return `    { route: ${str(`${route.method} ${route.path}`)}, fn: ${functionRef(fn, app)}, api: stack.${instance.propertyName}, authorized: ${route.authorized}, queryParameters: ${literal(route.queryParameters)}, cacheTtl: ${route.cacheTtlSeconds ?? 'undefined'} },`;
    }),
    '  ];',
    '',
    `  const IDENTITY_SOURCE = ${str(`method.request.header.${authorizer?.identityHeader ?? 'Authorization'}`)};`,
    '',
    '  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties are untyped JSON',
    '  function methodOf(api: ServerlessRestApi, route: string): Record<string, any> {',
    '    const methods = api.api.methods.filter((m) => `${m.httpMethod} ${m.resource.path}` === route);',
    '    expect(methods).toHaveLength(1);',
    '    return resources[logicalId(methods[0])].Properties;',
    '  }',
    '',
    api.createsCloudWatchRole
      ? "  test('one account-level logging role for all the APIs: there is one per account and region', () => {"
      : "  test('no account-level logging role: it is one per account and region, created once for the account', () => {",
    `    template.resourceCountIs('AWS::ApiGateway::Account', ${api.createsCloudWatchRole ? 1 : 0});`,
    '  });',
    '',
    `  test.each(apis)('$name: stage ${api.stageName}, tracing ${app.tracing ? 'on' : 'off'}, ${api.loggingLevel} logs, data trace ${api.dataTrace ? 'on' : 'off'}, metrics ${api.metrics ? 'on' : 'off'}, ${api.throttlingRateLimit} rps (burst ${api.throttlingBurstLimit})', ({ api }) => {`,
    '    const stage = resources[logicalId(api.api.deploymentStage)].Properties;',
    '    expect(stage).toMatchObject({',
    `      StageName: ${str(api.stageName)},`,
    `      TracingEnabled: ${app.tracing},`,
    "      AccessLogSetting: { Format: expect.stringContaining('\"requestId\"') },",
    '    });',
    '    // the ARN of the access log group (built from its name, or its Arn attribute without the feature flags)',
    '    expect(JSON.stringify(stage.AccessLogSetting.DestinationArn)).toContain(logicalId(api.accessLogGroup));',
    '    expect(stage.MethodSettings).toContainEqual(expect.objectContaining({',
    "      HttpMethod: '*',",
    "      ResourcePath: '/*',",
    `      LoggingLevel: ${str(api.loggingLevel)},`,
    `      DataTraceEnabled: ${api.dataTrace},`,
    `      MetricsEnabled: ${api.metrics},`,
    `      ThrottlingRateLimit: ${api.throttlingRateLimit},`,
    `      ThrottlingBurstLimit: ${api.throttlingBurstLimit},`,
    '    }));',
    api.cache
      ? `    expect(stage).toMatchObject({ CacheClusterEnabled: true, CacheClusterSize: ${str(api.cache.clusterSizeGb)} });`
      : '    expect(stage.CacheClusterEnabled ?? false).toBe(false);',
    '  });',
    '',
    api.cors.enabled ? lines(
      `  test.each(apis)('$name: CORS preflight on every route for ${api.cors.allowOrigins.join(', ')}${api.cors.allowCredentials ? ' with credentials' : ''}', ({ api }) => {`,
      "    const paths = new Set(routes.filter((r) => r.api === api).map((r) => r.route.split(' ')[1]));",
      "    const preflight = api.api.methods.filter((m) => m.httpMethod === 'OPTIONS');",
      '    expect(preflight.map((m) => m.resource.path)).toEqual(expect.arrayContaining([...paths]));',
      '    const responses = JSON.stringify(resources[logicalId(preflight[0])].Properties.Integration);',
      ...api.cors.allowOrigins.map((origin) => `    expect(responses).toContain(${str(origin)});`),
      `    expect(responses.includes('Access-Control-Allow-Credentials')).toBe(${api.cors.allowCredentials});`,
      '  });',
    ) : lines(
      "  test.each(apis)('$name: no CORS preflight (cors.enabled is false)', ({ api }) => {",
      "    expect(api.api.methods.filter((m) => m.httpMethod === 'OPTIONS')).toEqual([]);",
      '  });',
    ),
    authorizer && lines(
      '',
      `  test.each(apis)('$name: a ${authorizer.type} authorizer on ${authorizer.identityHeader}, decisions cached ${authorizer.resultsCacheTtlSeconds} s', ({ api }) => {`,
      "    const authorizers = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer' && JSON.stringify(r.Properties.RestApiId).includes(logicalId(api.api)));",
      '    expect(authorizers).toHaveLength(1);',
      '    expect(authorizers[0].Properties).toMatchObject({',
      `      Type: ${str(authorizer.type)},`,
      `      IdentitySource: ${str(`method.request.header.${authorizer.identityHeader}`)},`,
      `      AuthorizerResultTtlInSeconds: ${authorizer.resultsCacheTtlSeconds},`,
      '    });',
      '    expect(JSON.stringify(authorizers[0].Properties.AuthorizerUri)).toContain(logicalId(stack.authorizerFunction.invocable));',
      '  });',
      '',
      `  test('the authorizer function: ${authorizer.preset}, ${authorizer.memorySize} MB, ${authorizer.timeoutSeconds} s', () => {`,
      `    expect(resources[logicalId(stack.authorizerFunction)].Properties).toMatchObject({ MemorySize: ${authorizer.memorySize}, Timeout: ${authorizer.timeoutSeconds} });`,
      '  });',
    ),
    '',
    ROUTE_TESTS,
    schemaRoutes.length > 0 && lines(
      '',
      '  const validatedRoutes = [',
      ...schemaRoutes.map((fn) => {
        const instance = app.services.find((service) => service.name === fn.service)!.api!;
        return `    { route: ${str(`${fn.route!.method} ${fn.route!.path}`)}, api: stack.${instance.propertyName}, schemaFile: ${str(fn.route!.bodySchemaFile!)} },`;
      }),
      '  ];',
      '',
      "  test.each(validatedRoutes)('$route: API Gateway validates the body against $schemaFile', ({ api, route, schemaFile }) => {",
      '    const method = methodOf(api, route);',
      '    // under $default: a body of any content type is validated, not only one sent as application/json',
      '    const model = resources[method.RequestModels.$default.Ref].Properties;',
      "    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', schemaFile), 'utf8'));",
      "    expect(model).toMatchObject({ ContentType: 'application/json', Schema: schema });",
      '    expect(resources[logicalId(api.requestValidator)].Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });',
      '  });',
    ),
    '});',
  );
}

function renderGraphqlTests(app: AppModel): string {
  const graphql = app.graphql!;
  return lines(
    '',
    "describe('the GraphQL API', () => {",
    `  test('authorization ${graphql.authorization}, X-Ray ${app.tracing ? 'on' : 'off'}, ${graphql.fieldLogLevel} field logs', () => {`,
    "    const graphqlApi = Object.values(resources).find((r) => r.Type === 'AWS::AppSync::GraphQLApi')!.Properties;",
    '    expect(graphqlApi).toMatchObject({',
    `      AuthenticationType: ${str({ API_KEY: 'API_KEY', IAM: 'AWS_IAM', USER_POOL: 'AMAZON_COGNITO_USER_POOLS' }[graphql.authorization])},`,
    `      XrayEnabled: ${app.tracing},`,
    `      LogConfig: { FieldLogLevel: ${str(graphql.fieldLogLevel)} },`,
    '    });',
    `    template.resourceCountIs('AWS::AppSync::ApiKey', ${graphql.authorization === GraphqlAuthorization.API_KEY ? 1 : 0});`,
    '  });',
    '',
    '  const resolvers = [',
    ...graphql.resolvers.map((fn) => `    { field: ${str(`${fn.resolver!.typeName}.${fn.resolver!.fieldName}`)}, fn: ${functionRef(fn, app)} },`),
    '  ];',
    '',
    "  test.each(resolvers)('$field is resolved by its own function', ({ field, fn }) => {",
    "    const [typeName, fieldName] = field.split('.');",
    "    const resolver = Object.values(resources).find((r) => r.Type === 'AWS::AppSync::Resolver' && r.Properties.TypeName === typeName && r.Properties.FieldName === fieldName)!;",
    '    expect(resolver).toBeDefined();',
    "    const dataSource = Object.values(resources).find((r) => r.Type === 'AWS::AppSync::DataSource' && r.Properties.Name === resolver.Properties.DataSourceName)!;",
    '    expect(JSON.stringify(dataSource.Properties.LambdaConfig.LambdaFunctionArn)).toContain(logicalId(fn.invocable));',
    '  });',
    `  test('each field has a function of its own: ${graphql.resolvers.length}', () => {`,
    `    template.resourceCountIs('AWS::AppSync::DataSource', ${graphql.resolvers.length});`,
    '  });',
    '});',
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
