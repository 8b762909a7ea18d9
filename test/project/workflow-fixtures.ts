import { TableAccess, WorkflowOptions, WorkflowStepType } from '../../src';

/**
 * The spec's order processing (EventBridge + Step Functions): validate, then by the order's
 * total either straight on or through a manual approval (a callback), charge and reserve in
 * parallel, wait for the pickup, ship each item; a failed payment is refunded.
 */
export const ORDER_PROCESSING: WorkflowOptions = {
  name: 'order-processing',
  trigger: { sources: ['orders'], detailTypes: ['OrderPlaced'] },
  steps: [
    {
      name: 'validate-order',
      type: WorkflowStepType.TASK,
      retry: [{ errors: ['OrderStoreBusy'], maxAttempts: 2 }],
      catch: [{ errors: ['OrderRejected'], next: 'order-rejected' }],
      resultPath: '$.validation',
    },
    {
      name: 'route-by-total',
      type: WorkflowStepType.CHOICE,
      choices: [{ variable: '$.total', numericGreaterThan: 1000, next: 'manual-approval' }],
      defaultNext: 'fulfil',
    },
    { name: 'manual-approval', type: WorkflowStepType.CALLBACK, timeoutSeconds: 86400, heartbeatSeconds: 3600, resultPath: '$.approval' },
    {
      name: 'fulfil',
      type: WorkflowStepType.PARALLEL,
      branches: [
        { steps: [{ name: 'charge-payment', type: WorkflowStepType.TASK }] },
        { steps: [{ name: 'reserve-inventory', type: WorkflowStepType.TASK }] },
      ],
      resultPath: '$.fulfilment',
      catch: [{ next: 'refund' }],
    },
    { name: 'wait-for-pickup', type: WorkflowStepType.WAIT, waitSeconds: 3600 },
    {
      name: 'ship-items',
      type: WorkflowStepType.MAP,
      itemsPath: '$.items',
      maxConcurrency: 5,
      itemSteps: [{ name: 'ship-item', type: WorkflowStepType.TASK }],
      resultPath: '$.shipments',
      next: 'done',
    },
    { name: 'refund', type: WorkflowStepType.TASK, next: 'order-failed' },
    { name: 'order-failed', type: WorkflowStepType.FAIL, error: 'OrderFailed', cause: 'the payment or the inventory reservation failed' },
    { name: 'order-rejected', type: WorkflowStepType.FAIL, error: 'OrderRejected' },
    { name: 'done', type: WorkflowStepType.SUCCEED },
  ],
  tasks: [{ step: 'validate-order', tableAccess: TableAccess.READ }],
};
