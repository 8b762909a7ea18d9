import { bodyValidator } from '../../../src/handlers/shared/validation';

interface Order {
  readonly customer: string;
  readonly quantity: number;
  readonly address?: { readonly city: string };
}

const validateOrder = bodyValidator<Order>({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['customer', 'quantity'],
  additionalProperties: false,
  properties: {
    customer: { type: 'string', format: 'email' },
    quantity: { type: 'integer', minimum: 0, exclusiveMinimum: true },
    address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } },
  },
});

describe('bodyValidator', () => {
  test('returns a valid body as it is', () => {
    const order = { customer: 'ada@example.com', quantity: 2, address: { city: 'London' } };
    expect(validateOrder(order)).toBe(order);
  });

  test.each([
    ['a missing field', { quantity: 1 }, "'customer' is required"],
    ['a wrong type', { customer: 'ada@example.com', quantity: 'two' }, "'quantity' must be integer"],
    ['a wrong format', { customer: 'ada', quantity: 1 }, '\'customer\' must match format "email"'],
    ['a draft-04 exclusive minimum', { customer: 'ada@example.com', quantity: 0 }, "'quantity' must be > 0"],
    ['an unknown field', { customer: 'ada@example.com', quantity: 1, discount: 5 }, "'discount' is not allowed"],
    ['a nested field', { customer: 'ada@example.com', quantity: 1, address: {} }, "'address.city' is required"],
    ['a body that is no object', [1], 'the body must be object'],
  ])('rejects %s with 400, naming it', (_case, body, failure) => {
    expect(() => validateOrder(body)).toThrow(expect.objectContaining({
      statusCode: 400,
      message: `request body is invalid: ${failure}`,
    }));
  });

  test('lists every failing field in one answer, in a stable order', () => {
    expect(() => validateOrder({ quantity: -1, discount: 5 })).toThrow(
      "request body is invalid: 'customer' is required; 'discount' is not allowed; 'quantity' must be > 0",
    );
  });

  test('fails when it cannot compile the schema, before any request', () => {
    expect(() => bodyValidator({ type: 'string', format: 'no-such-format' })).toThrow('unknown format "no-such-format"');
  });
});
