import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

/** A prebuilt bundle folder, as the `bundle` task writes: `index.js` exporting `handler`. */
export function fakeBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({ statusCode: 200 });\n');
  return dir;
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The rules acknowledged on `construct` itself (not on its children). */
export function acknowledged(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as object))
    .map((id) => id.replace(/^annotation::/i, ''));
}

/** A statement of an IAM policy, as the template writes it. */
export interface TemplateStatement {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
  readonly Condition?: object;
}

/**
 * The statements of the roles whose logical id matches `role` (a logical id, or a pattern): in the
 * roles' own policies (`InlinePolicyRole`) and in the policies attached to them.
 */
export function roleStatements(template: Template, role: string | RegExp): TemplateStatement[] {
  const matches = (id: unknown) => typeof id === 'string' && (typeof role === 'string' ? id === role : role.test(id));
  const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => matches(id));
  const own = roles.flatMap(([, resource]) => (resource.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: TemplateStatement[] } }>);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((ref) => matches(ref.Ref)))
    .map((policy) => policy.Properties as { PolicyDocument: { Statement: TemplateStatement[] } });
  return [...own, ...attached].flatMap((policy) => policy.PolicyDocument.Statement);
}
