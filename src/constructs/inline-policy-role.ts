import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Actions that take no resource but `*` (the Service Authorization Reference lists no resource
 * type for them), by the reason a `*` on them is no wildcard to fix.
 */
const UNSCOPABLE_ACTIONS: Record<string, string> = {
  'xray:PutTraceSegments': 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions: `*` is the only resource they take.',
  'xray:PutTelemetryRecords': 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions: `*` is the only resource they take.',
};

/**
 * Properties of an `InlinePolicyRole`.
 */
export interface InlinePolicyRoleProps {
  /** Who may assume the role, e.g. `new iam.ServicePrincipal('lambda.amazonaws.com')`. */
  readonly assumedBy: iam.IPrincipal;

  /**
   * What the role is for, shown in IAM.
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * A role whose permissions live in the role itself, as one inline policy: one CloudFormation
 * resource where CDK's `Role` adds a second, its `DefaultPolicy` (an `AWS::IAM::Policy`), for
 * the first grant. IAM counts both kinds of inline policy against the same 10,240 characters per
 * role. (For a role that only the resources it reaches are granted to: a resource that referred
 * back to what uses the role would make the role wait for it, and CloudFormation would find a
 * cycle.)
 *
 * A `*` in the role's own policy is only ever X-Ray's, whose actions take no other resource:
 * cdk-nag's findings of it (`AwsSolutions-IAM5[Resource::*]`, `Serverless-LambdaStarPermissions`)
 * are acknowledged on the role. A statement with any other wildcard (a `*` resource, a `*` or
 * `service:*` action) goes to a policy of its own beside the role, `<id>Wildcards`, where cdk-nag
 * reports it.
 */
export class InlinePolicyRole extends iam.Role {
  private readonly document: iam.PolicyDocument;
  private wildcards?: iam.Policy;

  constructor(scope: Construct, id: string, props: InlinePolicyRoleProps) {
    const document = new iam.PolicyDocument();
    super(scope, id, {
      assumedBy: props.assumedBy,
      description: props.description,
      inlinePolicies: { Permissions: document },
    });
    this.document = document;
  }

  /** Adds `statement` to the role's own policy, or to the policy of its wildcards; what depends on the grant depends on that. */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const allowed = statement.effect === iam.Effect.ALLOW;
    const wildcardResource = allowed && statement.resources.includes('*');
    const wildcardAction = allowed && statement.actions.some((action) => action === '*' || action.endsWith(':*'));
    const unscopable = statement.actions.length > 0 && statement.actions.every((action) => action in UNSCOPABLE_ACTIONS);
    if (wildcardAction || (wildcardResource && !unscopable)) {
      this.wildcards ??= new iam.Policy(this.node.scope as Construct, `${this.node.id}Wildcards`, { roles: [this] });
      this.wildcards.addStatements(statement);
      return { statementAdded: true, policyDependable: this.wildcards };
    }
    this.document.addStatements(statement);
    if (wildcardResource) {
      const reason = [...new Set(statement.actions.map((action) => UNSCOPABLE_ACTIONS[action]))].join(' ');
      Validations.of(this).acknowledge(
        { id: 'AwsSolutions-IAM5[Resource::*]', reason },
        { id: 'Serverless-LambdaStarPermissions', reason },
      );
    }
    return { statementAdded: true, policyDependable: this };
  }
}
