import { freshDir, read, synthApp } from './helpers';
import { HttpMethod, WorkflowStepType } from '../../src';

describe('local mode in the generated app', () => {
  const outdir = freshDir();
  const project = synthApp(outdir);

  test('npx projen local synthesizes, then runs what was synthesized', () => {
    const tasks = JSON.parse(read(outdir, '.projen/tasks.json')).tasks;
    expect(tasks.local.steps).toEqual([{ spawn: 'synth:silent' }, { exec: 'serverless-patterns-local', receiveArgs: true }]);
    // two malloc arenas for the process of local mode, whose functions' workers are threads
    expect(tasks.local.env).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(project.deps.all.filter((dep) => dep.type === 'build').map((dep) => dep.name)).toEqual(expect.arrayContaining(['dynalite', 'ajv-draft-04', '@aws-sdk/client-cloudformation']));
  });

  test('a managed local test drives the sample: an item created over HTTP, read back, its event on the bus', () => {
    const test = read(outdir, 'test/generated/local.test.ts');
    expect(test).toContain("import { LocalMode, startLocal } from 'projen-serverless-patterns/lib/local';");
    expect(test).toContain("test('items: creates an item over HTTP, reads it back from DynamoDB, and ItemCreated reaches the bus', async () => {");
    expect(test).toContain("expect(local.history.events).toContainEqual(expect.objectContaining({ source: 'items', detailType: 'ItemCreated' }));");
  });

  test('the integration test against the deployed stack is a starter, fitted to the sample, skipped without a stack and credentials', () => {
    const test = read(outdir, 'test/integration/api.integration.test.ts');
    expect(test).toContain('const describeDeployed = SKIPPED_BECAUSE ? describe.skip : describe;');
    expect(test).toContain('  console.warn(`integration tests skipped: ${SKIPPED_BECAUSE}`);');
    expect(test).toContain("  collection: 'items',\n  key: 'id',\n  table: 'ItemsServiceTable',\n  body: { name: 'lamp' },\n};");
    expect(test).toContain("test('has its event bus'");
  });

  test('an app without a public CRUD service gets no round trip, in either test', () => {
    const dir = freshDir();
    synthApp(dir, { services: [{ name: 'reports', functions: [{ name: 'list', route: { method: HttpMethod.GET, path: '/reports' } }] }] });
    const integration = read(dir, 'test/integration/api.integration.test.ts');
    expect(integration).toContain('const ROUND_TRIP: { readonly collection: string; readonly key: string; readonly table: string; readonly body: object } | undefined = undefined;');
    expect(integration).not.toContain('has its event bus');
    expect(read(dir, 'test/generated/local.test.ts')).not.toContain('creates an item');
  });

  test('the local test waits for the synthesis as long as the app is big: 60 s, and 2 s a function', () => {
    const dir = freshDir();
    const functions = Array.from({ length: 20 }, (_, i) => ({ name: `fn${i}`, route: { method: HttpMethod.GET, path: `/reports/fn${i}` } }));
    synthApp(dir, { services: [{ name: 'reports', functions }] });
    expect(read(dir, 'test/generated/local.test.ts')).toContain('\n}, 100_000);\n');
  });

  test('a workflow started by the event of a create route: its task starters read the key create publishes, and the local test drives it', () => {
    const dir = freshDir();
    synthApp(dir, {
      services: [{
        name: 'claims',
        table: { partitionKey: { name: 'claimId' } },
        events: ['ClaimFiled'],
        functions: [{ name: 'file', route: { method: HttpMethod.POST, path: '/claims' }, publishes: ['ClaimFiled'] }],
        workflows: [{
          name: 'claim-processing',
          trigger: { sources: ['claims'], detailTypes: ['ClaimFiled'] },
          steps: [{ name: 'assess', type: WorkflowStepType.TASK }, { name: 'settle', type: WorkflowStepType.TASK }],
        }],
      }],
    });
    expect(read(dir, 'src/handlers/claims/store.ts')).toContain("export const KEY_ATTRIBUTE = 'claimId';");
    for (const step of ['assess', 'settle']) {
      expect(read(dir, `src/handlers/claims/claim-processing/${step}.ts`)).toContain("export const KEY_FIELD = 'claimId';");
    }
    const test = read(dir, 'test/generated/local.test.ts');
    expect(test).toContain("test('claims: ClaimFiled from POST /claims starts claims/claim-processing, whose first step takes it', async () => {");
    // counted from the runs before its own request: the round trip of POST /claims starts one too
    expect(test).toContain("  const runs = () => local.history.invocations.filter((invocation) => invocation.function === 'ClaimsStack/ClaimsService/ClaimProcessingAssess');");
    expect(test).toContain('  expect(runs().slice(before)).toEqual([expect.objectContaining({ ok: true })]);');
  });
});
