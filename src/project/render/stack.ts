import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { AppModel, ApiInstanceModel } from '../model';
import { ARCHITECTURES, RETENTION_DAYS, RUNTIMES } from '../runtimes';
import { CONSTRUCTS_MODULE, lines, str, strArray } from './typescript';

/** `src/generated/<app>-stack.generated.ts`: the stack, its shared API, GraphQL API and bus, and one construct per service. */
export function renderStack(app: AppModel): string {
  const retention = `logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]}`;
  const hasRestApi = app.api.instances.length > 0;
  const usesDuration = app.authorizer !== undefined || app.api.cache !== undefined
    || app.graphql?.authorization === GraphqlAuthorization.API_KEY || (app.hasEventBus && app.eventArchiveRetentionDays !== undefined);
  const usesValidations = app.authorizer !== undefined || (hasRestApi && !app.authorizer) || app.nodeRuntimeChosen;
  const constructs = [
    app.authorizer && 'AuthorizerType',
    'FunctionDefaults',
    app.authorizer && 'FunctionPreset',
    !app.nodeRuntimeChosen && 'NodeRuntimes',
    app.graphql && 'GraphqlAuthorization',
    app.hasEventBus && 'ServerlessEventBus',
    app.graphql && 'ServerlessGraphqlApi',
    hasRestApi && 'ServerlessRestApi',
    hasRestApi && 'ServerlessRestApiProps',
    app.authorizer && 'ServiceFunction',
  ].filter((name): name is string => typeof name === 'string');
  const cdkImports = [(hasRestApi || app.graphql) && 'CfnOutput', usesDuration && 'Duration', 'Stack', 'StackProps', usesValidations && 'Validations']
    .filter((name): name is string => typeof name === 'string');
  return lines(
    (app.authorizer || app.graphql) && "import * as path from 'node:path';",
    `import { ${cdkImports.join(', ')} } from 'aws-cdk-lib';`,
    hasRestApi && "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
    app.graphql && "import * as appsync from 'aws-cdk-lib/aws-appsync';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import * as logs from 'aws-cdk-lib/aws-logs';",
    "import { Construct } from 'constructs';",
    `import { ${constructs.join(', ')} } from ${str(CONSTRUCTS_MODULE)};`,
    ...app.services.map((service) => `import { ${service.className} } from './${service.fileBase}.generated';`),
    app.authorizer && lines(
      '',
      "/** Where the `bundle` task writes each function's code. */",
      "const ASSETS = path.join(__dirname, '..', '..', 'assets');",
    ),
    app.graphql && lines(
      '',
      '/** The project root, which the schema path in .projenrc.ts is relative to. */',
      "const ROOT = path.join(__dirname, '..', '..');",
    ),
    '',
    `/** The \`${app.stackName}\` app: ${app.services.map((service) => `\`${service.name}\``).join(', ')}. */`,
    `export class ${app.stackClassName} extends Stack {`,
    app.authorizer && '  /** Decides who may call the routes of the REST API. */',
    app.authorizer && '  public readonly authorizerFunction: ServiceFunction;',
    ...app.api.instances.map((instance) => `  public readonly ${instance.propertyName}: ServerlessRestApi;`),
    app.graphql && '  public readonly graphqlApi: ServerlessGraphqlApi;',
    app.hasEventBus && '  public readonly eventBus: ServerlessEventBus;',
    ...app.services.map((service) => `  public readonly ${service.propertyName}: ${service.className};`),
    '',
    '  constructor(scope: Construct, id: string, props?: StackProps) {',
    '    super(scope, id, props);',
    '',
    '    const functionDefaults: FunctionDefaults = {',
    `      architecture: lambda.Architecture.${ARCHITECTURES[app.architecture].cdkMember},`,
    `      runtime: lambda.Runtime.${RUNTIMES[app.nodeRuntime].cdkMember},`,
    `      tracing: lambda.Tracing.${app.tracing ? 'ACTIVE' : 'DISABLED'},`,
    `      logGroupRetention: ${retention},`,
    app.tracerAndMetrics && `      metricsNamespace: ${str(app.stackName)},`,
    '    };',
    '',
    app.nodeRuntimeChosen ? lines(
      `    // nodeRuntime ${app.nodeRuntime} is set in .projenrc.ts: the functions stay on it when a newer Lambda runtime comes, by choice.`,
      '    Validations.of(this).acknowledge(',
      `      { id: 'AwsSolutions-L1', reason: 'nodeRuntime ${app.nodeRuntime} is chosen in .projenrc.ts.' },`,
      `      { id: 'Serverless-LambdaLatestVersion', reason: 'nodeRuntime ${app.nodeRuntime} is chosen in .projenrc.ts.' },`,
      '    );',
    ) : lines(
      '    // nodeRuntime is not set in .projenrc.ts: the newest Node.js runtime, said once if aws-cdk-lib knows a newer one',
      `    NodeRuntimes.requireNewest(this, lambda.Runtime.${RUNTIMES[app.nodeRuntime].cdkMember});`,
    ),
    app.authorizer && lines(
      '',
      '    this.authorizerFunction = new ServiceFunction(this, \'Authorizer\', {',
      '      ...functionDefaults,',
      "      assetPath: path.join(ASSETS, 'authorizer'),",
      `      preset: FunctionPreset.${app.authorizer.preset},`,
      "      environment: { POWERTOOLS_SERVICE_NAME: 'authorizer' },",
      '    });',
      '    Validations.of(this.authorizerFunction).acknowledge({',
      "      id: 'Serverless-LambdaDLQ',",
      "      reason: 'Invoked synchronously by API Gateway as the authorizer: a failure denies the request; a dead-letter queue only receives failed asynchronous invocations.',",
      '    });',
    ),
    hasRestApi && renderApiProps(app, retention),
    ...app.api.instances.map((instance, index) => renderApi(instance, app, index === 0)),
    app.graphql && lines(
      '',
      "    this.graphqlApi = new ServerlessGraphqlApi(this, 'GraphqlApi', {",
      `      name: ${str(app.stackName)},`,
      `      schemaFile: path.join(ROOT, ${str(app.graphql.schemaFile)}),`,
      `      authorization: GraphqlAuthorization.${app.graphql.authorization},`,
      app.graphql.authorization === GraphqlAuthorization.API_KEY && `      apiKeyExpiry: Duration.days(${app.graphql.apiKeyExpiryDays}),`,
      `      fieldLogLevel: appsync.FieldLogLevel.${app.graphql.fieldLogLevel},`,
      `      xrayEnabled: ${app.tracing},`,
      `      logRetention: ${retention},`,
      '    });',
    ),
    app.hasEventBus && lines(
      '',
      app.eventArchiveRetentionDays === undefined
        ? "    this.eventBus = new ServerlessEventBus(this, 'EventBus', { archive: false });"
        : `    this.eventBus = new ServerlessEventBus(this, 'EventBus', { archiveRetention: Duration.days(${app.eventArchiveRetentionDays}) });`,
    ),
    '',
    ...app.services.map((service) => {
      const args = [
        service.api && `api: this.${service.api.propertyName}`,
        service.functions.some((fn) => fn.resolver) && 'graphqlApi: this.graphqlApi',
        app.hasEventBus && 'eventBus: this.eventBus.bus',
        'functionDefaults',
      ].filter((arg): arg is string => typeof arg === 'string');
      // `<Name>Service`: a service's construct id never collides with the stack's own (`Api`, `EventBus`)
      return `    this.${service.propertyName} = new ${service.className}(this, ${str(service.className)}, { ${args.join(', ')} });`;
    }),
    (hasRestApi || app.graphql) && '',
    ...app.api.instances.map((instance) => `    new CfnOutput(this, '${instance.constructId}Url', { value: this.${instance.propertyName}.url });`),
    app.graphql && "    new CfnOutput(this, 'GraphqlUrl', { value: this.graphqlApi.graphqlUrl });",
    app.graphql?.authorization === GraphqlAuthorization.API_KEY && "    new CfnOutput(this, 'GraphqlApiKey', { value: this.graphqlApi.apiKey! });",
    '  }',
    '}',
    '',
  );
}

