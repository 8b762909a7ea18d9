/**
 * What `compliance.controlTower` costs each `cdk synth`: the sample app and docs/cost.md's REST
 * and GraphQL app, each written once with the option off and once on, and synthesized as
 * `cdk synth` runs them (`node -r ts-node/register/transpile-only src/main.ts` in the app, the
 * cdk-nag packs included); the option adds cfn-guard's run of the Control Tower rules.
 *
 *   npx ts-node -P bench/tsconfig.json bench/synth-compliance.ts [runs]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compare, timeNode } from './lib';
import { REST_AND_GRAPHQL } from '../test/cost/fixtures';
import { synthesizeApp } from '../test/cost/synth-app';
import { TestOptions } from '../test/project/helpers';

const runs = Number(process.argv[2] ?? 5);
const ROOT = path.join(__dirname, '..', 'test-apps-bench-compliance');

/** The app of `options` written (and synthesized once, as a warm-up), and a timed synthesis of it. */
function synthOf(name: string, options: TestOptions): () => number {
  const { dir } = synthesizeApp(name, options, 'us-east-1', ROOT);
  const context = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')).context ?? {};
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  return () => {
    process.env.CDK_OUTDIR = path.join(dir, 'cdk.out');
    return timeNode(['-r', 'ts-node/register/transpile-only', 'src/main.ts'], dir);
  };
}

for (const [title, options] of [['the sample app of projen new (one service, five routes)', {}], ['docs/cost.md\'s REST and GraphQL app', REST_AND_GRAPHQL]] as const) {
  const name = title.replace(/[^A-Za-z]+/g, '-');
  compare(`cdk synth of ${title}`, runs, [
    ['compliance off (default)', synthOf(`${name}off`, options)],
    ['compliance.controlTower', synthOf(`${name}on`, { ...options, compliance: { controlTower: true } })],
  ]);
}
fs.rmSync(ROOT, { recursive: true, force: true });
