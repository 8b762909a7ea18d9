/** The REST APIs (stage, CORS, authorizer, each route's method) and the GraphQL API (authorization, one resolver per field). */
import { renderDeploymentTests } from './deployment';
import { EXPECT_AUTHORIZATION, functionRef } from './helpers';
import { GraphqlAuthorization } from '../../../constructs/graphql-api';
import { AppModel } from '../../model';
import { lines, literal, str } from '../typescript';

/** Static: per route, the method's authorization, parameters, cache and model. */
const ROUTE_TESTS = [
  "  test.each(routes)('$route: authorized $authorized', ({ api, route, authorized }) => {",
  '    const node = methodNode(api, route);',
  '    const method = resourceOf(node).Properties;',
  EXPECT_AUTHORIZATION,
  '  });',
  '',
  "  test.each(routes)('$route: path and query parameters $queryParameters validated', ({ api, route, queryParameters }) => {",
  '    const node = methodNode(api, route);',
  '    const method = resourceOf(node).Properties;',
  '    const pathParameters = [...route.matchAll(/\\{([A-Za-z0-9_]+)\\+?\\}/g)].map(([, name]) => [`method.request.path.${name}`, true]);',
  '    const query = Object.entries(queryParameters).map(([name, required]) => [`method.request.querystring.${name}`, required]);',
  '    // (a cached route declares its other cache keys, the token header or Origin, as optional parameters)',
  '    expect(method.RequestParameters ?? {}).toMatchObject(Object.fromEntries([...pathParameters, ...query]));',
  '    expect(method.RequestValidatorId).toEqual(refTo(api.requestValidator, node));',
  '  });',
  '',
  "  test.each(routes)('$route: cached for $cacheTtl s', ({ api, route, authorized, cacheTtl }) => {",
  '    const [httpMethod, resourcePath] = route.split(\' \');',
  '    const settings = resourceOf(api.api.deploymentStage).Properties.MethodSettings as Array<Record<string, unknown>>;',
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
  "  test.each(routes)('$route: invokes its function through a Lambda proxy integration, with a role that may invoke it', ({ api, route, fn }) => {",
  '    const node = methodNode(api, route);',
  '    const integration = resourceOf(node).Properties.Integration;',
  "    expect(integration.Type).toBe('AWS_PROXY');",
  '    // through the live alias when the function has provisioned concurrency',
  '    expect(JSON.stringify(integration.Uri)).toContain(logicalId(fn.invocable));',
  "    // the role API Gateway invokes with, of the method's stack: no Lambda permission per method",
  "    const [roleId] = integration.Credentials['Fn::GetAtt'];",
  '    const role = templateOf(node)[roleId].Properties;',
  "    expect(role.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'apigateway.amazonaws.com' } })]);",
  '    const statements: Array<{ Action: string; Resource: unknown }> = role.Policies',
  '      .flatMap((p: { PolicyDocument: { Statement: Array<{ Action: string; Resource: unknown }> } }) => p.PolicyDocument.Statement);',
  "    const invokable = statements.filter((s) => s.Action === 'lambda:InvokeFunction').flatMap((s) => ([] as unknown[]).concat(s.Resource));",
  '    expect(JSON.stringify(invokable)).toContain(JSON.stringify(logicalId(fn.invocable)));',
  '  });',
].join('\n');

