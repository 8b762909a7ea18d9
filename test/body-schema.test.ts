import { bodySchemaProblems, createBodyValidator } from '../src/body-schema';

describe('bodySchemaProblems: what API Gateway refuses of a model, or ajv cannot compile', () => {
  test.each<[string, unknown, string[]]>([
    ['a type that is no JSON type', { type: 'objekt' },
      ['/type must be one of array, boolean, integer, null, number, object, string; got "objekt"']],
    ['a nested type likewise, with its path', { type: 'object', properties: { total: { type: 'numbr' } } },
      ['/properties/total/type must be one of array, boolean, integer, null, number, object, string; got "numbr"']],
    ['an empty required list (draft-04 wants one name at least)', { type: 'object', required: [] },
      ['/required must NOT have fewer than 1 items; got []']],
    ['required as a string', { type: 'object', required: 'name' },
      ['/required must be array; got "name"']],
    ['two problems at once', { type: 'objekt', minLength: -1 },
      ['/minLength must be >= 0; got -1', '/type must be one of array, boolean, integer, null, number, object, string; got "objekt"']],
    ['an unknown keyword', { type: 'object', propertees: { name: { type: 'string' } } },
      ['/propertees is an unknown keyword (a typo? draft-04 has no "propertees"); ajv refuses it, as the starters\' validation compiles the schema in strict mode']],
    ['an unknown keyword deep down', { type: 'object', properties: { tags: { type: 'array', itemz: { type: 'string' } } } },
      ['/properties/tags/itemz is an unknown keyword (a typo? draft-04 has no "itemz"); ajv refuses it, as the starters\' validation compiles the schema in strict mode']],
    ['a $ref that points nowhere', { type: 'object', properties: { a: { $ref: '#/definitions/missing' } } },
      ['(root) has $ref "#/definitions/missing", which points nowhere in the schema; a model\'s $ref points into the model itself']],
    ['another dialect', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
      ['/$schema is "http://json-schema.org/draft-07/schema#", but API Gateway models are JSON Schema draft-04: name "http://json-schema.org/draft-04/schema#", or leave $schema out']],
    ['a list', [{ type: 'string' }], ['(root) must be a JSON schema object; got [{"type":"string"}]']],
  ])('%s', (_case, schema, expected) => {
    expect(bodySchemaProblems(schema).sort()).toEqual(expected);
  });

  test.each<[string, object]>([
    ['an object with required properties and formats', { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 0 } } }],
    ['draft-04 named, with definitions and a $ref', { $schema: 'http://json-schema.org/draft-04/schema#', definitions: { name: { type: 'string' } }, properties: { name: { $ref: '#/definitions/name' } } }],
    ['exclusiveMinimum as draft-04 has it (a boolean)', { type: 'number', minimum: 0, exclusiveMinimum: true }],
    ['an id, checked twice (ajv caches schemas by id)', { id: 'https://example.com/order', type: 'object' }],
  ])('accepts %s', (_case, schema) => {
    expect(bodySchemaProblems(schema)).toEqual([]);
    expect(bodySchemaProblems(schema)).toEqual([]);
  });
});

test('createBodyValidator: a body that fits, one that does not, one that is no JSON', () => {
  const valid = createBodyValidator({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });
  expect(valid(Buffer.from('{"name":"Ada"}'))).toBe(true);
  expect(valid(Buffer.from('{"name":1}'))).toBe(false);
  expect(valid(Buffer.from('{name'))).toBe(false);
});

test('without ajv-draft-04 installed, a schema cannot be checked, and says how to install it', () => {
  jest.isolateModules(() => {
    jest.doMock('ajv-draft-04', () => {
      throw Object.assign(new Error("Cannot find module 'ajv-draft-04'"), { code: 'MODULE_NOT_FOUND' });
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { bodySchemaProblems: isolated } = require('../src/body-schema') as typeof import('../src/body-schema');
    expect(isolated({ type: 'object' })).toEqual([
      '(root) cannot be checked: ajv-draft-04 is not installed in the app (every app has it as a dependency: run `npm install`, then `npx projen` again)',
    ]);
  });
});
