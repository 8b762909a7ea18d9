import { WorkflowStep, WorkflowStepType } from '../../src';
import { runCases } from '../../src/project/render/workflow-tests/nested';

const task = (name: string, extra: Partial<WorkflowStep> = {}): WorkflowStep => ({ name, type: WorkflowStepType.TASK, ...extra });

/** A parallel whose branches retry, catch and choose, then a map whose item steps do too. */
const STEPS: WorkflowStep[] = [
  {
    name: 'fan-out',
    type: WorkflowStepType.PARALLEL,
    resultPath: '$.results',
    catch: [{ next: 'failed' }],
    branches: [
      { steps: [task('charge', { retry: [{ errors: ['PaymentBusy'] }], catch: [{ errors: ['CardDeclined'], next: 'declined' }], end: true }), { name: 'declined', type: WorkflowStepType.SUCCEED }] },
      { steps: [{ name: 'by-speed', type: WorkflowStepType.CHOICE, choices: [{ variable: '$.express', booleanEquals: true, next: 'reserve-express' }] }, task('reserve-express')] },
    ],
  },
  {
    name: 'ship-all',
    type: WorkflowStepType.MAP,
    itemsPath: '$.items',
    resultPath: '$.shipments',
    itemSteps: [task('pack', { catch: [{ errors: ['OutOfStock'], next: 'skip-item' }] }), task('label', { end: true }), { name: 'skip-item', type: WorkflowStepType.SUCCEED }],
    next: 'done',
  },
  { name: 'done', type: WorkflowStepType.SUCCEED },
  { name: 'failed', type: WorkflowStepType.FAIL, error: 'Failed' },
];

describe('the generated workflow runs of steps inside branches and item steps', () => {
  const cases = runCases(STEPS);
  const byTitle = (title: string) => cases.find((run) => run.title === title);

  test('a branch\'s retry and catch: a run of the whole workflow, the other branch on its plain path', () => {
    expect(byTitle('fan-out › charge: retried after PaymentBusy, then goes on')).toEqual({
      title: 'fan-out › charge: retried after PaymentBusy, then goes on',
      input: { express: true },
      stubs: { charge: { throws: { error: 'PaymentBusy' }, failTimes: 1 } },
      expectations: ['expect(run.calls.charge).toBe(2);'],
    });
    expect(byTitle('fan-out › charge: a CardDeclined goes to declined')?.expectations).toEqual(["expect(run.visited).toContain('declined');"]);
  });

  test('a branch\'s choice: each rule; no match fails the branch, and the parallel\'s catcher takes it', () => {
    expect(byTitle('fan-out › by-speed: $.express booleanEquals true goes to reserve-express')?.input).toEqual({ express: true });
    expect(byTitle('fan-out › by-speed: when no rule matches, it fails with States.NoChoiceMatched, which fan-out catches: goes to failed')).toMatchObject({
      input: { express: 'not-matched' },
      expectations: ["expect(run.visited).toContain('failed');"],
    });
  });

  test('an item step\'s catch: one item, the inner run\'s input, at the map\'s itemsPath', () => {
    expect(byTitle('ship-all (one item) › pack: a OutOfStock goes to skip-item')).toMatchObject({
      input: { items: [{}], express: true },
      stubs: { pack: { throws: { error: 'OutOfStock' } } },
    });
  });

  test('the plain path and the parallel\'s own run give each branch the input of its plain path', () => {
    expect(cases[0]).toMatchObject({ title: 'the plain path: fan-out → ship-all → done', input: { express: true } });
    expect(byTitle('fan-out: runs its 2 branches, then ship-all receives their results')?.input).toEqual({ express: true });
  });
});
