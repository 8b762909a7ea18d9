import { item, KEY_ATTRIBUTE, MemoryItemStore } from './memory-store';
import { updateItem } from '../../../src/handlers/items/update';

describe('updateItem', () => {
  test('replaces the attributes of an existing item', async () => {
    const store = new MemoryItemStore(item('a', { name: 'A', color: 'red' }));
    await expect(updateItem('a', { name: 'B' }, store)).resolves.toEqual(item('a', { name: 'B' }));
    expect(store.items.get('a')).toEqual(item('a', { name: 'B' }));
  });

  test('answers 404 for an unknown key', async () => {
    await expect(updateItem('nope', { name: 'B' }, new MemoryItemStore())).rejects.toMatchObject({ statusCode: 404 });
  });

  test('answers 400 when the body names another key', async () => {
    const store = new MemoryItemStore(item('a'));
    await expect(updateItem('a', item('b'), store)).rejects.toMatchObject({
      statusCode: 400,
      message: `'${KEY_ATTRIBUTE}' in the body must match the path ('a') or be left out`,
    });
  });
});
