import { item, MemoryItemStore } from './memory-store';
import { deleteItem } from '../../../src/handlers/items/delete';

describe('deleteItem', () => {
  test('removes the item', async () => {
    const store = new MemoryItemStore(item('a'));
    await deleteItem('a', store);
    expect(store.items.has('a')).toBe(false);
  });

  test('answers 404 for an unknown key', async () => {
    await expect(deleteItem('nope', new MemoryItemStore())).rejects.toMatchObject({
      statusCode: 404,
      message: "item 'nope' not found",
    });
  });
});
