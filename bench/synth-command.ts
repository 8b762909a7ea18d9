/**
 * Which command should `cdk synth` run the app with? Measures the app command alone (what
 * cdk.json's `app` runs) in a generated app, against projen's default, type-checking ts-node.
 *
 *   npx ts-node --transpile-only bench/synth-command.ts <app-dir> [runs]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compare, timeCommand } from './lib';

const [appDir, runs = '5'] = process.argv.slice(2);
if (!appDir) {
  throw new Error('usage: synth-command.ts <generated-app-dir> [runs]');
}
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bench-'));
const synth = (command: string) => () => timeCommand(command, appDir, { CDK_OUTDIR: outdir });

compare('cdk app command', Number(runs), [
  ['ts-node, type-checking (projen default)', synth('npx ts-node -P tsconfig.json --prefer-ts-exts src/main.ts')],
  ['ts-node --transpile-only', synth('npx ts-node --transpile-only -P tsconfig.json --prefer-ts-exts src/main.ts')],
  ['tsx (esbuild transform)', synth('npx tsx src/main.ts')],
  ['tsx, without npx', synth('node node_modules/tsx/dist/cli.mjs src/main.ts')],
  ['node -r ts-node/register/transpile-only', synth('node -r ts-node/register/transpile-only src/main.ts')],
]);
