import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/**
 * The one tracer of this app's handlers. Its service name comes from `POWERTOOLS_SERVICE_NAME`,
 * set by the generated stack; it is off outside Lambda (unit tests); in local mode it runs, but the
 * trace header is not sampled, so it sends nothing.
 */
export const tracer = new Tracer();

/**
 * The one metrics buffer of this app's handlers, written as CloudWatch embedded metric format
 * (EMF) log lines: namespace from `POWERTOOLS_METRICS_NAMESPACE` (the app), dimension `service`
 * from `POWERTOOLS_SERVICE_NAME`, both set by the generated stack. Add yours with
 * `metrics.addMetric('ordersPlaced', MetricUnit.Count, 1)`; `observed` publishes them.
 */
export const metrics = new Metrics();

/** An AWS SDK v3 client whose calls are traced as X-Ray subsegments (unchanged when tracing is off). */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Wraps a Lambda handler: a `ColdStart` metric on the first invocation of each execution
 * environment; when tracing is on, a `## <handler>` subsegment annotated with `ColdStart` and
 * `Service`, with the response or the error as metadata; and the metrics the invocation added,
 * published when it ends, thrown or not. An invocation that adds none publishes nothing.
 */
export function observed<E, R>(handler: Handler<E, R>): Handler<E, R> {
  return async (event, context) => {
    metrics.captureColdStartMetric(context.functionName);
    try {
      return tracer.isTracingEnabled() ? await tracedInvocation(handler, event, context) : await handler(event, context);
    } finally {
      if (metrics.hasStoredMetrics()) {
        metrics.publishStoredMetrics();
      }
    }
  };
}

/** One invocation in a subsegment of its own, as Powertools' `captureLambdaHandler` makes it. */
async function tracedInvocation<E, R>(handler: Handler<E, R>, event: E, context: Context): Promise<R> {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
  if (subsegment) {
    tracer.setSegment(subsegment);
  }
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result = await handler(event, context);
    tracer.addResponseAsMetadata(result, process.env._HANDLER);
    return result;
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    if (segment && subsegment) {
      subsegment.close();
      tracer.setSegment(segment);
    }
  }
}
