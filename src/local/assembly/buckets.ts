/**
 * The S3 buckets of a template, as local mode runs them: name, ARN, versioning, and the
 * notifications that CDK's `Custom::S3BucketNotifications` resource puts on each (the functions S3
 * invokes for which events of which keys, and whether the bucket sends its events to EventBridge).
 *
 * Local mode applies those notifications itself, so CDK's handler of that custom resource (a Python
 * function, inline) is not counted as a function it does not run; what of a configuration it cannot
 * deliver (queue and topic destinations, a bucket or function outside the stack) is counted instead.
 *
 * @module
 */
import { LocalBucket, LocalBucketNotification } from '../local-app';
import { NotEmulated, SkippedFunctions } from './lookup';
import { functionNameOf } from './resource-values';
import { isObject, StackTemplate } from './template';

/** The custom resource CDK sets a bucket's notifications with. */
export const BUCKET_NOTIFICATIONS = 'Custom::S3BucketNotifications';

/** The buckets of the template, with their notifications; what of these local mode cannot deliver is counted in `notEmulated`. */
export function readBuckets(template: StackTemplate, skipped: SkippedFunctions, notEmulated: NotEmulated): LocalBucket[] {
  const buckets = template.ofType('AWS::S3::Bucket').map(([logicalId]) => {
    const values = template.valuesOf(logicalId)!;
    return {
      logicalId,
      name: String(values.ref),
      arn: String(values.attributes.Arn),
      versioned: template.string(logicalId, 'VersioningConfiguration.Status') === 'Enabled',
      notifications: [] as LocalBucketNotification[],
      eventBridge: false,
    };
  });
  const byName = new Map(buckets.map((bucket) => [bucket.name, bucket]));
  const functions = new Map(template.ofType('AWS::Lambda::Function').map(([logicalId]) => [String(template.valuesOf(logicalId)!.ref), logicalId]));
  for (const [logicalId] of template.ofType(BUCKET_NOTIFICATIONS)) {
    const bucket = byName.get(template.requiredString(logicalId, 'BucketName'));
    if (!bucket) {
      notEmulated.add(`${BUCKET_NOTIFICATIONS} (bucket outside the stack)`);
      continue;
    }
    const config = template.prop(logicalId, 'NotificationConfiguration') ?? {};
    if (!isObject(config)) {
      return template.fail(logicalId, 'NotificationConfiguration', `must be an object, got ${JSON.stringify(config)}.`);
    }
    bucket.eventBridge ||= config.EventBridgeConfiguration !== undefined;
    for (const [kind, what] of [['QueueConfigurations', 'queue'], ['TopicConfigurations', 'topic']]) {
      list(template, logicalId, config, kind).forEach(() => notEmulated.add(`${BUCKET_NOTIFICATIONS} (${what} destination)`));
    }
    list(template, logicalId, config, 'LambdaFunctionConfigurations').forEach((configuration, index) => {
      const at = `NotificationConfiguration.LambdaFunctionConfigurations.${index}`;
      const arn = isObject(configuration) ? configuration.LambdaFunctionArn : undefined;
      if (typeof arn !== 'string') {
        return template.fail(logicalId, `${at}.LambdaFunctionArn`, `must be a function ARN, got ${JSON.stringify(arn)}.`);
      }
      const fn = functions.get(functionNameOf(arn));
      const reason = fn && skipped.get(fn);
      if (!fn || reason) {
        return notEmulated.add(`${BUCKET_NOTIFICATIONS} (function ${reason ?? 'outside the stack'})`);
      }
      bucket.notifications.push(notification(template, logicalId, at, configuration as Record<string, unknown>, fn));
    });
  }
  return buckets;
}

function list(template: StackTemplate, logicalId: string, config: Record<string, unknown>, kind: string): unknown[] {
  const value = config[kind] ?? [];
  return Array.isArray(value) ? value : template.fail(logicalId, `NotificationConfiguration.${kind}`, 'must be a list.');
}

function notification(
  template: StackTemplate,
  logicalId: string,
  at: string,
  configuration: Record<string, unknown>,
  fn: string,
): LocalBucketNotification {
  const events = configuration.Events;
  if (!Array.isArray(events) || events.length === 0 || !events.every((event) => typeof event === 'string' && /^s3:[A-Za-z]+(:[A-Za-z*]+)?$/.test(event))) {
    return template.fail(logicalId, `${at}.Events`, `must list event types such as s3:ObjectCreated:*, got ${JSON.stringify(events)}.`);
  }
  const rules = isObject(configuration.Filter) && isObject(configuration.Filter.Key) ? configuration.Filter.Key.FilterRules ?? [] : [];
  if (!Array.isArray(rules)) {
    return template.fail(logicalId, `${at}.Filter.Key.FilterRules`, 'must be a list.');
  }
  const filter = { prefix: '', suffix: '' };
  rules.forEach((rule, index) => {
    const name = isObject(rule) && typeof rule.Name === 'string' ? rule.Name.toLowerCase() : undefined;
    const value = isObject(rule) ? rule.Value : undefined;
    if ((name !== 'prefix' && name !== 'suffix') || typeof value !== 'string') {
      return template.fail(logicalId, `${at}.Filter.Key.FilterRules.${index}`, `must be a prefix or suffix rule with a string Value, got ${JSON.stringify(rule)}.`);
    }
    filter[name] = value;
  });
  const id = typeof configuration.Id === 'string' ? configuration.Id : undefined;
  return { events: events as string[], ...filter, function: fn, ...(id !== undefined && { id }) };
}

/**
 * `counts` without the functions that local mode replaces: CDK's handlers of
 * `Custom::S3BucketNotifications`, which `readFunctions` counted as functions it does not run (they are
 * Python), when nothing but such resources uses them. The resources themselves are counted by
 * `readBuckets` when local mode cannot deliver what they configure.
 */
export function withoutNotificationHandlers(
  template: StackTemplate,
  skipped: SkippedFunctions,
  counts: Record<string, number>,
): Record<string, number> {
  // the handler of a custom resource is its ServiceToken, which CDK writes as the handler's Fn::GetAtt Arn
  const users = new Map<string, string[]>();
  for (const [logicalId, resource] of template.entries()) {
    const token = template.raw(logicalId, 'ServiceToken');
    const getAtt = isObject(token) ? token['Fn::GetAtt'] : undefined;
    const handler = Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
    if (handler !== undefined && skipped.has(handler)) {
      users.set(handler, [...users.get(handler) ?? [], resource.Type]);
    }
  }
  const result = { ...counts };
  for (const [handler, types] of users) {
    const key = `AWS::Lambda::Function (${skipped.get(handler)})`;
    if (types.every((type) => type === BUCKET_NOTIFICATIONS) && result[key] !== undefined) {
      result[key] -= 1;
      if (result[key] === 0) {
        delete result[key];
      }
    }
  }
  return result;
}
