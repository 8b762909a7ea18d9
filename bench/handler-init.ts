/**
 * What a cold start of the `items/create` starter costs before its first request, and what
 * the starter keeps out of it: the handler module loads (its bundle and the SDK client
 * modules it requires); the DynamoDB and EventBridge clients are constructed on first use, not
 * at import, so an invocation that fails validation (400) never pays for them.
 *
 *   npx ts-node -P bench/tsconfig.json bench/handler-init.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { median } from './lib';

const runs = Number(process.argv[2] ?? 15);
const repo = path.resolve(__dirname, '..');
const outdir = fs.mkdtempSync(path.join(repo, 'node_modules', '.bench-init-'));

/** In a fresh process: ms to load the bundle, then ms to construct the clients it creates lazily. */
const CHILD = `
const t0 = process.hrtime.bigint();
require(process.argv[1]);
const t1 = process.hrtime.bigint();
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient } = require('@aws-sdk/client-eventbridge');
DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
new EventBridgeClient({ region: 'us-east-1' });
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, clients: Number(t2 - t1) / 1e6 }));
`;

async function main(): Promise<void> {
  const outfile = path.join(outdir, 'index.js');
  await build({
    entryPoints: [path.join(repo, 'starters/src/handlers/items/create.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    legalComments: 'none',
  });
  const samples = Array.from({ length: runs }, () =>
    JSON.parse(execFileSync(process.execPath, ['-e', CHILD, outfile], { cwd: repo, encoding: 'utf8' })) as { load: number; clients: number });
  const load = median(samples.map((s) => s.load));
  const clients = median(samples.map((s) => s.clients));
  console.log(`items/create cold start before the first request (median of ${runs}, fresh node processes)`);
  console.log(`  load the bundle and the SDK modules it requires   ${load.toFixed(1).padStart(6)} ms  x1.00`);
  console.log(`  construct the DynamoDB and EventBridge clients    ${clients.toFixed(1).padStart(6)} ms  x${(clients / load).toFixed(2)}`);
  console.log('  (the starter constructs the clients on first use: a request rejected with 400 never pays for them)');
  fs.rmSync(outdir, { recursive: true, force: true });
}

void main();
