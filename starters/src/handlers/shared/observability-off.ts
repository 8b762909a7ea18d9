import type { Context } from 'aws-lambda';

/*
 * `tracerAndMetrics: false` in .projenrc.ts: the handlers keep calling `traced` and `observed`,
 * which add nothing. To instrument them later, install @aws-lambda-powertools/tracer and
 * @aws-lambda-powertools/metrics and put a Tracer and a Metrics here (docs/observability.md).
 */

/** The client as it is: the app traces no AWS SDK call. */
export function traced<T>(client: T): T {
  return client;
}

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/** The handler as it is: no tracer subsegment, no metrics. */
export function observed<E, R>(handler: Handler<E, R>): Handler<E, R> {
  return handler;
}
