/**
 * State transitions of one run of a workflow, as the estimate counts them: the states of one pass
 * from `StartAt` to the end, a Choice taking its first rule (or its default when it has none),
 * each state at most once, so a loop back counts once and retries not at all. A Parallel state
 * counts itself and every branch; a Map state itself and the states of one item.
 */

/** The part of an Amazon States Language definition the walk reads. */
export interface StatesDefinition {
  readonly StartAt?: string;
  readonly States?: { [name: string]: StateDefinition };
}

/** A state, as far as the walk reads it. */
export interface StateDefinition {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: Array<{ readonly Next?: string }>;
  readonly Branches?: StatesDefinition[];
  readonly ItemProcessor?: StatesDefinition;
  readonly Iterator?: StatesDefinition;
}

/** State transitions of one pass through `definition`. */
export function transitionsPerRun(definition: StatesDefinition): number {
  return statesPerRun(definition).length;
}

/** The names of the states one pass through `definition` enters, branches and item processors included. */
export function statesPerRun(definition: StatesDefinition): string[] {
  const states = definition.States ?? {};
  const visited: string[] = [];
  let name = definition.StartAt;
  while (name !== undefined && states[name] && !visited.includes(name)) {
    visited.push(name);
    const state = states[name];
    const items = state.ItemProcessor ?? state.Iterator;
    for (const inner of [...(state.Branches ?? []), ...(items ? [items] : [])]) {
      visited.push(...statesPerRun(inner));
    }
    name = nextOf(state);
  }
  return visited;
}

function nextOf(state: StateDefinition): string | undefined {
  if (state.End || state.Type === 'Succeed' || state.Type === 'Fail') {
    return undefined;
  }
  if (state.Type === 'Choice') {
    return state.Choices?.find((choice) => choice.Next !== undefined)?.Next ?? state.Default;
  }
  return state.Next;
}
