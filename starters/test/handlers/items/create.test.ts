import { item, KEY_ATTRIBUTE, MemoryItemStore } from './memory-store';
import { createItem, ITEM_CREATED, newItem } from '../../../src/handlers/items/create';

describe('createItem', () => {
  test('stores the item under a new key and announces it', async () => {
    // Prepare
    const store = new MemoryItemStore();
    const published: Array<[string, object]> = [];

    // Act
    const created = await createItem({ name: 'Lamp' }, store, async (type, detail) => {
      published.push([type, detail]);
    });

    // Assert
    const key = created[KEY_ATTRIBUTE];
    expect(created).toEqual(item(key, { name: 'Lamp' }));
    expect(store.items.get(key)).toEqual(created);
    expect(published).toEqual(ITEM_CREATED ? [[ITEM_CREATED, { [KEY_ATTRIBUTE]: key }]] : []);
  });

  test('stores and publishes nothing when the item is invalid', async () => {
    const store = new MemoryItemStore();
    const publish = jest.fn();
    await expect(createItem({}, store, publish)).rejects.toMatchObject({ statusCode: 400 });
    expect(store.items.size).toBe(0);
    expect(publish).not.toHaveBeenCalled();
  });
});

describe('newItem', () => {
  test('keeps a key the client chose', () => {
    expect(newItem(item('lamp-1', { name: 'Lamp' }))).toEqual(item('lamp-1', { name: 'Lamp' }));
  });

  test('rejects an item without attributes, naming the rule', () => {
    expect(() => newItem({ [KEY_ATTRIBUTE]: 'x' })).toThrow(`an item needs at least one attribute besides '${KEY_ATTRIBUTE}'`);
  });

  test.each([[''], [42], ['x'.repeat(129)]])('rejects the key %p', (key) => {
    expect(() => newItem({ [KEY_ATTRIBUTE]: key, name: 'Lamp' })).toThrow(expect.objectContaining({
      statusCode: 400,
      message: `'${KEY_ATTRIBUTE}' must be a non-empty string of at most 128 characters`,
    }));
  });
});
