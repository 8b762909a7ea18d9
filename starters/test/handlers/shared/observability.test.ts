import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { metrics, observed, traced, tracer } from '../../../src/handlers/shared/observability';

const context = { functionName: 'orders-create', awsRequestId: 'request-1' } satisfies Partial<Context> as Context;

describe('observed', () => {
  test('answers what the handler answers, with tracing off outside Lambda', async () => {
    // Prepare
    const handler = observed(async (event: { id: string }) => ({ received: event.id }));

    // Act
    const result = await handler({ id: 'a' }, context);

    // Assert
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(result).toEqual({ received: 'a' });
  });

  test('rethrows the handler error and publishes the metrics it added', async () => {
    // Prepare
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');
    const handler = observed(async () => {
      metrics.addMetric('failed', MetricUnit.Count, 1);
      throw new Error('boom');
    });

    // Act
    const invocation = handler({}, context);

    // Assert
    await expect(invocation).rejects.toThrow('boom');
    expect(publish).toHaveBeenCalledTimes(1);
    expect(metrics.hasStoredMetrics()).toBe(false);
    publish.mockRestore();
  });

  test('publishes nothing when the invocation added no metric', async () => {
    // Prepare
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');

    // Act
    await observed(async () => 'done')({}, context);

    // Assert
    expect(publish).not.toHaveBeenCalled();
    publish.mockRestore();
  });
});

describe('the cold start', () => {
  test('is one ColdStart metric in the app namespace, on the first invocation of an environment only', async () => {
    // Prepare: a fresh module, in an environment as Lambda starts it
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', POWERTOOLS_METRICS_NAMESPACE: 'shop', POWERTOOLS_SERVICE_NAME: 'orders' });
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    type Module = typeof import('../../../src/handlers/shared/observability');
    let fresh: Module | undefined;
    jest.isolateModules(() => {
      fresh = jest.requireActual<Module>('../../../src/handlers/shared/observability');
    });

    // Act
    const handler = fresh!.observed(async () => 'done');
    await handler({}, context);
    await handler({}, context);

    // Assert
    const lines = write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)));
    write.mockRestore();
    process.env = saved;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'shop', Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] }] },
      service: 'orders',
      function_name: 'orders-create',
      ColdStart: 1,
    });
  });
});

describe('traced', () => {
  test('returns the client itself when tracing is off', () => {
    const client = { send: async () => ({}) };
    expect(traced(client)).toBe(client);
  });
});
