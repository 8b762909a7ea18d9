import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
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
