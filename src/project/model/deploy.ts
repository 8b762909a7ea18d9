/** The stages and the pipeline with every default resolved. */
import { ServerlessAppOptions } from '../options';
import { deployRoleName, diffRoleName } from '../validation/deploy';

/** A stage: a CDK `Stage` holding the app's stacks, and a GitHub environment. */
export interface StageModel {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  readonly approval: boolean;
  /** Whether its tables and buckets are retained: a production stage's are, unless `retainData` says otherwise. */
  readonly retainData: boolean;
  /** Days its logs are kept: its own `logRetentionDays`, else the app's. */
  readonly logRetentionDays: number;
  /** Whether its functions get their provisioned concurrency: a production stage's do, unless it says otherwise. */
  readonly provisionedConcurrency: boolean;
  /** Whether its alarms are created: by default, those of a stage with approval. */
  readonly alarms: boolean;
  /** The name CloudFormation knows the stage's app stack by: `<stage>-<app>`, as CDK names a stack in a `Stage`. */
  readonly stackName: string;
}

/** The roles of one account that the pipeline assumes, and the stack that creates them. */
export interface BootstrapStackModel {
  /** `<app>-pipeline-bootstrap`, or `<app>-pipeline-bootstrap-<account>` when the stages span accounts. */
  readonly stackName: string;
  readonly account: string;
  /** Where the stack is deployed: the region of the first stage in the account (IAM is global). */
  readonly region: string;
  /** The stages deployed to the account. */
  readonly stages: StageModel[];
}

/** The deploy workflow and its bootstrap stacks. */
export interface PipelineModel {
  /** `owner/name`. */
  readonly repository: string;
  readonly branch: string;
  readonly createOidcProvider: boolean;
  /** One stack per account of the stages, in the order the stages name them. */
  readonly bootstrapStacks: BootstrapStackModel[];
  /** The role each stage's deploy job assumes, by stage: `arn:aws:iam::<account>:role/<app>-deploy-<stage>`. */
  readonly deployRoleArns: Record<string, string>;
  /** The role each stage's pull request diff assumes, by stage. */
  readonly diffRoleArns: Record<string, string>;
}

/** The stages, in the order the options give them; none when `stages` is left out. */
export function stagesModel(options: ServerlessAppOptions, appName: string, logRetentionDays: number): StageModel[] {
  return (options.stages ?? []).map((stage) => {
    const approval = stage.approval ?? false;
    const production = stage.production ?? approval;
    return {
      name: stage.name,
      account: stage.account,
      region: stage.region,
      approval,
      retainData: stage.retainData ?? production,
      logRetentionDays: stage.logRetentionDays ?? logRetentionDays,
      provisionedConcurrency: stage.provisionedConcurrency ?? production,
      alarms: stage.alarms ?? approval,
      stackName: `${stage.name}-${appName}`,
    };
  });
}

/** The pipeline, when `pipeline` is given (validation made sure every stage has an account and a region). */
export function pipelineModel(options: ServerlessAppOptions, appName: string, stages: StageModel[]): PipelineModel | undefined {
  const pipeline = options.pipeline;
  if (pipeline === undefined) {
    return undefined;
  }
  const accounts = [...new Set(stages.map((stage) => stage.account!))];
  const bootstrapStacks = accounts.map((account) => {
    const inAccount = stages.filter((stage) => stage.account === account);
    return {
      stackName: accounts.length === 1 ? `${appName}-pipeline-bootstrap` : `${appName}-pipeline-bootstrap-${account}`,
      account,
      region: inAccount[0].region!,
      stages: inAccount,
    };
  });
  const arn = (stage: StageModel, role: string) => `arn:aws:iam::${stage.account}:role/${role}`;
  return {
    repository: pipeline.repository,
    branch: pipeline.branch ?? 'main',
    createOidcProvider: pipeline.createOidcProvider ?? true,
    bootstrapStacks,
    deployRoleArns: Object.fromEntries(stages.map((stage) => [stage.name, arn(stage, deployRoleName(appName, stage.name))])),
    diffRoleArns: Object.fromEntries(stages.map((stage) => [stage.name, arn(stage, diffRoleName(appName, stage.name))])),
  };
}