/** The settings every REST API of the app shares. */
function renderApiProps(app: AppModel, retention: string): string {
  const { api, authorizer } = app;
  const cors = api.cors;
  return lines(
    '',
    '    const apiProps: ServerlessRestApiProps = {',
    `      stageName: ${str(api.stageName)},`,
    `      tracingEnabled: ${app.tracing},`,
    `      loggingLevel: apigateway.MethodLoggingLevel.${api.loggingLevel},`,
    api.dataTrace
      ? '      // on in .projenrc.ts: full request and response bodies reach the execution logs'
      : '      // full request and response bodies in the logs would expose personal data and secrets',
    `      dataTraceEnabled: ${api.dataTrace},`,
    `      metricsEnabled: ${api.metrics},`,
    `      throttlingRateLimit: ${api.throttlingRateLimit},`,
    `      throttlingBurstLimit: ${api.throttlingBurstLimit},`,
    `      accessLogRetention: ${retention},`,
    cors.enabled ? lines(
      '      cors: {',
      `        allowOrigins: ${strArray(cors.allowOrigins)},`,
      cors.allowMethods && `        allowMethods: ${strArray(cors.allowMethods)},`,
      cors.allowHeaders && `        allowHeaders: ${strArray(cors.allowHeaders)},`,
      `        allowCredentials: ${cors.allowCredentials},`,
      '      },',
    ) : '      cors: { enabled: false },',
    api.cache && `      cache: { clusterSize: ${str(api.cache.clusterSizeGb)}, defaultTtl: Duration.seconds(${api.cache.ttlSeconds}) },`,
    authorizer && lines(
      '      authorizer: {',
      '        handler: this.authorizerFunction.invocable,',
      `        type: AuthorizerType.${authorizer.type},`,
      `        identitySource: ${str(authorizer.identityHeader)},`,
      `        resultsCacheTtl: Duration.seconds(${authorizer.resultsCacheTtlSeconds}),`,
      '      },',
    ),
    '    };',
  );
}

function renderApi(instance: ApiInstanceModel, app: AppModel, first: boolean): string {
  // the account-level logging role is one per account and region: only the first API may create it,
  // as api.cloudWatchRole says, or else as cdk.json's feature flags say
  const roleOption = app.api.cloudWatchRoleOption;
  const cloudWatchRole = !first ? ', cloudWatchRole: false' : roleOption === undefined ? '' : `, cloudWatchRole: ${roleOption}`;
  return lines(
    '',
    `    this.${instance.propertyName} = new ServerlessRestApi(this, ${str(instance.constructId)}, { ...apiProps, restApiName: ${str(instance.restApiName)}${cloudWatchRole} });`,
    !app.authorizer && lines(
      '    // No authorizer is configured in .projenrc.ts (`api.authorizer`): every route of this API is public.',
      `    Validations.of(this.${instance.propertyName}).acknowledge(`,
      "      { id: 'AwsSolutions-APIG4', reason: 'Public API: no authorizer is configured in .projenrc.ts.' },",
      "      { id: 'AwsSolutions-COG4', reason: 'Public API: no Cognito user pool authorizer is configured in .projenrc.ts.' },",
      '    );',
    ),
  );
}
