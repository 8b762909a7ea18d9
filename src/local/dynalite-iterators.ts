/**
 * A fix, applied where dynalite is loaded, of a leak in dynalite 4 (the latest release): its Scan
 * and Query read the table through a stream over an abstract-level iterator, and close it, when
 * the stream ends, by calling the iterator's `return()`, the method of JavaScript's async
 * iterator protocol. abstract-level 3's iterators have no `return()`: they are closed by
 * `close()`. So no Scan or Query iterator was ever closed; each stayed in the database's set of
 * open resources, holding a snapshot of the table's tree (about 1 KB per Scan, without bound).
 *
 * The fix gives abstract-level's iterators the `return()` that dynalite calls, closing them. It is
 * applied to the abstract-level that dynalite's memory-level resolves to, once, and only where
 * `return()` is missing: a dynalite or abstract-level that closes its iterators itself is left as
 * it is.
 *
 * @module
 */
import * as path from 'node:path';

/** What the iterators of abstract-level have: `close()`, and, once fixed, `return()`. */
interface ClosableIterator {
  return?: () => Promise<{ done: true; value: undefined }>;
  close(): Promise<void>;
}

/**
 * Gives the iterators of dynalite's abstract-level the `return()` dynalite's streams close them with.
 *
 * @param dynaliteEntry the file `require.resolve('dynalite')` gives, from the app's dependencies
 * @returns whether the iterators needed the fix
 */
export function closeDynaliteIterators(dynaliteEntry: string): boolean {
  const iteratorClass = abstractLevelOf(dynaliteEntry).AbstractIterator as { prototype: ClosableIterator };
  // the prototype every iterator kind (entries, keys, values) shares
  const common = Object.getPrototypeOf(iteratorClass.prototype) as ClosableIterator;
  if (typeof common.return === 'function') {
    return false;
  }
  Object.defineProperty(common, 'return', {
    configurable: true,
    writable: true,
    value: async function closeIterator(this: ClosableIterator) {
      await this.close();
      return { done: true, value: undefined };
    },
  });
  return true;
}

/** The abstract-level module dynalite's memory-level uses. */
export function abstractLevelOf(dynaliteEntry: string): Record<string, unknown> {
  const memoryLevel = require.resolve('memory-level', { paths: [path.dirname(dynaliteEntry)] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('abstract-level', { paths: [path.dirname(memoryLevel)] })) as Record<string, unknown>;
}
