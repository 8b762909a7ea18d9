import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { findingText } from './nag-finding';

/** GitHub's OIDC token issuer. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks GitHub's token for. */
const AUDIENCE = 'sts.amazonaws.com';
/** The qualifier of `cdk bootstrap`'s default roles (`cdk-hnb659fds-deploy-role-<account>-<region>`). */
export const CDK_BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** A stage the roles are for: its GitHub environment and the region its stacks are in. */
export interface GithubDeployStage {
  /** The stage's name: the GitHub environment its deploy job runs in, and the prefix of its stacks' names. */
  readonly name: string;
  /** The region its stacks are deployed to, bootstrapped by `cdk bootstrap`. */
  readonly region: string;
}

/** Properties of `GithubDeployRoles`. */
export interface GithubDeployRolesProps {
  /** The GitHub repository, `owner/name`, whose workflows may assume the roles. */
  readonly repository: string;
  /** The app's name: the roles are `<appName>-deploy-<stage>` and `<appName>-diff-<stage>`, its stacks `<stage>-<appName>`. */
  readonly appName: string;
  /** The stages deployed to this stack's account. */
  readonly stages: GithubDeployStage[];
  /**
   * Whether to create the account's GitHub OIDC provider; false uses the one the account has.
   *
   * @default true
   */
  readonly createOidcProvider?: boolean;
}

/**
 * The roles a GitHub Actions workflow assumes with OIDC to deploy an app's stages, no long-lived
 * key involved: per stage, a deploy role that only a job in the stage's GitHub environment may
 * assume, and a diff role that only a pull request's job may assume. Neither changes AWS itself:
 * they assume the roles `cdk bootstrap` created in the stage's account and region, the diff role
 * only its read-only lookup role. The deploy role also reads the stage's stacks and items of its
 * tables, for the integration tests that run after a deploy.
 */
export class GithubDeployRoles extends Construct {
  /** The GitHub OIDC provider, created or the account's. */
  public readonly provider: iam.IOidcProvider;
  /** The deploy role of each stage, by stage name. */
  public readonly deployRoles: Record<string, iam.Role> = {};
  /** The pull request diff role of each stage, by stage name. */
  public readonly diffRoles: Record<string, iam.Role> = {};

  constructor(scope: Construct, id: string, props: GithubDeployRolesProps) {
    super(scope, id);
    this.provider = (props.createOidcProvider ?? true)
      ? new iam.OidcProviderNative(this, 'GithubOidcProvider', { url: GITHUB_OIDC_URL, clientIds: [AUDIENCE] })
      : iam.OidcProviderNative.fromOidcProviderArn(this, 'GithubOidcProvider',
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:oidc-provider/${GITHUB_OIDC_URL.replace('https://', '')}`);
    for (const stage of props.stages) {
      const stackArn = `arn:${Aws.PARTITION}:cloudformation:${stage.region}:${Aws.ACCOUNT_ID}:stack/${stage.name}-${props.appName}*`;
      const tableArn = `arn:${Aws.PARTITION}:dynamodb:${stage.region}:${Aws.ACCOUNT_ID}:table/${stage.name}-${props.appName}-*`;
      const deploy = this.role(`${stage.name}Deploy`, `${props.appName}-deploy-${stage.name}`, `repo:${props.repository}:environment:${stage.name}`,
        `Deploys the ${stage.name} stage of ${props.appName} from ${props.repository}'s ${stage.name} environment`);
      deploy.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [bootstrapRole('*', stage.region)],
      }));
      deploy.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'IntegrationTestsReadTheStage',
        actions: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'],
        resources: [stackArn],
      }));
      deploy.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'IntegrationTestsReadItems',
        actions: ['dynamodb:GetItem'],
        resources: [tableArn],
      }));
      const diff = this.role(`${stage.name}Diff`, `${props.appName}-diff-${stage.name}`, `repo:${props.repository}:pull_request`,
        `Diffs the ${stage.name} stage of ${props.appName} for ${props.repository}'s pull requests`);
      diff.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'AssumeCdkLookupRole',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [bootstrapRole('lookup', stage.region)],
      }));
      this.deployRoles[stage.name] = deploy;
      this.diffRoles[stage.name] = diff;
      acknowledgeWildcards(deploy, [
        [bootstrapRole('*', stage.region), 'The roles `cdk bootstrap` created for this account and region (deploy, file and image publishing, lookup), and no other.'],
        [stackArn, 'The stage\'s own stacks, nested ones included, whose names and ids CloudFormation makes up at deploy.'],
        [tableArn, 'The stage\'s own tables, whose names CloudFormation makes up at deploy: the integration tests read back the item they created.'],
      ]);
    }
  }

  /** A role only GitHub's OIDC token for `subject` may assume, for one hour at most. */
  private role(id: string, roleName: string, subject: string, description: string): iam.Role {
    return new iam.Role(this, id, {
      roleName,
      description,
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': AUDIENCE,
          'token.actions.githubusercontent.com:sub': subject,
        },
      }),
    });
  }
}

/** `cdk bootstrap`'s role of `kind` (`deploy`, `lookup`, `*`) in this account and `region`. */
function bootstrapRole(kind: string, region: string): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-${kind}-role-${Aws.ACCOUNT_ID}-${region}`;
}

/** Acknowledges cdk-nag's AwsSolutions-IAM5 for each wildcard resource, as the finding spells it, with its reason. */
function acknowledgeWildcards(role: iam.Role, resources: Array<[string, string]>): void {
  const stack = Stack.of(role);
  Validations.of(role).acknowledge(...resources.map(([arn, reason]) => ({
    id: `AwsSolutions-IAM5[Resource::${findingText(stack.resolve(arn))}]`,
    reason,
  })));
}
