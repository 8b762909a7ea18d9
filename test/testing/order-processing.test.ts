import { workflowOf } from './workflow-fixtures';
import { WorkflowStep, WorkflowStepType as T } from '../../src/constructs';
import { WorkflowRunStatus, WorkflowTester } from '../../src/testing';

/**
 * The spec's order processing (Orchestration Patterns): validate, choose on the total, charge the
 * payment and reserve the inventory at the same time, wait for dispatch, ship; a failure after
 * the charge is refunded.
 */
const ORDER_PROCESSING: WorkflowStep[] = [
  { name: 'validate-order', type: T.TASK, resultPath: '$.validation' },
  {
    name: 'check-total',
    type: T.CHOICE,
    choices: [{ variable: '$.total', numericGreaterThan: 0, next: 'fulfil-order' }],
    defaultNext: 'reject-order',
  },
  {
    name: 'fulfil-order',
    type: T.PARALLEL,
    resultPath: '$.fulfilment',
    branches: [
      { steps: [{ name: 'charge-payment', type: T.TASK, retry: [{ errors: ['PaymentServiceBusy'], maxAttempts: 2 }] }] },
      { steps: [{ name: 'reserve-inventory', type: T.TASK }] },
    ],
    catch: [{ next: 'refund-payment' }],
  },
  { name: 'wait-for-dispatch', type: T.WAIT, waitSeconds: 3600 },
  { name: 'ship-order', type: T.TASK, resultPath: '$.shipment', catch: [{ next: 'refund-payment' }] },
  { name: 'order-shipped', type: T.SUCCEED },
  { name: 'refund-payment', type: T.TASK, resultPath: '$.refund' },
  { name: 'order-failed', type: T.FAIL, error: 'OrderFailed', cause: 'The order could not be fulfilled; the payment was refunded.' },
  { name: 'reject-order', type: T.FAIL, error: 'OrderRejected', cause: 'The order total must be positive.' },
];

describe('order processing, run offline', () => {
  const tester = new WorkflowTester(workflowOf(ORDER_PROCESSING));
  const order = { orderId: 'o-1', total: 120, items: [{ sku: 'book', quantity: 2 }] };
  const stubs = {
    'validate-order': { returns: { valid: true } },
    'charge-payment': { returns: { paymentId: 'p-1' } },
    'reserve-inventory': { returns: { reservationId: 'r-1' } },
    'ship-order': { returns: { trackingId: 't-1' } },
  };

  test('the definition is valid Amazon States Language', () => {
    expect(() => tester.validate()).not.toThrow();
  });

  test('a positive total is charged and reserved at once, waits for dispatch, and ships', async () => {
    const result = await tester.run(order, { stubs });
    expect(result.status).toBe(WorkflowRunStatus.SUCCEEDED);
    expect(result.output).toEqual({
      ...order,
      validation: { valid: true },
      fulfilment: [{ paymentId: 'p-1' }, { reservationId: 'r-1' }],
      shipment: { trackingId: 't-1' },
    });
    expect(result.visited).toEqual(['validate-order', 'check-total', 'fulfil-order', 'charge-payment', 'reserve-inventory', 'wait-for-dispatch', 'ship-order', 'order-shipped']);
    expect(result.calls).toEqual({ 'validate-order': 1, 'charge-payment': 1, 'reserve-inventory': 1, 'ship-order': 1, 'refund-payment': 0 });
  });

  test('a total of 0 is rejected before anything is charged', async () => {
    const result = await tester.run({ ...order, total: 0 }, { stubs });
    expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'OrderRejected', visited: ['validate-order', 'check-total', 'reject-order'] });
    expect(result.calls['charge-payment']).toBe(0);
  });

  test('a busy payment service is retried', async () => {
    const result = await tester.run(order, { stubs: { ...stubs, 'charge-payment': { throws: { error: 'PaymentServiceBusy' }, failTimes: 1, returns: { paymentId: 'p-2' } } } });
    expect(result.status).toBe(WorkflowRunStatus.SUCCEEDED);
    expect(result.calls['charge-payment']).toBe(2);
    expect(result.output.fulfilment[0]).toEqual({ paymentId: 'p-2' });
  });

  test.each([
    ['the inventory cannot be reserved', 'reserve-inventory', 'OutOfStock', ['fulfil-order', 'refund-payment', 'order-failed']],
    ['the order cannot be shipped', 'ship-order', 'CarrierUnavailable', ['ship-order', 'refund-payment', 'order-failed']],
  ])('when %s, the payment is refunded and the order fails', async (_case, failing, error, ending) => {
    const result = await tester.run(order, { stubs: { ...stubs, [failing]: { throws: { error, cause: `${failing} failed` } } } });
    expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'OrderFailed' });
    expect(result.calls['refund-payment']).toBe(1);
    expect(result.visited.filter((name) => ending.includes(name))).toEqual(ending);
  });
});
