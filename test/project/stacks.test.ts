/**
 * How the app is split into stacks (`serviceStacks`), what `npx projen` counts of each, and the
 * stacks it refuses before any file is written: one CloudFormation would refuse, tags it would.
 */
import * as fs from 'node:fs';
import { freshDir, read, synthApp } from './helpers';
import { HttpMethod, ServiceOptions } from '../../src';
import { buildModel } from '../../src/project/model';

/** A service of `routes` routed functions on the shared API, with a table and an event. */
function routedService(name: string, routes: number): ServiceOptions {
  return {
    name,
    table: { partitionKey: { name: 'id' } },
    events: ['Changed'],
    functions: Array.from({ length: routes }, (_, i) => ({
      name: `op-${i}`,
      route: { method: HttpMethod.GET, path: `/${name}/op-${i}` },
      ...(i === 0 ? { publishes: ['Changed'] } : {}),
    })),
  };
}

describe('the default: one stack, as before serviceStacks', () => {
  test('no nested stack, every service in the app\'s stack', () => {
    const outdir = freshDir();
    synthApp(outdir, { serviceStacks: undefined });
    const stack = read(outdir, 'src/generated/shop-stack.generated.ts');
    expect(stack).not.toContain('NestedStack');
    expect(stack).toContain("this.itemsService = new ItemsService(this, 'ItemsService', { api: this.api, eventBus: this.eventBus.bus, functionDefaults });");
  });
});

describe('resources counted per stack, from the options', () => {
  const options = { name: 'shop', defaultReleaseBranch: 'main', recommendedFeatureFlags: true };

  test('a routed function costs 6 resources in its service\'s stack, CORS included', () => {
    const stacks = (routes: number) => buildModel({ ...options, serviceStacks: true, services: [routedService('items', routes)] }).stacks;
    const [one, eleven] = [stacks(1), stacks(11)];
    // function, role, log group, method, resource and its CORS preflight
    expect((eleven[1].resources - one[1].resources) / 10).toBe(6);
    // the app's stack does not grow with the routes: its nested stack does
    expect(eleven[0].resources).toBe(one[0].resources);
  });

  test('with alarms, a routed function costs 9 (its errors, throttles and duration alarms); the app\'s stack adds the topic, its key and policy, the dashboard and the API\'s 2 alarms (and a subscription with email)', () => {
    const stacks = (routes: number, alarms?: { email?: string; enabled?: boolean }) =>
      buildModel({ ...options, serviceStacks: true, alarms, services: [routedService('items', routes)] }).stacks;
    const [one, eleven] = [stacks(1, {}), stacks(11, {})];
    expect((eleven[1].resources - one[1].resources) / 10).toBe(9);
    expect(eleven[1].byType['AWS::CloudWatch::Alarm']).toBe(33);
    const without = stacks(1);
    expect(one[0].resources - without[0].resources).toBe(6);
    expect(stacks(1, { email: 'ops@example.com' })[0].byType['AWS::SNS::Subscription']).toBe(1);
    // off unless a stage's props turn them on: counted as the architecture test synthesizes it, without
    expect(stacks(1, { enabled: false })).toEqual(without);
  });

  test('100 services of 5 routed functions: each stack far under the limit', () => {
    const model = buildModel({ ...options, serviceStacks: true, services: Array.from({ length: 100 }, (_, i) => routedService(`svc-${i}`, 5)) });
    expect(model.stacks).toHaveLength(101);
    expect(Math.max(...model.stacks.map((stack) => stack.resources))).toBeLessThan(400);
    expect(model.stacks[0].byType['AWS::CloudFormation::Stack']).toBe(100);
  });
});

describe('a stack CloudFormation would refuse is refused at npx projen, before any file is written', () => {
  test('the one stack: says to turn on serviceStacks, and what it moves', () => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { serviceStacks: false, services: [routedService('items', 30), routedService('orders', 40)] })).toThrow(
      /The app's one stack would hold 4\d\d resources, more than 400 \(CloudFormation refuses a stack of more than 500; .*\): set `serviceStacks: true` .*docs\/stacks\.md/,
    );
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('with serviceStacks, a service too big for its own stack: its count, the limit and what to do', () => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { services: [routedService('items', 5), routedService('orders', 70)] })).toThrow(
      /`services\[1\]` \('orders'\): its stack would hold 4\d\d resources, more than 400 .*: split it into two services or more \(a function with a route costs about 6 resources, and it has 70\)\./,
    );
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('with alarms, the advice counts a routed function with its alarms', () => {
    expect(() => synthApp(freshDir(), { alarms: {}, services: [routedService('items', 5), routedService('orders', 45)] })).toThrow(
      /`services\[1\]` \('orders'\): its stack would hold 4\d\d resources, .*\(a function with a route costs about 6 resources, 9 with its alarms, and it has 45\)\./,
    );
  });

  test('the same services split in two pass', () => {
    expect(() => synthApp(freshDir(), { services: [routedService('items', 5), routedService('orders', 35), routedService('returns', 35)] })).not.toThrow();
  });
});

describe('tags', () => {
  test('every stack gets them from the app\'s stack', () => {
    const outdir = freshDir();
    synthApp(outdir, { tags: { 'team': 'catalog', 'cost-center': '42' } });
    expect(read(outdir, 'src/generated/shop-stack.generated.ts')).toContain("    Tags.of(this).add('cost-center', '42');\n    Tags.of(this).add('team', 'catalog');");
  });

  test.each([
    [{ 'aws:team': 'x' }, "`tags` ('aws:team'): keys starting with 'aws:' are AWS's own; choose another key."],
    [{ 'team#1': 'x' }, "`tags` ('team#1'): a tag key must be 1-128 letters, digits, spaces or _ . : / = + - @; got 'team#1'."],
    [{ team: 'a'.repeat(257) }, "`tags` ('team'): a tag value must be a string of at most 256"],
  ])('%p is refused', (tags, message) => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { tags })).toThrow(message);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
