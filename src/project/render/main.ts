import { AppModel } from '../model';
import { CHECKS_MODULE, lines, str } from './typescript';

/** `src/main.ts`: the CDK app. */
export function renderMain(app: AppModel, cloudFormationValidation: boolean): string {
  return lines(
    app.controlTower && "import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';",
    "import { App, Validations } from 'aws-cdk-lib';",
    "import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';",
    `import { ${app.controlTower ? 'FailOnFindings, ' : ''}FailOnNagErrors, ServerlessPatternsChecks } from ${str(CHECKS_MODULE)};`,
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
    `new ${app.stackClassName}(app, ${str(app.stackName)}, {`,
    '  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },',
    '});',
    'app.synth();',
    '',
  );
}
