import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { AppModel, ApiInstanceModel, ServiceModel } from '../model';
import { ARCHITECTURES, RETENTION_DAYS, RUNTIMES } from '../runtimes';
import { alarmsStackPropsField, alarmsUseDuration, renderAlarms } from './alarms';
import { renderCompliance } from './compliance';
import { CONSTRUCTS_MODULE, lines, str, strArray } from './typescript';

/** `src/generated/<app>-stack.generated.ts`: the stack, its shared API, GraphQL API and bus, and one construct per service. */
export function renderStack(app: AppModel): string {
  // with stages, each stage's stack props may change what the app's options set
  const staged = app.stages.length > 0;
  const appRetention = `logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]}`;
  const retention = staged ? 'logRetention' : appRetention;
  const hasRestApi = app.api.instances.length > 0;
  const usesDuration = app.authorizer !== undefined || app.api.cache !== undefined
    || app.graphql?.authorization === GraphqlAuthorization.API_KEY || (app.hasEventBus && app.eventArchiveRetentionDays !== undefined)
    || alarmsUseDuration(app);
  const usesValidations = app.authorizer !== undefined || (hasRestApi && !app.authorizer) || app.nodeRuntimeChosen;
  const constructs = [
    app.authorizer && 'AuthorizerType',
    app.controlTower && 'ControlTowerCompliance',
    'FunctionDefaults',
    app.authorizer && 'FunctionPreset',
    !app.nodeRuntimeChosen && 'NodeRuntimes',
    app.graphql && 'GraphqlAuthorization',
    app.alarms && 'OperationalAlarms',
    app.hasEventBus && 'ServerlessEventBus',
    app.graphql && 'ServerlessGraphqlApi',
    hasRestApi && 'ServerlessRestApi',
    hasRestApi && 'ServerlessRestApiProps',
    app.authorizer && 'ServiceFunction',
  ].filter((name): name is string => typeof name === 'string');
  const hasTags = Object.keys(app.tags).length > 0;
  const cdkImports = [
    (hasRestApi || app.graphql) && 'CfnOutput', usesDuration && 'Duration', app.serviceStacks && 'NestedStack',
    staged && 'RemovalPolicies', staged && 'RemovalPolicy', 'Stack', 'StackProps',
    hasTags && 'Tags', usesValidations && 'Validations',
  ].filter((name): name is string => typeof name === 'string');
  // with serviceStacks, a service that owns its REST API creates it in its own stack
  const appApis = app.api.instances.filter((instance) => !app.serviceStacks || instance.constructId === 'Api');
  return lines(
    (app.authorizer || app.graphql) && "import * as path from 'node:path';",
    `import { ${cdkImports.join(', ')} } from 'aws-cdk-lib';`,
    hasRestApi && "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
    app.graphql && "import * as appsync from 'aws-cdk-lib/aws-appsync';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import * as logs from 'aws-cdk-lib/aws-logs';",
    app.alarms?.topicArn !== undefined && "import * as sns from 'aws-cdk-lib/aws-sns';",
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
    renderStackProps(app, appRetention),
    '',
    `/** The \`${app.stackName}\` app: ${app.services.map((service) => `\`${service.name}\``).join(', ')}. */`,
    `export class ${app.stackClassName} extends Stack {`,
    app.authorizer && '  /** Decides who may call the routes of the REST API. */',
    app.authorizer && '  public readonly authorizerFunction: ServiceFunction;',
    ...app.api.instances.map((instance) => `  public readonly ${instance.propertyName}: ServerlessRestApi;`),
    app.graphql && '  public readonly graphqlApi: ServerlessGraphqlApi;',
    app.hasEventBus && '  public readonly eventBus: ServerlessEventBus;',
    ...app.services.map((service) => `  public readonly ${service.propertyName}: ${service.className};`),
    app.alarms && '  /** The alarms, their topic and the dashboard, when the stack has them. */',
    app.alarms && '  public readonly operationalAlarms?: OperationalAlarms;',
    '',
    `  constructor(scope: Construct, id: string, props?: ${staged || app.alarms ? `${app.stackClassName}Props` : 'StackProps'}) {`,
    '    super(scope, id, props);',
    staged && renderStageSettings(appRetention),
    hasTags && lines(
      '    // every taggable resource, in every stack of the app (`tags` in .projenrc.ts)',
      ...Object.entries(app.tags).map(([key, value]) => `    Tags.of(this).add(${str(key)}, ${str(value)});`),
    ),
    '',
    '    const functionDefaults: FunctionDefaults = {',
    `      architecture: lambda.Architecture.${ARCHITECTURES[app.architecture].cdkMember},`,
    `      runtime: lambda.Runtime.${RUNTIMES[app.nodeRuntime].cdkMember},`,
    `      tracing: lambda.Tracing.${app.tracing ? 'ACTIVE' : 'DISABLED'},`,
    `      logGroupRetention: ${retention},`,
    app.tracerAndMetrics && `      metricsNamespace: ${str(app.stackName)},`,
    staged && '      provisionedConcurrencyEnabled: props?.provisionedConcurrency,',
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
    ...appApis.map((instance) => renderApi(instance, app, 'this')),
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
    app.serviceStacks && '    // each service in a nested stack of its own (`serviceStacks` in .projenrc.ts), its routes added to the shared API from there',
    ...app.services.map((service) => renderServiceConstruct(service, app)),
    renderCompliance(app),
    renderAlarms(app),
    (hasRestApi || app.graphql) && '',
    ...app.api.instances.map((instance) => `    new CfnOutput(this, '${instance.constructId}Url', { value: this.${instance.propertyName}.url });`),
    app.graphql && "    new CfnOutput(this, 'GraphqlUrl', { value: this.graphqlApi.graphqlUrl });",
    app.graphql?.authorization === GraphqlAuthorization.API_KEY && "    new CfnOutput(this, 'GraphqlApiKey', { value: this.graphqlApi.apiKey! });",
    '  }',
    '}',
    '',
  );
}

/** `<Stack>Props`: what a stage may change of the stack (`stages`) and the `alarms` switch, when the app has either. */
function renderStackProps(app: AppModel, appRetention: string): string | false {
  const stageFields = app.stages.length === 0 ? [] : [
    lines(
      '  /**',
      '   * What happens to the tables and buckets when they leave the stack or the stack is deleted.',
      '   *',
      '   * @default - each construct\'s own: tables and buckets are retained',
      '   */',
      '  readonly dataRemovalPolicy?: RemovalPolicy;',
    ),
    lines(
      '  /**',
      '   * How long the functions\', the REST API\'s and the GraphQL API\'s logs are kept.',
      '   *',
      `   * @default ${appRetention} (\`logRetentionDays\` in .projenrc.ts)`,
      '   */',
      '  readonly logRetention?: logs.RetentionDays;',
    ),
    lines(
      '  /**',
      '   * Whether the functions get the provisioned concurrency of their preset or of their `provisionedConcurrency`.',
      '   *',
      '   * @default true',
      '   */',
      '  readonly provisionedConcurrency?: boolean;',
    ),
  ];
  const fields = [...stageFields, alarmsStackPropsField(app)].filter((field): field is string => typeof field === 'string');
  return fields.length > 0 && lines(
    '',
    app.stages.length > 0
      ? `/** What each stage sets of the \`${app.stackName}\` stack (\`stages\` in .projenrc.ts). */`
      : `/** Props of \`${app.stackClassName}\`. */`,
    `export interface ${app.stackClassName}Props extends StackProps {`,
    fields.join('\n\n'),
    '}',
  );
}

