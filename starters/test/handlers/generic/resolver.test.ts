import type { AppSyncResolverEvent, Context } from 'aws-lambda';
import { Args, ArgumentError, checkArgs, FIELD, handler, resolveField } from '../../../src/handlers/generic/resolver';

const context = { functionName: 'resolver', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** A direct Lambda resolver event for `field` (`Type.field`) with the arguments given. */
function resolverEvent(args: Args, field = FIELD): AppSyncResolverEvent<Args> {
  const [parentTypeName, fieldName] = field.split('.');
  return {
    arguments: args,
    source: null,
    request: { headers: {}, domainName: null },
    info: { parentTypeName, fieldName, selectionSetList: ['id'], selectionSetGraphQL: '{ id }', variables: {} },
    prev: null,
    stash: {},
  };
}

describe('checkArgs', () => {
  test('accepts an id', () => {
    expect(checkArgs({ id: 'item-1' })).toEqual({ id: 'item-1' });
  });

  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['129 characters long', 'x'.repeat(129)],
  ])('rejects an id that is %s, naming the field and the argument', (_case, id) => {
    expect(() => checkArgs({ id })).toThrow(new ArgumentError(`${FIELD}: argument 'id' must be a non-blank string of at most 128 characters`));
  });
});

describe('resolveField', () => {
  test('returns the data the schema declares', async () => {
    await expect(resolveField({ id: 'item-1' })).resolves.toEqual({ id: 'item-1' });
  });
});

describe('handler', () => {
  test('resolves its field', async () => {
    await expect(handler(resolverEvent({ id: 'item-1' }), context)).resolves.toEqual({ id: 'item-1' });
  });

  test('fails with the argument error, which AppSync reports in `errors`', async () => {
    await expect(handler(resolverEvent({ id: '' }), context)).rejects.toThrow(ArgumentError);
  });

  test('fails on another field, naming both', async () => {
    await expect(handler(resolverEvent({ id: 'item-1' }, 'Query.notThisField'), context)).rejects.toThrow(
      `this function resolves ${FIELD}, not Query.notThisField: check the resolver's data source`,
    );
  });
});
