/**
 * The third fixture: an app created from the real tarball whose .projenrc.ts declares the spec's
 * order processing (triggered by OrderPlaced, with a task, a choice, a callback, a parallel, a
 * wait, a map, catches and retries) and an EXPRESS workflow. `npx projen build` must be green,
 * which runs its generated workflow tests: the state machines executed offline.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addOptions, jestReport, createApp, packPackage, run } from '../../scripts/sample-app';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-e2e-workflows-'));
const appDir = path.join(work, 'fulfilment');

/** The options, as a user writes them in .projenrc.ts. */
const OPTIONS = `
  services: [{
    name: 'orders',
    table: { partitionKey: { name: 'id' } },
    events: ['OrderPlaced'],
    functions: [{ name: 'create', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] }],
    workflows: [
      {
        name: 'order-processing',
        trigger: { sources: ['orders'], detailTypes: ['OrderPlaced'] },
        steps: [
          {
            name: 'validate-order',
            type: WorkflowStepType.TASK,
            retry: [{ errors: ['OrderStoreBusy'], maxAttempts: 2 }],
            catch: [{ errors: ['OrderRejected'], next: 'order-rejected' }],
            resultPath: '$.validation',
          },
          {
            name: 'route-by-total',
            type: WorkflowStepType.CHOICE,
            choices: [{ variable: '$.total', numericGreaterThan: 1000, next: 'manual-approval' }],
            defaultNext: 'fulfil',
          },
          { name: 'manual-approval', type: WorkflowStepType.CALLBACK, timeoutSeconds: 86400, heartbeatSeconds: 3600, resultPath: '$.approval' },
          {
            name: 'fulfil',
            type: WorkflowStepType.PARALLEL,
            branches: [
              { steps: [{ name: 'charge-payment', type: WorkflowStepType.TASK }] },
              { steps: [{ name: 'reserve-inventory', type: WorkflowStepType.TASK }] },
            ],
            resultPath: '$.fulfilment',
            catch: [{ next: 'refund' }],
          },
          { name: 'wait-for-pickup', type: WorkflowStepType.WAIT, waitSeconds: 3600 },
          {
            name: 'ship-items',
            type: WorkflowStepType.MAP,
            itemsPath: '$.items',
            maxConcurrency: 5,
            itemSteps: [{ name: 'ship-item', type: WorkflowStepType.TASK }],
            resultPath: '$.shipments',
            next: 'done',
          },
          { name: 'refund', type: WorkflowStepType.TASK, next: 'order-failed' },
          { name: 'order-failed', type: WorkflowStepType.FAIL, error: 'OrderFailed', cause: 'the payment or the inventory reservation failed' },
          { name: 'order-rejected', type: WorkflowStepType.FAIL, error: 'OrderRejected' },
          { name: 'done', type: WorkflowStepType.SUCCEED },
        ],
        tasks: [{ step: 'validate-order', tableAccess: TableAccess.READ }],
      },
      { name: 'nightly-cleanup', type: WorkflowType.EXPRESS, timeoutSeconds: 120, steps: [{ name: 'sweep', type: WorkflowStepType.TASK }] },
    ],
  }],`;

beforeAll(() => {
  createApp(packPackage(work), appDir);
  addOptions(appDir, ['HttpMethod', 'TableAccess', 'WorkflowStepType', 'WorkflowType'], OPTIONS);
});

test('npx projen build is green, its workflow tests included: the state machines run offline', () => {
  run('npx projen build', appDir);
  const template = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out/fulfilment.template.json'), 'utf8'));
  const resources = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>);
  const machines = resources.filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
  expect(machines.map((machine) => machine.Properties.StateMachineType).sort()).toEqual(['EXPRESS', 'STANDARD']);
  const report = jestReport(appDir, 'test/generated/workflows.test.ts');
  expect(report.numFailedTests).toBe(0);
  expect(report.numPassedTests).toBeGreaterThanOrEqual(12);
});
