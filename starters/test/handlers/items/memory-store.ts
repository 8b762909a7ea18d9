import type { Item, ItemPage, ItemStore } from '../../../src/handlers/items/store';
import { KEY_ATTRIBUTE } from '../../../src/handlers/items/store';

// re-exported: the tests import it from here, so their imports sort the same for any function name
export { KEY_ATTRIBUTE };

/** An item with the key `key` and the other attributes given. */
export function item(key: string, attributes: Record<string, unknown> = { name: key.toUpperCase() }): Item {
  return { ...attributes, [KEY_ATTRIBUTE]: key };
}

/** An in-memory `ItemStore` for the business-logic tests. */
export class MemoryItemStore implements ItemStore {
  readonly items = new Map<string, Item>();

  constructor(...items: Item[]) {
    items.forEach((stored) => this.items.set(stored[KEY_ATTRIBUTE], stored));
  }

  async list(limit: number, nextToken?: string): Promise<ItemPage> {
    const all = [...this.items.values()];
    const start = nextToken ? Number(nextToken) : 0;
    const end = start + limit;
    return { items: all.slice(start, end), nextToken: end < all.length ? String(end) : undefined };
  }

  async get(key: string): Promise<Item | undefined> {
    return this.items.get(key);
  }

  async put(stored: Item): Promise<void> {
    this.items.set(stored[KEY_ATTRIBUTE], stored);
  }

  async replace(stored: Item): Promise<boolean> {
    if (!this.items.has(stored[KEY_ATTRIBUTE])) {
      return false;
    }
    this.items.set(stored[KEY_ATTRIBUTE], stored);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.items.delete(key);
  }
}
