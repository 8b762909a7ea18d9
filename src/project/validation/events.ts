/** Event subscriptions: each on its own, and across the app (sources, detail types, a function that hears itself, rings). */
import { cycleOf, inRange } from './checks';
import { EVENT_DELIVERY, isAwsSource } from '../../constructs/event-delivery';
import { eventPatternProblems } from '../../event-pattern';
import { ServiceOptions, SubscriptionOptions } from '../options';

/** What EventBridge refuses of the `detail` of a subscription or a workflow trigger. */
export function detailProblems(detail: unknown, where: string, label: string): string[] {
  if (detail === undefined) {
    return [];
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return [`\`${where}\` ('${label}') must be an EventBridge pattern object, like { status: ['PAID'] }; got ${JSON.stringify(detail)}.`];
  }
  const problems = eventPatternProblems(detail);
  return problems.length > 0 ? [`\`${where}\` ('${label}') is a pattern EventBridge refuses: ${problems.join('; ')}.`] : [];
}

export function checkSubscription(subscription: SubscriptionOptions, where: string, label: string): string[] {
  const problems: string[] = [];
  if (!subscription.sources?.length && !subscription.detailTypes?.length) {
    problems.push(`\`${where}\` ('${label}') must name \`sources\` or \`detailTypes\`: an empty pattern matches every event on the bus, the function's own included.`);
  }
  problems.push(...detailProblems(subscription.detail, `${where}.detail`, label));
  const { maxRetryAttempts, minEventAgeSeconds, maxEventAgeSeconds } = EVENT_DELIVERY;
  if (subscription.retryAttempts !== undefined && !inRange(subscription.retryAttempts, 0, maxRetryAttempts)) {
    problems.push(`\`${where}.retryAttempts\` ('${label}') must be a whole number from 0 to ${maxRetryAttempts}; got ${subscription.retryAttempts}.`);
  }
  if (subscription.maxEventAgeSeconds !== undefined && !inRange(subscription.maxEventAgeSeconds, minEventAgeSeconds, maxEventAgeSeconds)) {
    problems.push(`\`${where}.maxEventAgeSeconds\` ('${label}') must be a whole number of seconds from ${minEventAgeSeconds} to ${maxEventAgeSeconds}; got ${subscription.maxEventAgeSeconds}.`);
  }
  if (subscription.acknowledgeEventRing !== undefined && !(typeof subscription.acknowledgeEventRing === 'string' && subscription.acknowledgeEventRing.trim())) {
    problems.push(`\`${where}.acknowledgeEventRing\` ('${label}') must say what ends the ring; got ${JSON.stringify(subscription.acknowledgeEventRing)}.`);
  }
  return problems;
}

/** A function or workflow that hears events of the bus: through which subscription, and what it publishes itself. */
interface Subscriber {
  readonly service: ServiceOptions;
  /** `orders/ship`, `orders/order-processing`. */
  readonly name: string;
  /** The option path of the function or workflow: `services[1].functions[0]`, `services[0].workflows[0]`. */
  readonly node: string;
  /** The option path of the subscription: `services[1].functions[0].subscriptions[0]`, `services[0].workflows[0].trigger`. */
  readonly where: string;
  readonly subscription: SubscriptionOptions;
  readonly publishes: string[];
  /** Whether it is a workflow's trigger, which is on the app's bus only. */
  readonly workflow: boolean;
}

/** Every subscription of the app's functions, and every workflow trigger on the app's bus. */
function subscribersOf(services: ServiceOptions[]): Subscriber[] {
  return services.flatMap((service, serviceIndex) => [
    ...(service.functions ?? []).flatMap((fn, fnIndex) => (fn.subscriptions ?? []).map((subscription, index) => ({
      service,
      name: `${service.name}/${fn.name}`,
      node: `services[${serviceIndex}].functions[${fnIndex}]`,
      where: `services[${serviceIndex}].functions[${fnIndex}].subscriptions[${index}]`,
      subscription,
      publishes: fn.publishes ?? [],
      workflow: false,
    }))),
    ...(service.workflows ?? []).flatMap((workflow, index) => (workflow.trigger && !workflow.trigger.objectCreated ? [{
      service,
      name: `${service.name}/${workflow.name}`,
      node: `services[${serviceIndex}].workflows[${index}]`,
      where: `services[${serviceIndex}].workflows[${index}].trigger`,
      subscription: workflow.trigger,
      publishes: (workflow.tasks ?? []).flatMap((task) => task.publishes ?? []),
      workflow: true,
    }] : [])),
  ]);
}

/** Whether a subscription hears the events of type `detailType` that `source` publishes. */
function hears(subscription: SubscriptionOptions, source: string, detailType: string): boolean {
  return (!subscription.sources?.length || subscription.sources.includes(source))
    && (!subscription.detailTypes?.length || subscription.detailTypes.includes(detailType));
}

