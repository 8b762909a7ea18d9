import { item, MemoryItemStore } from './memory-store';
import { getItem } from '../../../src/handlers/items/get';

describe('getItem', () => {
  test('returns the stored item', async () => {
    await expect(getItem('a', new MemoryItemStore(item('a')))).resolves.toEqual(item('a'));
  });

  test('answers 404 for an unknown key', async () => {
    await expect(getItem('nope', new MemoryItemStore())).rejects.toMatchObject({
      statusCode: 404,
      message: "item 'nope' not found",
    });
  });
});
