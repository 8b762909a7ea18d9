/** Event subscriptions: each on its own, and across the app (sources, detail types, a function that hears itself). */
import { inRange } from './checks';
import { EVENT_DELIVERY } from '../../constructs/event-delivery';
import { ServiceOptions, SubscriptionOptions } from '../options';

export function checkSubscription(subscription: SubscriptionOptions, where: string, label: string): string[] {
  const problems: string[] = [];
  if (!subscription.sources?.length && !subscription.detailTypes?.length) {
    problems.push(`\`${where}\` ('${label}') must name \`sources\` or \`detailTypes\`: an empty pattern matches every event on the bus, the function's own included.`);
  }
  if (subscription.detail !== undefined && (typeof subscription.detail !== 'object' || subscription.detail === null || Array.isArray(subscription.detail))) {
    problems.push(`\`${where}.detail\` ('${label}') must be an EventBridge pattern object, like { status: ['PAID'] }; got ${JSON.stringify(subscription.detail)}.`);
  }
  const { maxRetryAttempts, minEventAgeSeconds, maxEventAgeSeconds } = EVENT_DELIVERY;
  if (subscription.retryAttempts !== undefined && !inRange(subscription.retryAttempts, 0, maxRetryAttempts)) {
    problems.push(`\`${where}.retryAttempts\` ('${label}') must be a whole number from 0 to ${maxRetryAttempts}; got ${subscription.retryAttempts}.`);
  }
  if (subscription.maxEventAgeSeconds !== undefined && !inRange(subscription.maxEventAgeSeconds, minEventAgeSeconds, maxEventAgeSeconds)) {
    problems.push(`\`${where}.maxEventAgeSeconds\` ('${label}') must be a whole number of seconds from ${minEventAgeSeconds} to ${maxEventAgeSeconds}; got ${subscription.maxEventAgeSeconds}.`);
  }
  return problems;
}

/** Sources and detail types that name the app's services and their events, and no function that triggers itself. */
export function checkSubscriptions(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const eventsOf = new Map(services.map((service) => [service.name, service.events ?? []]));
  const allEvents = services.flatMap((service) => service.events ?? []);
  const subscribers = services.flatMap((service) => [
    ...(service.functions ?? []).flatMap((fn) => (fn.subscriptions ?? []).map((subscription, index) => ({
      service, subscriber: `${service.name}/${fn.name}`, label: `'${service.name}/${fn.name}' subscriptions[${index}]`, subscription, publishes: fn.publishes ?? [],
    }))),
    ...(service.workflows ?? []).filter((workflow) => workflow.trigger && !workflow.trigger.objectCreated).map((workflow) => ({
      service,
      subscriber: `${service.name}/${workflow.name}`,
      label: `'${service.name}/${workflow.name}' trigger`,
      subscription: workflow.trigger!,
      publishes: (workflow.tasks ?? []).flatMap((task) => task.publishes ?? []),
    })),
  ]);
  for (const { service, subscriber, label, subscription, publishes } of subscribers) {
    const sources = subscription.sources ?? [];
    const detailTypes = subscription.detailTypes ?? [];
    sources.filter((source) => !eventsOf.has(source)).forEach((source) => {
      problems.push(`${label}: source '${source}' is no service of the app (${[...eventsOf.keys()].join(', ')}); the rules are on the app's bus, where only its services publish`
        + (source.startsWith('aws.') ? ' (AWS services send their events to the default bus).' : '.'));
    });
    const appSources = sources.filter((source) => eventsOf.has(source));
    const published = appSources.length > 0 ? appSources.flatMap((source) => eventsOf.get(source)!) : allEvents;
    if (appSources.length === sources.length) {
      detailTypes.filter((type) => !published.includes(type)).forEach((type) => {
        problems.push(`${label}: detail type '${type}' is not in the \`events\` of ${appSources.length > 0 ? `service ${appSources.map((s) => `'${s}'`).join(', ')}` : 'any service'} (${published.join(', ') || 'none'}).`);
      });
    }
    const ownSource = sources.length === 0 || sources.includes(service.name);
    const own = publishes.filter((type) => detailTypes.length === 0 || detailTypes.includes(type));
    if (ownSource && own.length > 0) {
      problems.push(`${label}: '${subscriber}' would receive the ${own.join(', ')} events it publishes itself, an endless loop (ServerlessPatterns-LambdaRecursion); narrow \`sources\` or \`detailTypes\`.`);
    }
  }
  return problems;
}
