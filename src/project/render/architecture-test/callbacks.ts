/** The functions that send back the task tokens of a workflow's CALLBACK steps: on that state machine, and no other function. */
import { functionRef, serviceOf } from './helpers';
import { AppModel } from '../../model';
import { lines, literal, str } from '../typescript';

/** Static: the one statement of the task response actions, on the workflow's state machine only. */
const CALLBACK_TEST = [
  "  test.each(completers)('$name: may send back the task tokens of $workflow, on its state machine only', ({ fn, stateMachine }) => {",
  '    const grants = (statementsOf(fn) as Array<{ Action: string | string[]; Resource?: unknown }>)',
  "      .filter((s) => ([] as string[]).concat(s.Action).some((action) => action.startsWith('states:SendTask')));",
  '    expect(grants).toHaveLength(1);',
  "    expect(([] as string[]).concat(grants[0].Action).sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess']);",
  '    expect(grants[0].Resource).toEqual({ Ref: logicalId(stateMachine) });',
  '  });',
].join('\n');

export function renderCallbackTests(app: AppModel): string {
  const completers = app.functions.filter((fn) => fn.completesCallbacksOf);
  const names = completers.map((fn) => `${fn.service}/${fn.name}`);
  return lines(
    '',
    "describe('task tokens', () => {",
    completers.length > 0 && lines(
      '  const completers = [',
      ...completers.map((fn) => {
        const workflow = serviceOf(fn, app).workflows.find((candidate) => candidate.name === fn.completesCallbacksOf)!;
        const stateMachine = `stack.${serviceOf(fn, app).propertyName}.${workflow.propertyName}.stateMachine`;
        return `    { name: ${str(`${fn.service}/${fn.name}`)}, fn: ${functionRef(fn, app)}, workflow: ${str(workflow.name)}, stateMachine: ${stateMachine} },`;
      }),
      '  ];',
      '',
      CALLBACK_TEST,
      '',
    ),
    // test.each refuses an empty table: written when some function does not complete callbacks
    app.functions.length > completers.length && lines(
      `  const others = functions.filter((row) => !(${literal(names)} as string[]).includes(row.name));`,
      "  test.each(others)('$name: may send back no task token (no `completesCallbacksOf`)', ({ fn }) => {",
      "    expect(actionsOf(fn).filter((action) => action.startsWith('states:SendTask'))).toEqual([]);",
      '  });',
    ),
    '});',
  );
}
