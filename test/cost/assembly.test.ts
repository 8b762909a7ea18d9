import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BARE_CONFIG, estimate, inventoryOf, readAssembly } from '../../src/cost';

/** An assembly of an environment-agnostic stack with a nested stack, a stack in eu-west-1 and one in a stage in ap-southeast-2. */
function synthesize(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-assembly-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const shop = new Stack(app, 'shop');
  new kms.Key(shop, 'TopKey');
  const orders = new NestedStack(shop, 'Orders');
  new lambda.Function(orders, 'Fn', { code: lambda.Code.fromInline('exports.handler = 1;'), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
  new kms.Key(orders, 'Key');
  new kms.Key(new Stack(app, 'eu', { env: { region: 'eu-west-1' } }), 'EuKey');
  new kms.Key(new Stack(new Stage(app, 'Prod', { env: { region: 'ap-southeast-2' } }), 'api'), 'StageKey');
  app.synth();
  return outdir;
}

describe('readAssembly: every template of cdk.out', () => {
  const assemblyDir = synthesize();

  test('reads each stack of the manifest, its nested stacks and the stacks of its stages, each with its region', () => {
    const templates = readAssembly(assemblyDir);
    // in the manifest's order: the stage's assembly comes first
    expect(templates.map((template) => [template.stackName, template.region])).toEqual([
      ['Prod/api', 'ap-southeast-2'],
      ['shop', undefined],
      ['shop/Orders', undefined],
      ['eu', 'eu-west-1'],
    ]);
  });

  test('gives each resource its construct path, a nested stack\'s resources to the nested stack only', () => {
    const [, shop, orders] = readAssembly(assemblyDir);
    expect(Object.values(shop.paths).filter((each) => each.endsWith('Resource')).sort()).toEqual(['Orders.NestedStack/Orders.NestedStackResource', 'TopKey/Resource']);
    expect(inventoryOf(orders).functions.map((fn) => [fn.key, fn.memoryMb, fn.architecture])).toEqual([['Orders/Fn', 128, 'x86_64']]);
    expect(inventoryOf(orders).fixed).toEqual([{ kind: 'kms-key', key: 'Orders/Key', quantity: 1 }]);
  });

  test('reads no template the manifest does not name: one left over from an earlier synth is not priced', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-assembly-'));
    fs.cpSync(assemblyDir, dir, { recursive: true });
    fs.copyFileSync(path.join(dir, 'eu.template.json'), path.join(dir, 'removed.template.json'));
    expect(readAssembly(dir).map((template) => template.templateFile)).not.toContain('removed.template.json');
  });

  test('prices each stack at its region, and says so when its region is unknown', () => {
    const result = estimate(readAssembly(assemblyDir).map((template) => inventoryOf(template)), BARE_CONFIG);
    expect(result.stacks.map((stack) => [stack.stack, stack.pricedAt, stack.regionNote !== undefined])).toEqual([
      ['Prod/api', 'ap-southeast-2', false],
      ['shop', 'us-east-1', true],
      ['shop/Orders', 'us-east-1', true],
      ['eu', 'eu-west-1', false],
    ]);
    expect(result.stacks[1].regionNote).toBe('the stack\'s region is unknown (environment-agnostic: no region at synth, e.g. no CDK_DEFAULT_REGION); '
      + 'priced at us-east-1\'s prices, as a stand-in: set `costEstimate.region`, or the stack\'s region');
    // a KMS key a month in us-east-1; no KMS price was read for the other two regions
    expect(result.stacks.map((stack) => stack.idle.map((line) => line.usd))).toEqual([[undefined], [1], [1], [undefined]]);
    expect(result.idleMissing).toBe(2);
  });

  test('says which stack needs a synth when there is no assembly', () => {
    expect(() => readAssembly(path.join(os.tmpdir(), 'no-such-assembly'))).toThrow(/no-such-assembly\/manifest\.json does not exist: synthesize the app first \(npx projen synth:silent\)/);
  });
});