/** Sources and detail types that name the app's services and their events, and no function that triggers itself. */
export function checkSubscriptions(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const eventsOf = new Map(services.map((service) => [service.name, service.events ?? []]));
  const allEvents = services.flatMap((service) => service.events ?? []);
  for (const { service, name, where, subscription, publishes, workflow } of subscribersOf(services)) {
    const at = (field: string) => `\`${where}${field}\` ('${name}')`;
    const sources = subscription.sources ?? [];
    const detailTypes = subscription.detailTypes ?? [];
    const awsSources = sources.filter(isAwsSource);
    if (!workflow && awsSources.length > 0) {
      // AWS services' events, on the default bus: their detail types are AWS's, and none is the app's
      if (awsSources.length < sources.length) {
        problems.push(`${at('.sources')} mixes AWS services' sources (${awsSources.join(', ')}), whose events are on the account's default bus, with the app's services `
          + `(${sources.filter((source) => !isAwsSource(source)).join(', ')}), whose events are on the app's bus: one rule is on one bus; split it into two subscriptions.`);
      }
      continue;
    }
    sources.filter((source) => !eventsOf.has(source)).forEach((source) => {
      problems.push(`${at('.sources')}: source '${source}' is no service of the app (${[...eventsOf.keys()].join(', ')}); the rules are on the app's bus, where only its services publish`
        + (isAwsSource(source) ? ' (AWS services send their events to the default bus, which only functions\' `subscriptions` hear).' : '.'));
    });
    const appSources = sources.filter((source) => eventsOf.has(source));
    const published = appSources.length > 0 ? appSources.flatMap((source) => eventsOf.get(source)!) : allEvents;
    if (appSources.length === sources.length) {
      detailTypes.filter((type) => !published.includes(type)).forEach((type) => {
        problems.push(`${at('.detailTypes')}: detail type '${type}' is not in the \`events\` of ${appSources.length > 0 ? `service ${appSources.map((s) => `'${s}'`).join(', ')}` : 'any service'} (${published.join(', ') || 'none'}).`);
      });
    }
    const own = publishes.filter((type) => hears(subscription, service.name, type));
    if (own.length > 0) {
      problems.push(`${at('')}: '${name}' would receive the ${own.join(', ')} events it publishes itself, an endless loop (ServerlessPatterns-LambdaRecursion); narrow \`sources\` or \`detailTypes\`.`);
    }
  }
  return problems;
}

/**
 * Rings of events across functions and workflows: each publishes what the next one hears, back to
 * the first, so one event invokes them all without end (the recursive anti-pattern at the
 * architecture level; ServerlessPatterns-LambdaRecursion sees one function at a time). A ring is
 * allowed when one of its subscriptions says what ends it (`acknowledgeEventRing`). Each ring is
 * told once, with its steps.
 */
export function checkEventRings(services: ServiceOptions[]): string[] {
  const subscribers = subscribersOf(services);
  const nameOf = new Map(subscribers.map((subscriber) => [subscriber.node, subscriber.name]));
  // a step of a ring: what `from` publishes that a subscription of another function or workflow hears
  type Step = { readonly to: Subscriber; readonly detailType: string };
  const stepsFrom = new Map<string, Step[]>();
  for (const from of subscribers) {
    for (const to of subscribers.filter((candidate) => candidate.node !== from.node && candidate.subscription.acknowledgeEventRing === undefined)) {
      const detailType = from.publishes.find((type) => hears(to.subscription, from.service.name, type));
      if (detailType) {
        stepsFrom.set(from.node, [...(stepsFrom.get(from.node) ?? []), { to, detailType }]);
      }
    }
  }
  // functions that publish but hear nothing start rounds of events, and are in no ring
  const next = new Map([...nameOf.keys()].map((node) => [node, [...new Set((stepsFrom.get(node) ?? []).map((step) => step.to.node))]]));
  const problems: string[] = [];
  for (let ring = cycleOf(next); ring; ring = cycleOf(next)) {
    const nodes = ring;
    const told = nodes.map((node, index) => {
      const step = stepsFrom.get(node)!.find((candidate) => candidate.to.node === nodes[(index + 1) % nodes.length])!;
      return `publishes ${step.detailType} → '${step.to.name}' hears it (\`${step.to.where}\`)`;
    });
    problems.push(`event ring: '${nameOf.get(nodes[0])}' ${told.join(' and ')}: one event invokes them in turn without end. Narrow a subscription's \`sources\`, \`detailTypes\` or \`detail\` so that the ring breaks; or, when a \`detail\` filter or a handler ends it, say how in the \`acknowledgeEventRing\` of one of these subscriptions.`);
    nodes.forEach((node) => next.delete(node));
    next.forEach((targets, node) => next.set(node, targets.filter((target) => !nodes.includes(target))));
  }
  return problems;
}