export function renderRestApiTests(app: AppModel): string {
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
    '  /** The method of a route: one of the API\'s methods, whatever stack holds it. */',
    '  function methodNode(api: ServerlessRestApi, route: string): apigateway.Method {',
    '    const methods = api.api.methods.filter((m) => `${m.httpMethod} ${m.resource.path}` === route);',
    '    expect(methods).toHaveLength(1);',
    '    return methods[0];',
    '  }',
    '',
    '  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties are untyped JSON',
    '  function methodOf(api: ServerlessRestApi, route: string): Record<string, any> {',
    '    return resourceOf(methodNode(api, route)).Properties;',
    '  }',
    '',
    api.createsCloudWatchRole
      ? "  test('one account-level logging role for all the APIs: there is one per account and region', () => {"
      : "  test('no account-level logging role: it is one per account and region, created once for the account', () => {",
    `    expect(countOf('AWS::ApiGateway::Account')).toBe(${api.createsCloudWatchRole ? 1 : 0});`,
    '  });',
    '',
    `  test.each(apis)('$name: stage ${api.stageName}, tracing ${app.tracing ? 'on' : 'off'}, ${api.loggingLevel} logs, data trace ${api.dataTrace ? 'on' : 'off'}, metrics ${api.metrics ? 'on' : 'off'}, ${api.throttlingRateLimit} rps (burst ${api.throttlingBurstLimit})', ({ api }) => {`,
    '    const stage = resourceOf(api.api.deploymentStage).Properties;',
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
      `  test.each(apis)('$name: CORS preflight on every resource, in every stack, for ${api.cors.allowOrigins.join(', ')}${api.cors.allowCredentials ? ' with credentials' : ''}', ({ api }) => {`,
      "    const paths = new Set(routes.filter((r) => r.api === api).map((r) => r.route.split(' ')[1]));",
      "    const preflight = api.api.methods.filter((m) => m.httpMethod === 'OPTIONS');",
      '    expect(preflight.map((m) => m.resource.path)).toEqual(expect.arrayContaining([...paths]));',
      '    // every resource of the API, whichever stack created it, answers the preflight',
      '    const apiResources = stack.node.findAll().filter((c): c is apigateway.Resource => c instanceof apigateway.Resource && c.api === api.api);',
      '    expect(apiResources.filter((r) => !preflight.some((m) => m.resource === r)).map((r) => r.path)).toEqual([]);',
      '    for (const method of preflight) {',
      '      const responses = JSON.stringify(resourceOf(method).Properties.Integration);',
      ...api.cors.allowOrigins.map((origin) => `      expect(responses).toContain(${str(origin)});`),
      `      expect(responses.includes('Access-Control-Allow-Credentials')).toBe(${api.cors.allowCredentials});`,
      '    }',
      '  });',
    ) : lines(
      "  test.each(apis)('$name: no CORS preflight (cors.enabled is false)', ({ api }) => {",
      "    expect(api.api.methods.filter((m) => m.httpMethod === 'OPTIONS')).toEqual([]);",
      '  });',
    ),
    '',
    renderCorsErrorTest(app),
    authorizer && lines(
      '',
      `  test.each(apis)('$name: a ${authorizer.type} authorizer on ${authorizer.identityHeader}, decisions cached ${authorizer.resultsCacheTtlSeconds} s', ({ api }) => {`,
      "    const authorizers = resources.filter((r) => r.Type === 'AWS::ApiGateway::Authorizer' && JSON.stringify(r.Properties.RestApiId).includes(logicalId(api.api)));",
      '    expect(authorizers).toHaveLength(1);',
      '    expect(authorizers[0].Properties).toMatchObject({',
      `      Type: ${str(authorizer.type)},`,
      `      IdentitySource: ${str(`method.request.header.${authorizer.identityHeader}`)},`,
      `      AuthorizerResultTtlInSeconds: ${authorizer.resultsCacheTtlSeconds},`,
      '    });',
      '    expect(refersTo(authorizers[0].Properties.AuthorizerUri, stack.authorizerFunction.invocable, api)).toBe(true);',
      '  });',
      '',
      `  test('the authorizer function: ${authorizer.preset}, ${authorizer.memorySize} MB, ${authorizer.timeoutSeconds} s', () => {`,
      `    expect(resourceOf(stack.authorizerFunction).Properties).toMatchObject({ MemorySize: ${authorizer.memorySize}, Timeout: ${authorizer.timeoutSeconds} });`,
      '  });',
    ),
    '',
    ROUTE_TESTS,
    renderDeploymentTests(app),
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
      '    const node = methodNode(api, route);',
      '    const method = resourceOf(node).Properties;',
      '    // under $default: a body of any content type is validated, not only one sent as application/json',
      '    const model = templateOf(node)[method.RequestModels.$default.Ref].Properties;',
      "    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', schemaFile), 'utf8'));",
      "    expect(model).toMatchObject({ ContentType: 'application/json', Schema: schema });",
      '    expect(resourceOf(api.requestValidator).Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });',
      '  });',
    ),
    '});',
  );
}

/** The gateway responses that carry the CORS headers, when `cors.errorResponses` is on. */
const CORS_ERROR_RESPONSES = ['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED', 'ACCESS_DENIED', 'BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS'];

/**
 * API Gateway's own errors (authorizer, validator, throttling, a missing route) and their CORS
 * headers: literal for `*` or one origin; echoed from the request's `Origin`, without credentials,
 * for several.
 */
