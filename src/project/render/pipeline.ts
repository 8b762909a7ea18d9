import { github } from 'projen';
import { AppModel, PipelineModel, StageModel } from '../model';
import { RUNTIMES } from '../runtimes';

/** The deploy workflow's file name, under `.github/workflows/`. */
export const DEPLOY_WORKFLOW = 'deploy';
/** The artifact that carries the cloud assembly from the build job to the diff and deploy jobs. */
const ASSEMBLY_ARTIFACT = 'cloud-assembly';
/**
 * The actions the jobs use, each at the first major that runs on GitHub's Node 24 action runtime:
 * GitHub forced Node 20 actions onto Node 24 in June 2026 and removed Node 20 from its runners in
 * September 2026 (github.blog changelog 2025-09-19), and configure-aws-credentials v5 forced onto
 * Node 24 is reported to hang at the OIDC role assumption. download-artifact v5 and v6 still
 * declare node20; v7 is its first node24 major.
 */
const ACTIONS = {
  checkout: 'actions/checkout@v5',
  setupNode: 'actions/setup-node@v5',
  upload: 'actions/upload-artifact@v6',
  download: 'actions/download-artifact@v7',
  credentials: 'aws-actions/configure-aws-credentials@v6',
} as const;

/** The deploy workflow: its triggers and its jobs, as projen's `GithubWorkflow` takes them. */
export interface DeployWorkflow {
  readonly triggers: github.workflows.Triggers;
  readonly jobs: Record<string, github.workflows.Job>;
}

/**
 * `.github/workflows/deploy.yml`: on a pull request, one build, then `cdk diff` of each stage; on a
 * push to the branch, one build, then each stage deployed after the one before it, in its GitHub
 * environment (whose protection rules hold a stage with approval), never two deploys of a stage at
 * once, and the integration tests run against it. Every AWS call goes through a role assumed with
 * GitHub's OIDC token: the workflow holds no key.
 */
export function renderDeployWorkflow(app: AppModel, pipeline: PipelineModel): DeployWorkflow {
  const nodeVersion = String(RUNTIMES[app.nodeRuntime].nodeMajor);
  const jobs: Record<string, github.workflows.Job> = { build: buildJob(nodeVersion) };
  app.stages.forEach((stage, index) => {
    jobs[`diff-${stage.name}`] = diffJob(stage, pipeline, nodeVersion);
    const previous = index === 0 ? undefined : `deploy-${app.stages[index - 1].name}`;
    jobs[`deploy-${stage.name}`] = deployJob(stage, pipeline, nodeVersion, previous);
  });
  return {
    triggers: {
      pullRequest: { branches: [pipeline.branch] },
      push: { branches: [pipeline.branch] },
    },
    jobs,
  };
}

function buildJob(nodeVersion: string): github.workflows.Job {
  return {
    name: 'build, test and synthesize every stage',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    steps: [
      ...setup(nodeVersion),
      { name: 'build: compile, test, synthesize', run: 'npx projen build' },
      { name: 'keep the cloud assembly', uses: ACTIONS.upload, with: { 'name': ASSEMBLY_ARTIFACT, 'path': 'cdk.out', 'include-hidden-files': true } },
    ],
  };
}

function diffJob(stage: StageModel, pipeline: PipelineModel, nodeVersion: string): github.workflows.Job {
  return {
    name: `cdk diff ${stage.name}`,
    if: "github.event_name == 'pull_request'",
    needs: ['build'],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ, idToken: github.workflows.JobPermission.WRITE },
    steps: [
      ...setup(nodeVersion),
      ...assemblyAndCredentials(stage, pipeline.diffRoleArns[stage.name], 'diff'),
      { name: `diff ${stage.name} against what is deployed`, run: `npx cdk diff --app cdk.out --method=template '${stage.name}/*'` },
    ],
  };
}

function deployJob(stage: StageModel, pipeline: PipelineModel, nodeVersion: string, previous: string | undefined): github.workflows.Job {
  return {
    name: `deploy ${stage.name}`,
    if: "github.event_name == 'push'",
    needs: previous === undefined ? ['build'] : ['build', previous],
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ, idToken: github.workflows.JobPermission.WRITE },
    // the GitHub environment: its protection rules hold the job for approval; its name is in the role's trust
    environment: { name: stage.name },
    // a deploy of the stage waits for the one before it, and is never cancelled halfway
    concurrency: { 'group': `deploy-${stage.name}`, 'cancel-in-progress': false },
    steps: [
      ...setup(nodeVersion),
      ...assemblyAndCredentials(stage, pipeline.deployRoleArns[stage.name], 'deploy'),
      { name: `deploy ${stage.name}`, run: `npx cdk deploy --app cdk.out --require-approval never '${stage.name}/*'` },
      {
        name: `integration tests against ${stage.stackName}`,
        run: 'npx jest --coverage=false test/integration',
        env: { INTEGRATION_STACK_NAME: stage.stackName, AWS_REGION: stage.region! },
      },
    ],
  };
}

function setup(nodeVersion: string): github.workflows.JobStep[] {
  return [
    { uses: ACTIONS.checkout },
    { uses: ACTIONS.setupNode, with: { 'node-version': nodeVersion, 'cache': 'npm' } },
    { name: 'install', run: 'npm ci' },
  ];
}

function assemblyAndCredentials(stage: StageModel, roleArn: string, purpose: string): github.workflows.JobStep[] {
  return [
    { name: 'the cloud assembly of the build', uses: ACTIONS.download, with: { name: ASSEMBLY_ARTIFACT, path: 'cdk.out' } },
    {
      name: `assume the ${purpose} role of ${stage.name} with GitHub OIDC`,
      uses: ACTIONS.credentials,
      with: { 'role-to-assume': roleArn, 'role-session-name': `${purpose}-${stage.name}`, 'aws-region': stage.region! },
    },
  ];
}
