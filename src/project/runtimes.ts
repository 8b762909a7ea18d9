import { FunctionArchitecture, NodeRuntime } from './options';

/** How each runtime is named in CDK code, in CloudFormation, and as an esbuild target. */
export const RUNTIMES: Record<NodeRuntime, { cdkMember: string; cloudFormation: string; esbuildTarget: string }> = {
  [NodeRuntime.NODEJS_22_X]: { cdkMember: 'NODEJS_22_X', cloudFormation: 'nodejs22.x', esbuildTarget: 'node22' },
  [NodeRuntime.NODEJS_24_X]: { cdkMember: 'NODEJS_24_X', cloudFormation: 'nodejs24.x', esbuildTarget: 'node24' },
};

/** How each architecture is named in CDK code and in CloudFormation. */
export const ARCHITECTURES: Record<FunctionArchitecture, { cdkMember: string; cloudFormation: string }> = {
  [FunctionArchitecture.ARM_64]: { cdkMember: 'ARM_64', cloudFormation: 'arm64' },
  [FunctionArchitecture.X86_64]: { cdkMember: 'X86_64', cloudFormation: 'x86_64' },
};

/** The newest Node.js runtime Lambda offers; cdk-nag flags the others (AwsSolutions-L1). */
export const LATEST_RUNTIME = NodeRuntime.NODEJS_24_X;
