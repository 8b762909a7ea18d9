import { handleRequest } from '../../../src/handlers/generic/api';

describe('handleRequest', () => {
  test('answers 501 until the route is implemented', async () => {
    await expect(handleRequest('GET', '/hello')).resolves.toEqual({
      statusCode: 501,
      body: { message: 'GET /hello is not implemented yet' },
    });
  });
});
