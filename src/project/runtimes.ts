import { FunctionArchitecture, NodeRuntime } from './options';

/** How each runtime is named in CDK code, in CloudFormation, and as an esbuild target; its Node.js major. */
export const RUNTIMES: Record<NodeRuntime, { cdkMember: string; cloudFormation: string; esbuildTarget: string; nodeMajor: number }> = {
  [NodeRuntime.NODEJS_22_X]: { cdkMember: 'NODEJS_22_X', cloudFormation: 'nodejs22.x', esbuildTarget: 'node22', nodeMajor: 22 },
  [NodeRuntime.NODEJS_24_X]: { cdkMember: 'NODEJS_24_X', cloudFormation: 'nodejs24.x', esbuildTarget: 'node24', nodeMajor: 24 },
  [NodeRuntime.NODEJS_26_X]: { cdkMember: 'NODEJS_26_X', cloudFormation: 'nodejs26.x', esbuildTarget: 'node26', nodeMajor: 26 },
};

/**
 * The oldest Node.js an app is developed on (its package.json's `engines`): Node.js 20 reached its
 * end of life on 2026-04-30, and local mode's Step Functions and DynamoDB Local emulators ask for 22.
 */
export const MIN_DEVELOPMENT_NODE = '22.0.0';

/** How each architecture is named in CDK code and in CloudFormation. */
export const ARCHITECTURES: Record<FunctionArchitecture, { cdkMember: string; cloudFormation: string }> = {
  [FunctionArchitecture.ARM_64]: { cdkMember: 'ARM_64', cloudFormation: 'arm64' },
  [FunctionArchitecture.X86_64]: { cdkMember: 'X86_64', cloudFormation: 'x86_64' },
};

/**
 * The newest Node.js runtime of the aws-cdk-lib this package is tested with, the default of
 * `nodeRuntime`: cdk-nag flags the others (AwsSolutions-L1). A unit test fails when the tested
 * aws-cdk-lib knows a newer one.
 */
export const LATEST_RUNTIME = NodeRuntime.NODEJS_26_X;

/** CloudWatch Logs' retention periods in days, each with its `logs.RetentionDays` member. */
export const RETENTION_DAYS: Record<number, string> = {
  1: 'ONE_DAY',
  3: 'THREE_DAYS',
  5: 'FIVE_DAYS',
  7: 'ONE_WEEK',
  14: 'TWO_WEEKS',
  30: 'ONE_MONTH',
  60: 'TWO_MONTHS',
  90: 'THREE_MONTHS',
  120: 'FOUR_MONTHS',
  150: 'FIVE_MONTHS',
  180: 'SIX_MONTHS',
  365: 'ONE_YEAR',
  400: 'THIRTEEN_MONTHS',
  545: 'EIGHTEEN_MONTHS',
  731: 'TWO_YEARS',
  1096: 'THREE_YEARS',
  1827: 'FIVE_YEARS',
  2192: 'SIX_YEARS',
  2557: 'SEVEN_YEARS',
  2922: 'EIGHT_YEARS',
  3288: 'NINE_YEARS',
  3653: 'TEN_YEARS',
};
