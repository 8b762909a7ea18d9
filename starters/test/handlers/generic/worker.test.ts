import { processEvent } from '../../../src/handlers/generic/worker';

describe('processEvent', () => {
  test('processes the event it is given', async () => {
    await expect(processEvent({ detail: {} })).resolves.toEqual({ processed: true });
  });
});
