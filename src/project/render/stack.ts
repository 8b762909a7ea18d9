import { AppModel } from '../model';
import { ARCHITECTURES, LATEST_RUNTIME, RETENTION_DAYS, RUNTIMES } from '../runtimes';
import { CHECKS_MODULE, CONSTRUCTS_MODULE, lines, str } from './typescript';

/** `src/generated/<app>-stack.generated.ts`: the stack, its shared API and bus, and one construct per service. */
export function renderStack(app: AppModel): string {
  const serviceArgs = lines(app.hasApi && 'api: this.api,', app.hasEventBus && 'eventBus: this.eventBus,', 'functionDefaults').replace(/\n/g, ' ');
  return lines(
    `import { ${app.hasApi ? 'CfnOutput, ' : ''}Stack, StackProps${app.hasApi || app.nodeRuntime !== LATEST_RUNTIME ? ', Validations' : ''} } from 'aws-cdk-lib';`,
    app.hasEventBus && "import * as events from 'aws-cdk-lib/aws-events';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import * as logs from 'aws-cdk-lib/aws-logs';",
    "import { Construct } from 'constructs';",
    `import { FunctionDefaults${app.hasApi ? ', ServerlessRestApi' : ''} } from ${str(CONSTRUCTS_MODULE)};`,
    ...app.services.map((service) => `import { ${service.className} } from './${service.fileBase}.generated';`),
    '',
    `/** The \`${app.stackName}\` app: ${app.services.map((service) => `\`${service.name}\``).join(', ')}. */`,
    `export class ${app.stackClassName} extends Stack {`,
    app.hasApi && '  public readonly api: ServerlessRestApi;',
    app.hasEventBus && '  public readonly eventBus: events.EventBus;',
    ...app.services.map((service) => `  public readonly ${service.propertyName}: ${service.className};`),
    '',
    '  constructor(scope: Construct, id: string, props?: StackProps) {',
    '    super(scope, id, props);',
    '',
    '    const functionDefaults: FunctionDefaults = {',
    `      architecture: lambda.Architecture.${ARCHITECTURES[app.architecture].cdkMember},`,
    `      runtime: lambda.Runtime.${RUNTIMES[app.nodeRuntime].cdkMember},`,
    `      tracing: lambda.Tracing.${app.tracing ? 'ACTIVE' : 'DISABLED'},`,
    `      logGroupRetention: logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]},`,
    '    };',
    // a blank line before the shared resources, when there are any
    (app.hasApi || app.hasEventBus || app.nodeRuntime !== LATEST_RUNTIME) && '',
    app.hasApi && lines(
      '    this.api = new ServerlessRestApi(this, \'Api\', {',
      `      restApiName: ${str(app.stackName)},`,
      `      tracingEnabled: ${app.tracing},`,
      `      accessLogRetention: logs.RetentionDays.${RETENTION_DAYS[app.logRetentionDays]},`,
      '    });',
      '    // No authorizer is configured in .projenrc.ts: every route of this API is public.',
      '    Validations.of(this.api).acknowledge(',
      "      { id: 'AwsSolutions-APIG4', reason: 'Public API: no authorizer is configured in .projenrc.ts.' },",
      "      { id: 'AwsSolutions-COG4', reason: 'Public API: no Cognito user pool authorizer is configured in .projenrc.ts.' },",
      '    );',
    ),
    app.hasEventBus && "    this.eventBus = new events.EventBus(this, 'EventBus');",
    app.nodeRuntime !== LATEST_RUNTIME && lines(
      `    // nodeRuntime ${app.nodeRuntime} is set in .projenrc.ts: not the latest Lambda runtime, by choice.`,
      '    Validations.of(this).acknowledge(',
      `      { id: 'AwsSolutions-L1', reason: 'nodeRuntime ${app.nodeRuntime} is chosen in .projenrc.ts.' },`,
      `      { id: 'Serverless-LambdaLatestVersion', reason: 'nodeRuntime ${app.nodeRuntime} is chosen in .projenrc.ts.' },`,
      '    );',
    ),
    '',
    ...app.services.map((service) =>
      // `<Name>Service`: a service's construct id never collides with the stack's own (`Api`, `EventBus`)
      `    this.${service.propertyName} = new ${service.className}(this, ${str(service.className)}, { ${serviceArgs} });`),
    app.hasApi && "\n    new CfnOutput(this, 'ApiUrl', { value: this.api.url });",
    '  }',
    '}',
    '',
  );
}

/** `src/main.ts`: the CDK app. */
export function renderMain(app: AppModel, cloudFormationValidation: boolean): string {
  return lines(
    "import { App, Validations } from 'aws-cdk-lib';",
    "import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';",
    `import { FailOnNagErrors, ServerlessPatternsChecks } from ${str(CHECKS_MODULE)};`,
    `import { ${app.stackClassName} } from './generated/${app.stackName}-stack.generated';`,
    '',
    cloudFormationValidation
      ? 'const app = new App();'
      : lines(
        '// aws-cdk-lib\'s CloudFormation schema validation is off (`cloudFormationValidation` in .projenrc.ts):',
        '// it only warns, costs seconds per synth, and CloudFormation validates again at deploy.',
        'const app = new App({ builtinCloudFormationValidation: false });',
      ),
    '// `cdk synth` reports the findings of these cdk-nag packs and fails on unacknowledged errors',
    '// (docs/checks.md of projen-serverless-patterns)',
    'Validations.of(app).addPlugins(',
    '  new FailOnNagErrors(new AwsSolutionsChecks()),',
    '  new FailOnNagErrors(new ServerlessChecks()),',
    '  new FailOnNagErrors(new ServerlessPatternsChecks()),',
    ');',
    `new ${app.stackClassName}(app, ${str(app.stackName)}, {`,
    '  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },',
    '});',
    'app.synth();',
    '',
  );
}
