/** One-line descriptions of what the options set up, shared by the generated code's comments, tests and docs. */
import { FunctionModel, StreamEventsModel, SubscriptionModel } from '../model';

/** One line on what triggers the function. */
export function describeFunction(fn: FunctionModel): string {
  const triggers = [
    fn.route && `${fn.route.method} ${fn.route.path}`,
    fn.resolver && `GraphQL ${fn.resolver.typeName}.${fn.resolver.fieldName}`,
    fn.workflowStep && `workflow ${fn.workflowStep.workflow}, ${fn.workflowStep.callback ? 'callback ' : ''}step ${fn.workflowStep.step}`,
    fn.objectEvents && `objects ${fn.objectEvents.events.join('/').toLowerCase()} in bucket ${fn.objectEvents.bucket}${describeKeys(fn.objectEvents)}`,
    fn.streamEvents && `records of ${describeStream(fn.streamEvents)}`,
    fn.queueEvents && `messages of the ${fn.queueEvents.queue} queue`,
    fn.dataLakeTransform && "raw objects of the service's data lake",
    ...fn.subscriptions.map(describeSubscription),
    fn.schedule && `schedule ${fn.schedule.expression}${fn.schedule.timeZone !== 'UTC' ? ` (${fn.schedule.timeZone})` : ''}${fn.schedule.enabled ? '' : ', disabled'}`,
  ].filter((trigger): trigger is string => typeof trigger === 'string');
  return triggers.join('; ') || 'invoked directly (no route)';
}

/** ` under incoming/ ending in .csv`, or nothing for any key. */
export function describeKeys(filter: { prefix: string; suffix: string }): string {
  return `${filter.prefix ? ` under ${filter.prefix}` : ''}${filter.suffix ? ` ending in ${filter.suffix}` : ''}`;
}

/** `events orders/OrderPlaced`, or `events (any)/OrderPlaced with a detail filter`. */
export function describeSubscription(subscription: SubscriptionModel): string {
  const sources = subscription.sources.join('|') || '(any)';
  const types = subscription.detailTypes.join('|') || '(any)';
  return `events ${sources}/${types}${subscription.detail ? ' with a detail filter' : ''}`;
}

/** `the table's stream`, `the clicks stream`. */
export function describeStream(events: StreamEventsModel): string {
  return events.stream === undefined ? "the table's stream" : `the ${events.stream} stream`;
}
