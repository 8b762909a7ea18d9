/**
 * Where the app is deployed: its stages (one CDK `Stage` each, holding the app's stacks) and the
 * GitHub Actions pipeline that deploys them in order (docs/deploy.md).
 */

/** One environment the app is deployed to: a CDK `Stage` holding the app's stacks, and a GitHub environment. */
export interface StageOptions {
  /**
   * The stage's name: the CDK `Stage` id, the prefix of its stacks' names (`prod-shop`) and the
   * GitHub environment the pipeline deploys it in. Letters, digits and hyphens, starting with a
   * letter, at most 32 characters.
   */
  readonly name: string;

  /**
   * The 12-digit AWS account the stage is deployed to.
   *
   * @default - the account of the credentials `cdk deploy` runs with; required with `pipeline`
   */
  readonly account?: string;

  /**
   * The AWS region the stage is deployed to, e.g. `eu-west-1`.
   *
   * @default - the region of the credentials `cdk deploy` runs with; required with `pipeline`
   */
  readonly region?: string;

  /**
   * Whether a person approves each deploy of this stage: the pipeline deploys it in a GitHub
   * environment of the stage's name, whose protection rules (required reviewers) hold the job
   * until approved. Setting the rules is a step of docs/deploy.md: GitHub reads them from the
   * repository's settings, not from the workflow.
   *
   * @default false
   */
  readonly approval?: boolean;

  /**
   * Whether the stage holds production data: its tables and buckets are retained when they
   * leave the stack or the stack is deleted.
   *
   * @default - true for a stage with `approval`, else false
   */
  readonly production?: boolean;

  /**
   * Whether the stage's tables and buckets are retained (`RemovalPolicy.RETAIN`) when they leave
   * the stack or the stack is deleted; false destroys them with it (a bucket must be empty by
   * then, or CloudFormation fails to delete it).
   *
   * @default - true for a production stage, else false
   */
  readonly retainData?: boolean;

  /**
   * Days the stage's function, API and GraphQL logs are kept, one of CloudWatch Logs' retention
   * periods.
   *
   * @default - the app's `logRetentionDays`
   */
  readonly logRetentionDays?: number;

  /**
   * Whether the stage's functions get the provisioned concurrency of their preset (or of their
   * `provisionedConcurrency`); false runs them all on demand, without its hourly cost.
   *
   * @default - true for a production stage, else false
   */
  readonly provisionedConcurrency?: boolean;

  /**
   * Whether the stage's CloudWatch alarms are created (docs/deploy.md).
   *
   * @default true for a stage with approval, else false
   */
  readonly alarms?: boolean;
}

/** The GitHub Actions workflow that diffs every stage on pull requests and deploys them in order from the main branch. */
export interface PipelineOptions {
  /**
   * The GitHub repository, `owner/name`: only its workflows may assume the deploy roles.
   */
  readonly repository: string;

  /**
   * The branch whose pushes deploy the stages.
   *
   * @default "main"
   */
  readonly branch?: string;

  /**
   * Whether the bootstrap stack creates the account's GitHub OIDC identity provider. An account
   * holds one provider per URL: set false where one exists already, and the stack uses it.
   *
   * @default true
   */
  readonly createOidcProvider?: boolean;
}
