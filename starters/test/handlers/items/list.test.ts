import { item, MemoryItemStore } from './memory-store';
import { listItems, parseLimit } from '../../../src/handlers/items/list';

describe('listItems', () => {
  test('returns a page and the token of the next one', async () => {
    // Prepare
    const store = new MemoryItemStore(item('a'), item('b'), item('c'));

    // Act
    const first = await listItems(store, 2);
    const second = await listItems(store, 2, first.nextToken);

    // Assert
    expect(first.items).toEqual([item('a'), item('b')]);
    expect(second).toEqual({ items: [item('c')], nextToken: undefined });
  });
});

describe('parseLimit', () => {
  test('defaults to 25', () => {
    expect(parseLimit(undefined)).toBe(25);
  });

  test.each(['0', '101', '2.5', 'ten'])('rejects %s with a 400 that names the parameter', (value) => {
    expect(() => parseLimit(value)).toThrow(expect.objectContaining({
      statusCode: 400,
      message: `query parameter 'limit' must be a whole number from 1 to 100; got '${value}'`,
    }));
  });
});
