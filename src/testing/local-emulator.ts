/**
 * aws-local-stepfunctions and asl-validator, the app's dev dependencies, loaded on first use, and
 * what it takes to run a definition faithfully with them.
 */

// The parts of aws-local-stepfunctions and asl-validator used here (asl-validator ships no types).
interface EmulatorEvent {
  readonly type: string;
  readonly state: { readonly name: string };
}
interface EmulatorExecution {
  readonly result: Promise<any>;
  readonly eventLogs: AsyncIterable<EmulatorEvent>;
  /** Stops the execution; its `result` then rejects. */
  abort(): void;
}
export interface Emulator {
  StateMachine: new (definition: object, options: object) => { run(input: any, options: object): EmulatorExecution };
}
export type AslValidator = (definition: object) => { isValid: boolean; errorsText: (separator: string) => string };

/** aws-local-stepfunctions, with the `Promise.withResolvers` it needs installed where Node.js lacks it (before 22). */
export function loadEmulator(): Emulator {
  const promise = Promise as unknown as { withResolvers?: () => object };
  if (typeof promise.withResolvers !== 'function') {
    Object.defineProperty(Promise, 'withResolvers', {
      configurable: true,
      writable: true,
      value: function withResolvers<T>() {
        let resolve!: (value: T) => void;
        let reject!: (reason?: unknown) => void;
        const created = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise: created, resolve, reject };
      },
    });
  }
  return load<Emulator>('aws-local-stepfunctions');
}

/** asl-validator's one function. */
export function loadValidator(): AslValidator {
  return load<AslValidator>('asl-validator');
}

function load<T>(name: string): T {
  try {
    // the app's dev dependencies, resolved from its node_modules when a test needs them
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    throw new Error(`WorkflowTester needs ${name}: add \`aws-local-stepfunctions@^3\` and \`asl-validator@^4\` to the app's devDeps (${(error as Error).message}).`);
  }
}

/** Calls `visit` on every state of a definition, those of branches and item processors included. */
export function walkStates(definition: { [key: string]: any }, visit: (name: string, state: { [key: string]: any }) => void): void {
  for (const [name, state] of Object.entries<{ [key: string]: any }>(definition.States ?? {})) {
    visit(name, state);
    for (const nested of [...(state.Branches ?? []), state.ItemProcessor, state.Iterator]) {
      if (nested) {
        walkStates(nested, visit);
      }
    }
  }
}

/**
 * The definition as the emulator runs it right: aws-local-stepfunctions 3.0.0 never matches
 * `IsPresent: false`, so such a rule becomes the equivalent `Not` of `IsPresent: true`.
 */
export function emulatable(definition: { [key: string]: any }): { [key: string]: any } {
  const copy = JSON.parse(JSON.stringify(definition));
  const rewrite = (rule: { [key: string]: any }): { [key: string]: any } => {
    if (rule.IsPresent === false) {
      const { Variable, IsPresent: _, ...rest } = rule;
      return { ...rest, Not: { Variable, IsPresent: true } };
    }
    return {
      ...rule,
      ...(rule.And ? { And: rule.And.map(rewrite) } : {}),
      ...(rule.Or ? { Or: rule.Or.map(rewrite) } : {}),
      ...(rule.Not ? { Not: rewrite(rule.Not) } : {}),
    };
  };
  walkStates(copy, (_name, state) => {
    if (state.Type === 'Choice') {
      state.Choices = state.Choices.map(rewrite);
    }
  });
  return copy;
}

/** What the emulator would silently get wrong: JSONata, and Map states that read or write items elsewhere. */
export function unsupportedFeatures(definition: { [key: string]: any }): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/^\{%[\s\S]*%\}$/.test(value.trim())) {
        found.add('JSONata expressions');
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'QueryLanguage' && child === 'JSONata') {
          found.add('JSONata (QueryLanguage)');
        }
        if (['ItemReader', 'ItemBatcher', 'ResultWriter'].includes(key)) {
          found.add(`a Map ${key}`);
        }
        if (key === 'Mode' && child === 'DISTRIBUTED') {
          found.add('a distributed Map');
        }
        visit(child);
      }
    }
  };
  visit(definition);
  return [...found].sort();
}
