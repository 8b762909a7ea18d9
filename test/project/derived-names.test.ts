/**
 * The check of derived names knows every construct id an app's stack and services create: the
 * ids the generated stack and service files write, and those the constructs give what they create
 * beside a function, are all among the names it checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { DATA_PROCESSING } from './data-fixtures';
import { freshDir, synthApp } from './helpers';
import { baseApp } from './options-doc';
import { VARIANTS } from './variants';
import { FunctionPreset, Microservice, ServerlessRestApi } from '../../src';
import { buildModel } from '../../src/project/model';
import { besideFunction, scopedNames } from '../../src/project/model/derived-names';
import { fakeBundle } from '../constructs/helpers';

/** The construct ids a generated file writes: `new X(this, 'Id'`, `this.addFunction('Id'`, `new CfnOutput(this, 'Id'`. */
function writtenIds(source: string): string[] {
  return [...source.matchAll(/(?:\(this, |addFunction\()['"]([A-Za-z0-9]+)['"]/g)].map((match) => match[1]);
}

const APPS = { ...VARIANTS, 'data-processing': DATA_PROCESSING, 'docs/options.md': baseApp() };

test.each(Object.entries(APPS))('%s: every id the generated stack and services write is checked', (_name, options) => {
  const outdir = freshDir();
  synthApp(outdir, options);
  // as synthApp builds it
  const model = buildModel({ name: 'shop', defaultReleaseBranch: 'main', serviceStacks: true, ...options });
  const checked = scopedNames(model).filter((name) => name.kind === 'construct id');
  const inScope = (scope: string) => new Set(checked.filter((name) => name.scope === scope).map((name) => name.name));
  const stackIds = writtenIds(fs.readFileSync(path.join(outdir, 'src/generated', `${model.stackName}-stack.generated.ts`), 'utf8'));
  expect(stackIds.filter((id) => !inScope(`stack '${model.stackName}'`).has(id))).toEqual([]);
  for (const service of model.services) {
    const serviceIds = writtenIds(fs.readFileSync(path.join(outdir, 'src/generated', `${service.fileBase}.generated.ts`), 'utf8'));
    expect(serviceIds.filter((id) => !inScope(`service '${service.name}'`).has(id))).toEqual([]);
  }
});

test('what Microservice.addFunction and ServiceFunction create beside a function is checked', () => {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const service = new Microservice(stack, 'Orders', {
    serviceName: 'orders',
    table: { partitionKey: { name: 'id', type: 'S' as never } },
    api: new ServerlessRestApi(stack, 'Api'),
    eventBus: new events.EventBus(stack, 'Bus'),
    functionDefaults: { preset: FunctionPreset.SIMPLE },
  });
  const assetPath = fakeBundle();
  const subscriptions = [{ sources: ['shipping'] }, { detailTypes: ['OrderShipped'] }];
  service.addFunction('Ship', { assetPath, subscriptions, publishes: ['OrderPlaced'], idempotency: true });
  service.addFunction('Show', { assetPath, route: { method: 'GET', path: '/orders/{id}' } });
  const created = service.node.children.map((child) => child.node.id);
  const checked = new Set([
    'Table', 'IdempotencyTable', 'Ship', 'Show',
    ...besideFunction({ constructId: 'Ship', name: 'ship', subscriptions: subscriptions as never }).map(({ id }) => id),
    ...besideFunction({ constructId: 'Show', name: 'show', subscriptions: [] }).map(({ id }) => id),
  ]);
  expect(created.filter((id) => !checked.has(id))).toEqual([]);
});
