import { TestOptions } from './helpers';
import { HttpMethod, KinesisStreamMode, ObjectEvent, WorkflowStepType } from '../../src';

/** A service with every data processing pattern, each option away from its default somewhere. */
export const DATA_PROCESSING: TestOptions = {
  services: [
    {
      name: 'ingest',
      table: { partitionKey: { name: 'id' } },
      buckets: [
        { name: 'uploads', expireAfterDays: 365, transitionToInfrequentAccessAfterDays: 30 },
        { name: 'exports', versioned: false },
      ],
      streams: [{ name: 'clicks', mode: KinesisStreamMode.PROVISIONED, shardCount: 2, retentionHours: 48 }],
      queues: [{
        name: 'orders',
        route: { path: '/orders', bodySchema: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } },
        maxReceiveCount: 5,
        retentionDays: 7,
      }],
      functions: [
        {
          name: 'process-upload',
          objectEvents: { bucket: 'uploads', prefix: 'incoming/', suffix: '.csv' },
          bucketWrites: [{ bucket: 'uploads', prefix: 'processed/' }, { bucket: 'exports', prefix: '' }],
          idempotency: true,
        },
        { name: 'audit-deletes', objectEvents: { bucket: 'uploads', prefix: 'incoming/', events: [ObjectEvent.REMOVED] } },
        { name: 'track', route: { method: HttpMethod.POST, path: '/clicks' }, streamWrites: ['clicks'] },
        { name: 'analytics', streamEvents: { stream: 'clicks', batchSize: 500, parallelizationFactor: 2 } },
        { name: 'alerting', streamEvents: { stream: 'clicks', enhancedFanOut: true, filters: [{ data: { type: ['ORDER_PLACED'] } }] } },
        { name: 'changes', streamEvents: { table: true, filters: [{ eventName: ['INSERT', 'MODIFY'] }], maxRecordAgeSeconds: 7200 } },
        { name: 'fulfil', queueEvents: { queue: 'orders', batchSize: 20, maxBatchingWindowSeconds: 2 }, timeoutSeconds: 20 },
        { name: 'transform' },
      ],
      dataLake: {
        transform: 'transform',
        rawSuffix: '.jsonl',
        columns: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double', comment: 'in euros' }],
        partitionKeys: [{ name: 'year', type: 'string' }],
      },
      workflows: [{
        name: 'large-file',
        trigger: { objectCreated: { bucket: 'uploads', prefix: 'large/', minSizeBytes: 104857600 } },
        steps: [{ name: 'split', type: WorkflowStepType.TASK }],
      }],
    },
  ],
};
