import { lines } from './typescript';

/** The import of `CDK_CONTEXT` (`test/generated/cdk-context.ts`) in a generated test beside it. */
export const CDK_CONTEXT_IMPORT = "import { CDK_CONTEXT } from './cdk-context';";

/**
 * `test/generated/cdk-context.ts`: cdk.json's context, its feature flags above all, for the
 * generated tests to build the app with: `cdk synth` applies it, so the tests see the same stacks.
 */
export function renderCdkContext(): string {
  return lines(
    "import * as fs from 'node:fs';",
    "import * as path from 'node:path';",
    '',
    '/** cdk.json\'s context (its feature flags), which `cdk synth` applies: the tests build the app with it too. */',
    "export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context ?? {};",
    '',
  );
}
