import { StatesDefinition, statesPerRun, transitionsPerRun } from '../../src/cost';

describe('transitionsPerRun: the state transitions of one pass', () => {
  test('counts each state of a sequence once, and stops at End', () => {
    const definition: StatesDefinition = { StartAt: 'a', States: { a: { Type: 'Task', Next: 'b' }, b: { Type: 'Task', End: true }, c: { Type: 'Task', End: true } } };
    expect(statesPerRun(definition)).toEqual(['a', 'b']);
  });

  test('takes the first rule of a Choice, or its default when it has no rule, and stops at Succeed and Fail', () => {
    const definition: StatesDefinition = {
      StartAt: 'check',
      States: {
        check: { Type: 'Choice', Choices: [{ Next: 'done' }], Default: 'failed' },
        done: { Type: 'Succeed' },
        failed: { Type: 'Fail' },
      },
    };
    expect(statesPerRun(definition)).toEqual(['check', 'done']);
    expect(statesPerRun({ StartAt: 'check', States: { ...definition.States, check: { Type: 'Choice', Default: 'failed' } } })).toEqual(['check', 'failed']);
  });

  test('counts a loop back once', () => {
    const definition: StatesDefinition = {
      StartAt: 'poll',
      States: { poll: { Type: 'Task', Next: 'wait' }, wait: { Type: 'Wait', Next: 'poll' } },
    };
    expect(transitionsPerRun(definition)).toBe(2);
  });

  test('counts a Parallel state and each branch, a Map state and the states of one item', () => {
    const definition: StatesDefinition = {
      StartAt: 'both',
      States: {
        both: {
          Type: 'Parallel',
          Next: 'each',
          Branches: [{ StartAt: 'x', States: { x: { Type: 'Task', End: true } } }, { StartAt: 'y', States: { y: { Type: 'Task', Next: 'z' }, z: { Type: 'Pass', End: true } } }],
        },
        each: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'item', States: { item: { Type: 'Task', End: true } } } },
      },
    };
    expect(statesPerRun(definition)).toEqual(['both', 'x', 'y', 'z', 'each', 'item']);
  });
});
