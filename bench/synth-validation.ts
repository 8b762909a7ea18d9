/**
 * What aws-cdk-lib's built-in CloudFormation validation costs a test that synthesizes, and so
 * why the generated architecture test synthesizes once with it off (`cdk synth` keeps it on).
 * Synthesizes a stack shaped like the sample (API, bus, a service of five functions) with
 * validation on and off, each in a fresh process as a jest test file gets a fresh module
 * registry (the validation loads its schemas on first use), and again in one warm process.
 *
 *   npx ts-node -P bench/tsconfig.json bench/synth-validation.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { compare } from './lib';
import { Microservice, ServerlessRestApi, TableAccess } from '../src/constructs';

const runs = Number(process.argv[2] === '--child' ? 1 : process.argv[2] ?? 5);
const asset = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-asset-'));
fs.writeFileSync(path.join(asset, 'index.js'), 'exports.handler = async () => ({});\n');

function synthesize(builtinCloudFormationValidation: boolean): number {
  const started = process.hrtime.bigint();
  const stack = new Stack(new App({ builtinCloudFormationValidation }), 'Bench');
  const api = new ServerlessRestApi(stack, 'Api');
  const service = new Microservice(stack, 'Items', {
    serviceName: 'items',
    api,
    eventBus: new events.EventBus(stack, 'Bus'),
    table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
  });
  for (const [id, method, route] of [['List', 'GET', '/items'], ['Create', 'POST', '/items'], ['Get', 'GET', '/items/{id}'], ['Update', 'PUT', '/items/{id}'], ['Delete', 'DELETE', '/items/{id}']]) {
    service.addFunction(id, { assetPath: asset, tableAccess: method === 'GET' ? TableAccess.READ : TableAccess.READ_WRITE, route: { method, path: route } });
  }
  Template.fromStack(stack);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** One synthesis in a fresh node process, timed inside it (module loading of aws-cdk-lib excluded). */
function firstSynthesis(validation: boolean): number {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', String(validation)], {
    encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
  });
  return Number(out.trim());
}

if (process.argv[2] === '--child') {
  synthesize(false); // load aws-cdk-lib's modules, not the validation
  console.log(synthesize(process.argv[3] === 'true'));
} else {
  compare('first synthesis in a fresh process, as in each test file', runs, [
    ['built-in CloudFormation validation on (default)', () => firstSynthesis(true)],
    ['validation off (generated architecture test)', () => firstSynthesis(false)],
  ]);
  synthesize(false);
  compare('later syntheses in a warm process', runs, [
    ['built-in CloudFormation validation on (default)', () => synthesize(true)],
    ['validation off (generated architecture test)', () => synthesize(false)],
  ]);
}
