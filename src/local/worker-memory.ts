/**
 * The memory of every function's workers together. Each worker's V8 heap is limited to its
 * function's memory size; this keeps the sum of those limits, over the workers alive, within a
 * budget, and the number of live workers within a count: a cold start that would pass either first
 * discards idle workers (of any function, the least recently used first), and waits for one to
 * become idle when none is.
 *
 * @module
 */

/** One function's idle workers, as the budget sees them. */
export interface IdleWorkers {
  /** When its least recently used idle worker became idle (a sequence number, shared by every runtime of the process), undefined when none is idle. */
  oldestIdleSince(): number | undefined;
  /** Discards that worker, its memory given back to the budget. */
  discardOldest(): void;
}

/** The budget of the workers' heaps, in megabytes, and of their number. */
export class WorkerMemoryBudget {
  private reservedMb = 0;
  private workers = 0;
  private readonly runtimes = new Set<IdleWorkers>();
  private waiting: Array<() => void> = [];

  /**
   * @param limitMb the most megabytes the workers' heaps may add up to (`Infinity`: no limit); a function larger than
   *   it still gets one worker, when no other is alive
   * @param maxWorkers the most workers alive at once, of every function together
   */
  constructor(public readonly limitMb: number, public readonly maxWorkers = Infinity) {
    if (limitMb !== Infinity && (!Number.isInteger(limitMb) || limitMb < 128)) {
      throw new Error(`workersMemoryMb, the workers' memory, must be a whole number of megabytes, at least 128; got ${limitMb}`);
    }
    if (maxWorkers !== Infinity && (!Number.isInteger(maxWorkers) || maxWorkers < 1)) {
      throw new Error(`maxWorkers, the most workers alive at once, must be a whole number, at least 1; got ${maxWorkers}`);
    }
  }

  /** How many workers are alive (or starting). */
  public get liveWorkers(): number {
    return this.workers;
  }

  /** The megabytes the live workers' heaps may use. */
  public get usedMb(): number {
    return this.reservedMb;
  }

  /** Registers a runtime's idle workers; returns what unregisters them. */
  public register(idle: IdleWorkers): () => void {
    this.runtimes.add(idle);
    return () => this.runtimes.delete(idle);
  }

  /** Resolves once a new worker of `mb` fits: idle workers discarded as needed, or waited for. */
  public async reserve(mb: number): Promise<void> {
    while (!this.fits(mb)) {
      this.discardIdle(mb);
      if (this.fits(mb)) {
        break;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.reservedMb += mb;
    this.workers += 1;
  }

  /** A worker of `mb` is gone. */
  public release(mb: number): void {
    this.reservedMb = Math.max(0, this.reservedMb - mb);
    this.workers = Math.max(0, this.workers - 1);
    this.wake();
  }

  /** A worker became idle: a cold start waiting for room may now discard it. */
  public idleWorkerAvailable(): void {
    this.wake();
  }

  private fits(mb: number): boolean {
    return this.workers === 0 || (this.reservedMb + mb <= this.limitMb && this.workers < this.maxWorkers);
  }

  /** Discards idle workers, the least recently used of all the functions' first, until `mb` fits or none is idle. */
  private discardIdle(mb: number): void {
    while (!this.fits(mb)) {
      let oldest: IdleWorkers | undefined;
      let oldestSince = Infinity;
      for (const runtime of this.runtimes) {
        const since = runtime.oldestIdleSince();
        if (since !== undefined && since < oldestSince) {
          oldest = runtime;
          oldestSince = since;
        }
      }
      if (oldest === undefined) {
        return;
      }
      oldest.discardOldest();
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
  }
}
