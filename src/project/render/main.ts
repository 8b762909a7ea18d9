import { AppModel, PipelineModel, StageModel } from '../model';
import { RETENTION_DAYS } from '../runtimes';
import { CHECKS_MODULE, CONSTRUCTS_MODULE, lines, str } from './typescript';

/** `src/main.ts`: the CDK app. */
export function renderMain(app: AppModel, cloudFormationValidation: boolean): string {
  const staged = app.stages.length > 0;
  const pipeline = app.pipeline;
  return lines(
    app.controlTower && "import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';",
    `import { ${['App', staged && 'RemovalPolicy', pipeline && 'Stack', staged && 'Stage', 'Validations'].filter(Boolean).join(', ')} } from 'aws-cdk-lib';`,
    staged && "import * as logs from 'aws-cdk-lib/aws-logs';",
    "import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';",
    `import { ${app.controlTower ? 'FailOnFindings, ' : ''}FailOnNagErrors, ServerlessPatternsChecks } from ${str(CHECKS_MODULE)};`,
    pipeline && `import { GithubDeployRoles } from ${str(CONSTRUCTS_MODULE)};`,
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
    app.controlTower && lines(
      '  // compliance.controlTower: AWS Control Tower\'s proactive controls, run by cfn-guard; fails on a finding not acknowledged',
      '  new FailOnFindings(new CfnGuardValidator()),',
    ),
    ');',
    staged ? renderStages(app) : lines(
      `new ${app.stackClassName}(app, ${str(app.stackName)}, {`,
      '  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },',
      '});',
    ),
    pipeline && renderBootstrapStacks(pipeline, app.stackName),
    'app.synth();',
    '',
  );
}

/** One CDK `Stage` per stage, holding the app's stack with the stage's settings. */
function renderStages(app: AppModel): string {
  return lines(
    `// each stage a CDK Stage of the app, its stack deployed as \`<stage>-${app.stackName}\` (\`stages\` in .projenrc.ts; docs/deploy.md of projen-serverless-patterns)`,
    ...app.stages.map((stage) => lines(
      `new ${app.stackClassName}(new Stage(app, ${str(stage.name)}, { env: ${renderEnv(stage)} }), ${str(app.stackName)}, {`,
      `  dataRemovalPolicy: RemovalPolicy.${stage.retainData ? 'RETAIN' : 'DESTROY'},`,
      `  logRetention: logs.RetentionDays.${RETENTION_DAYS[stage.logRetentionDays]},`,
      `  provisionedConcurrency: ${stage.provisionedConcurrency},`,
      app.alarms && `  alarms: ${stage.alarms},`,
      '});',
    )),
  );
}

function renderEnv(stage: StageModel): string {
  const account = stage.account === undefined ? 'process.env.CDK_DEFAULT_ACCOUNT' : str(stage.account);
  const region = stage.region === undefined ? 'process.env.CDK_DEFAULT_REGION' : str(stage.region);
  return `{ account: ${account}, region: ${region} }`;
}

/** The stacks of the roles the deploy workflow assumes, one per account, deployed by hand once (docs/deploy.md). */
function renderBootstrapStacks(pipeline: PipelineModel, appName: string): string {
  return lines(
    '// the roles the deploy workflow (.github/workflows/deploy.yml) assumes with GitHub OIDC, one stack per account:',
    `// deployed once by hand, \`npx cdk deploy ${pipeline.bootstrapStacks[0].stackName}\` (docs/deploy.md of projen-serverless-patterns)`,
    ...pipeline.bootstrapStacks.map((bootstrap) => lines(
      `new GithubDeployRoles(new Stack(app, ${str(bootstrap.stackName)}, {`,
      `  env: { account: ${str(bootstrap.account)}, region: ${str(bootstrap.region)} },`,
      `  description: ${str(`The GitHub OIDC roles that deploy ${appName} from ${pipeline.repository}`)},`,
      "}), 'GithubDeployRoles', {",
      `  repository: ${str(pipeline.repository)},`,
      `  appName: ${str(appName)},`,
      `  stages: [${bootstrap.stages.map((stage) => `{ name: ${str(stage.name)}, region: ${str(stage.region!)} }`).join(', ')}],`,
      !pipeline.createOidcProvider && '  createOidcProvider: false,',
      '});',
    )),
  );
}
