/**
 * The checks of `stages` and `pipeline`: what CDK takes as a `Stage` id, CloudFormation as a stack
 * name, IAM as a role name and GitHub as an environment, repository or branch.
 */
import { duplicates } from './checks';
import { kebabCase } from '../names';
import { PipelineOptions, ServerlessAppOptions, StageOptions } from '../options';
import { RETENTION_DAYS } from '../runtimes';

/** A stage's name: a CDK `Stage` id, the prefix of a CloudFormation stack name and a GitHub environment. */
export const STAGE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
/** At most this long, so `<stage>-<app>` stack names and `<app>-deploy-<stage>` role names stay short. */
export const MAX_STAGE_NAME = 32;
/** IAM's limit on a role name. */
const MAX_ROLE_NAME = 64;
/** An AWS account id. */
const ACCOUNT = /^\d{12}$/;
/** An AWS region: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;
/** `owner/name` of a GitHub repository: owners are 1-39 letters, digits and hyphens; names 1-100 letters, digits, `.`, `_`, `-`. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** A branch name git and a workflow's `branches` filter both take literally: no glob or space. */
const BRANCH = /^(?![-/])(?!.*(\.\.|\/\/|\/$|\.lock$))[A-Za-z0-9._/-]+$/;
/** CloudWatch Logs' retention periods, in days. */
const LOG_RETENTION_DAYS = Object.keys(RETENTION_DAYS).map(Number);

/** The name of the role a stage's deploy job assumes: `<app>-deploy-<stage>`. */
export function deployRoleName(appName: string, stage: string): string {
  return `${appName}-deploy-${stage}`;
}

/** The name of the role a stage's pull request diff assumes: `<app>-diff-<stage>`. */
export function diffRoleName(appName: string, stage: string): string {
  return `${appName}-diff-${stage}`;
}

/** Each problem of `stages` and `pipeline`: names, accounts, regions, the repository and what the pipeline needs. */
export function checkDeploy(options: ServerlessAppOptions): string[] {
  const stages = options.stages;
  const problems: string[] = [];
  if (stages !== undefined) {
    if (stages.length === 0) {
      problems.push('`stages` must name at least one stage; got []. Leave it out for one stack deployed with `npx projen deploy`.');
    }
    const appName = kebabCase(options.name) || 'app';
    stages.forEach((stage, index) => problems.push(...checkStage(stage, `stages[${index}]`, appName)));
    // GitHub environment names are not case-sensitive
    const names = stages.map((stage) => String(stage.name).toLowerCase());
    duplicates(names).forEach((name) => {
      const indexes = names.flatMap((each, index) => (each === name ? [`stages[${index}]`] : []));
      problems.push(`\`stages\` names '${name}' more than once (${indexes.join(', ')}); stage names must be unique, case aside, as GitHub environments are.`);
    });
  }
  if (options.pipeline !== undefined) {
    problems.push(...checkPipeline(options.pipeline, stages, options.github));
  }
  return problems;
}

function checkStage(stage: StageOptions, where: string, appName: string): string[] {
  const problems: string[] = [];
  const name = stage.name;
  if (typeof name !== 'string' || !STAGE_NAME.test(name) || name.length > MAX_STAGE_NAME) {
    problems.push(`\`${where}.name\` must be 1-${MAX_STAGE_NAME} letters, digits and hyphens, starting with a letter (a CDK stage, a stack name prefix and a GitHub environment); got ${JSON.stringify(name)}.`);
  } else if (deployRoleName(appName, name).length > MAX_ROLE_NAME) {
    problems.push(`\`${where}.name\` '${name}' makes the deploy role name '${deployRoleName(appName, name)}' longer than IAM's ${MAX_ROLE_NAME} characters; shorten the stage or the app's name.`);
  }
  if (stage.account !== undefined && !ACCOUNT.test(String(stage.account))) {
    problems.push(`\`${where}.account\` must be a 12-digit AWS account id, as a string; got ${JSON.stringify(stage.account)}.`);
  }
  if (stage.region !== undefined && !REGION.test(String(stage.region))) {
    problems.push(`\`${where}.region\` must be an AWS region such as 'us-east-1' or 'eu-west-1'; got ${JSON.stringify(stage.region)}.`);
  }
  if (stage.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(stage.logRetentionDays)) {
    problems.push(`\`${where}.logRetentionDays\` must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${stage.logRetentionDays}.`);
  }
  return problems;
}

function checkPipeline(pipeline: PipelineOptions, stages: StageOptions[] | undefined, github: boolean | undefined): string[] {
  const problems: string[] = [];
  if (typeof pipeline.repository !== 'string' || !REPOSITORY.test(pipeline.repository)) {
    problems.push(`\`pipeline.repository\` must be the GitHub repository as 'owner/name'; got ${JSON.stringify(pipeline.repository)}.`);
  }
  if (pipeline.branch !== undefined && (typeof pipeline.branch !== 'string' || !BRANCH.test(pipeline.branch))) {
    problems.push(`\`pipeline.branch\` must be a branch name (letters, digits, '.', '_', '-', '/'; no glob); got ${JSON.stringify(pipeline.branch)}.`);
  }
  if (github === false) {
    problems.push('`pipeline` is a GitHub Actions workflow, and `github: false` turns off projen\'s GitHub support: remove one of them.');
  }
  if (stages === undefined || stages.length === 0) {
    problems.push('`pipeline` deploys the `stages`, and none are given: add `stages`, e.g. [{ name: \'dev\', account, region }].');
  }
  (stages ?? []).forEach((stage, index) => {
    const missing = [stage.account === undefined && 'account', stage.region === undefined && 'region'].filter((field) => field);
    if (missing.length > 0) {
      problems.push(`\`stages[${index}]\` ('${stage.name}') needs ${missing.map((field) => `\`${field}\``).join(' and ')} with \`pipeline\`: the bootstrap stack creates the stage's roles in its account, and the workflow assumes them there.`);
    }
  });
  return problems;
}
