/**
 * What local mode did, for tests: the events put on the buses, the invocations, the executions
 * that ended. Each list keeps the latest entries up to a bound, so that a long session keeps a
 * flat memory; the totals count everything since start.
 *
 * @module
 */

/** An event `PutEvents` accepted, with the rules it matched. */
export interface HistoryEvent {
  readonly source: string;
  readonly detailType: string;
  readonly rules: string[];
}

/** An invocation, by construct path without the stack (`ItemsService/Create`). */
export interface HistoryInvocation {
  readonly function: string;
  readonly requestId: string;
  readonly ok: boolean;
}

/** An execution of a state machine that ended: the state machine's name, the execution's, how it ended. */
export interface HistoryExecution {
  readonly stateMachine: string;
  readonly execution: string;
  readonly status: string;
  readonly error?: string;
}

/** What local mode did, in order: the latest entries of each kind (at least `historySize`, at most a tenth more), and how many there were in all. */
export interface LocalHistory {
  /** Events accepted by PutEvents, with the rules they matched. */
  readonly events: readonly HistoryEvent[];
  /** Invocations, by construct path without the stack (`ItemsService/Create`). */
  readonly invocations: readonly HistoryInvocation[];
  /** Executions of state machines that ended. */
  readonly executions: readonly HistoryExecution[];
  /** How many of each there were since start, those no longer kept included. */
  readonly totals: { readonly events: number; readonly invocations: number; readonly executions: number };
}

/** The entries each list of the history keeps by default. */
export const DEFAULT_HISTORY_SIZE = 10_000;

/** The history local mode writes to: each list trimmed to its bound, oldest first out. */
export class BoundedHistory implements LocalHistory {
  public readonly events: HistoryEvent[] = [];
  public readonly invocations: HistoryInvocation[] = [];
  public readonly executions: HistoryExecution[] = [];
  private readonly counted = { events: 0, invocations: 0, executions: 0 };

  /** @param size the entries each list keeps */
  constructor(private readonly size: number = DEFAULT_HISTORY_SIZE) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`historySize must be a whole number of at least 1; got ${size}`);
    }
  }

  public get totals(): LocalHistory['totals'] {
    return { ...this.counted };
  }

  public addEvent(event: HistoryEvent): void {
    this.add('events', this.events, event);
  }

  public addInvocation(invocation: HistoryInvocation): void {
    this.add('invocations', this.invocations, invocation);
  }

  public addExecution(execution: HistoryExecution): void {
    this.add('executions', this.executions, execution);
  }

  private add<T>(kind: keyof BoundedHistory['counted'], list: T[], entry: T): void {
    this.counted[kind] += 1;
    list.push(entry);
    // trimmed by a tenth at a time, so that a full list is not shifted at every entry
    if (list.length > this.size + Math.ceil(this.size / 10)) {
      list.splice(0, list.length - this.size);
    }
  }
}