function renderCorsErrorTest(app: AppModel): string {
  const { cors } = app.api;
  if (!cors.errorResponses) {
    return lines(
      `  test.each(apis)('$name: the gateway responses (API Gateway errors) carry no CORS headers (${cors.enabled ? 'cors.errorResponses' : 'cors.enabled'} is false)', ({ api }) => {`,
      '    expect(gatewayResponsesOf(api)).toEqual([]);',
      '  });',
      '',
      GATEWAY_RESPONSES_OF,
    );
  }
  const several = cors.allowOrigins.length > 1;
  const headers: Record<string, string> = several
    ? { 'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin', 'gatewayresponse.header.Vary': "'Origin'" }
    : {
      'gatewayresponse.header.Access-Control-Allow-Origin': `'${cors.allowOrigins[0]}'`,
      ...(cors.allowCredentials && { 'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'" }),
    };
  return lines(
    `  test.each(apis)('$name: the gateway responses ${CORS_ERROR_RESPONSES.join(', ')} (API Gateway errors) carry the CORS headers${several ? ', the Origin echoed' : ''}', ({ api }) => {`,
    '    const responses = gatewayResponsesOf(api);',
    `    expect(responses.map((r) => r.ResponseType).sort()).toEqual(${literal([...CORS_ERROR_RESPONSES].sort())});`,
    '    for (const response of responses) {',
    `      expect(response.ResponseParameters).toEqual(${literal(headers)});`,
    '    }',
    '  });',
    '',
    GATEWAY_RESPONSES_OF,
  );
}

const GATEWAY_RESPONSES_OF = [
  '  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties are untyped JSON',
  '  function gatewayResponsesOf(api: ServerlessRestApi): Array<Record<string, any>> {',
  "    return resources.filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse' && JSON.stringify(r.Properties.RestApiId).includes(logicalId(api.api)))",
  '      .map((r) => r.Properties);',
  '  }',
].join('\n');

export function renderGraphqlTests(app: AppModel): string {
  const graphql = app.graphql!;
  return lines(
    '',
    "describe('the GraphQL API', () => {",
    `  test('authorization ${graphql.authorization}, X-Ray ${app.tracing ? 'on' : 'off'}, ${graphql.fieldLogLevel} field logs', () => {`,
    "    const graphqlApi = resources.find((r) => r.Type === 'AWS::AppSync::GraphQLApi')!.Properties;",
    '    expect(graphqlApi).toMatchObject({',
    `      AuthenticationType: ${str({ API_KEY: 'API_KEY', IAM: 'AWS_IAM', USER_POOL: 'AMAZON_COGNITO_USER_POOLS' }[graphql.authorization])},`,
    `      XrayEnabled: ${app.tracing},`,
    `      LogConfig: { FieldLogLevel: ${str(graphql.fieldLogLevel)} },`,
    '    });',
    `    expect(countOf('AWS::AppSync::ApiKey')).toBe(${graphql.authorization === GraphqlAuthorization.API_KEY ? 1 : 0});`,
    '  });',
    '',
    '  const resolvers = [',
    ...graphql.resolvers.map((fn) => `    { field: ${str(`${fn.resolver!.typeName}.${fn.resolver!.fieldName}`)}, fn: ${functionRef(fn, app)} },`),
    '  ];',
    '',
    "  test.each(resolvers)('$field is resolved by its own function', ({ field, fn }) => {",
    "    const [typeName, fieldName] = field.split('.');",
    "    const resolver = resources.find((r) => r.Type === 'AWS::AppSync::Resolver' && r.Properties.TypeName === typeName && r.Properties.FieldName === fieldName)!;",
    '    expect(resolver).toBeDefined();',
    "    const dataSource = resources.find((r) => r.Type === 'AWS::AppSync::DataSource' && r.Properties.Name === resolver.Properties.DataSourceName)!;",
    '    expect(JSON.stringify(dataSource.Properties.LambdaConfig.LambdaFunctionArn)).toContain(logicalId(fn.invocable));',
    '  });',
    `  test('each field has a function of its own: ${graphql.resolvers.length}', () => {`,
    `    expect(countOf('AWS::AppSync::DataSource')).toBe(${graphql.resolvers.length});`,
    '  });',
    '});',
  );
}