/** The stage's settings, read from the stack's props at the top of its constructor. */
function renderStageSettings(appRetention: string): string {
  return lines(
    `    const logRetention = props?.logRetention ?? ${appRetention};`,
    '    // the stage\'s tables and buckets: retained in production, destroyed with a dev stage (`stages` in .projenrc.ts)',
    '    if (props?.dataRemovalPolicy !== undefined) {',
    "      RemovalPolicies.of(this).apply(props.dataRemovalPolicy, { applyToResourceTypes: ['AWS::DynamoDB::Table', 'AWS::S3::Bucket'] });",
    '    }',
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
      !cors.errorResponses && '        errorResponses: false,',
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

/** The service's construct, in the stack or in a nested stack of its own (with its own REST API, if it has one). */
function renderServiceConstruct(service: ServiceModel, app: AppModel): string {
  const args = [
    service.api && `api: this.${service.api.propertyName}`,
    service.functions.some((fn) => fn.resolver) && 'graphqlApi: this.graphqlApi',
    app.hasEventBus && 'eventBus: this.eventBus.bus',
    'functionDefaults',
  ].filter((arg): arg is string => typeof arg === 'string');
  const ownApi = app.serviceStacks && service.api && service.api.constructId !== 'Api' ? service.api : undefined;
  const scope = app.serviceStacks ? service.stackVariable : 'this';
  // `<Name>Service`: a service's construct id never collides with the stack's own (`Api`, `EventBus`)
  const construct = `    this.${service.propertyName} = new ${service.className}(${scope}, ${str(service.className)}, { ${args.join(', ')} });`;
  if (!app.serviceStacks) {
    return construct;
  }
  return lines(
    `    const ${service.stackVariable} = new NestedStack(this, ${str(service.stackId)}, { description: ${str(`The ${service.name} service of ${app.stackName}`)} });`,
    ownApi && renderApi(ownApi, app, service.stackVariable).replace(/^\n/, ''),
    construct,
  );
}

function renderApi(instance: ApiInstanceModel, app: AppModel, scope: string): string {
  // the account-level logging role is one per account and region: only the first API may create it,
  // as api.cloudWatchRole says, or else as cdk.json's feature flags say
  const first = app.api.instances[0] === instance;
  const roleOption = app.api.cloudWatchRoleOption;
  const cloudWatchRole = !first ? ', cloudWatchRole: false' : roleOption === undefined ? '' : `, cloudWatchRole: ${roleOption}`;
  return lines(
    '',
    `    this.${instance.propertyName} = new ServerlessRestApi(${scope}, ${str(instance.constructId)}, { ...apiProps, restApiName: ${str(instance.restApiName)}${cloudWatchRole} });`,
    !app.authorizer && lines(
      '    // No authorizer is configured in .projenrc.ts (`api.authorizer`): every route of this API is public.',
      `    Validations.of(this.${instance.propertyName}).acknowledge(`,
      "      { id: 'AwsSolutions-APIG4', reason: 'Public API: no authorizer is configured in .projenrc.ts.' },",
      "      { id: 'AwsSolutions-COG4', reason: 'Public API: no Cognito user pool authorizer is configured in .projenrc.ts.' },",
      '    );',
    ),
  );
}
