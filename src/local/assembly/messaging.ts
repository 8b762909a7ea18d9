/**
 * The asynchronous parts of a template, as local mode runs them: SQS queues (visibility,
 * retention, redrive), EventBridge buses and rules (pattern, targets with their retry policy and
 * dead-letter queue), and event source mappings (a function reading a queue, a table's stream or
 * a Kinesis stream in batches).
 *
 * @module
 */
import { eventPatternProblems } from '../../event-pattern';
import { LocalEventSourceMapping, LocalQueue, LocalRule, LocalRuleTarget } from '../local-app';
import { arnService, NotEmulated, TemplateIndex } from './lookup';
import { isObject, StackTemplate } from './template';

/** SQS's defaults. */
const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const DEFAULT_RETENTION_SECONDS = 345600;
/** EventBridge's defaults for a target's retry policy. */
const DEFAULT_RETRY_ATTEMPTS = 185;
const DEFAULT_MAX_EVENT_AGE_SECONDS = 86400;
/** Lambda's default batch sizes. */
const DEFAULT_QUEUE_BATCH_SIZE = 10;
const DEFAULT_STREAM_BATCH_SIZE = 100;

/** The queues of the template. */
export function readQueues(template: StackTemplate, lookup: TemplateIndex): LocalQueue[] {
  return template.ofType('AWS::SQS::Queue').map(([logicalId]) => {
    const values = template.valuesOf(logicalId)!;
    const redrive = redrivePolicy(template, lookup, logicalId);
    return {
      logicalId,
      name: String(values.attributes.QueueName),
      url: String(values.ref),
      arn: String(values.attributes.Arn),
      visibilityTimeoutSeconds: template.number(logicalId, 'VisibilityTimeout', DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
      retentionSeconds: template.number(logicalId, 'MessageRetentionPeriod', DEFAULT_RETENTION_SECONDS),
      ...(redrive && { redrive }),
    };
  });
}

function redrivePolicy(template: StackTemplate, lookup: TemplateIndex, logicalId: string): LocalQueue['redrive'] {
  let policy = template.prop(logicalId, 'RedrivePolicy');
  if (policy === undefined) {
    return undefined;
  }
  if (typeof policy === 'string') {
    policy = parseJson(template, logicalId, 'RedrivePolicy', policy);
  }
  if (!isObject(policy) || typeof policy.deadLetterTargetArn !== 'string') {
    return template.fail(logicalId, 'RedrivePolicy', `needs deadLetterTargetArn and maxReceiveCount, got ${JSON.stringify(policy)}.`);
  }
  const maxReceiveCount = Number(policy.maxReceiveCount);
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    return template.fail(logicalId, 'RedrivePolicy.maxReceiveCount', `must be a whole number of at least 1, got ${JSON.stringify(policy.maxReceiveCount)}.`);
  }
  return { deadLetterQueue: lookup.queueOf(policy.deadLetterTargetArn, logicalId, 'RedrivePolicy.deadLetterTargetArn'), maxReceiveCount };
}

/** The local names of the buses the template creates. */
export function readEventBuses(template: StackTemplate): string[] {
  return template.ofType('AWS::Events::EventBus').map(([logicalId]) => String(template.valuesOf(logicalId)!.ref));
}

/** The enabled rules with an event pattern; scheduled rules and targets local mode cannot deliver to are counted in `notEmulated`. */
export function readRules(template: StackTemplate, lookup: TemplateIndex, notEmulated: NotEmulated): LocalRule[] {
  const rules: LocalRule[] = [];
  for (const [logicalId] of template.ofType('AWS::Events::Rule')) {
    if (template.string(logicalId, 'State') === 'DISABLED') {
      continue;
    }
    let pattern = template.prop(logicalId, 'EventPattern');
    if (pattern === undefined) {
      notEmulated.add(template.raw(logicalId, 'ScheduleExpression') !== undefined ? 'AWS::Events::Rule (schedule)' : 'AWS::Events::Rule (no event pattern)');
      continue;
    }
    if (typeof pattern === 'string') {
      pattern = parseJson(template, logicalId, 'EventPattern', pattern);
    }
    if (!isObject(pattern)) {
      return template.fail(logicalId, 'EventPattern', `must be a pattern object, got ${JSON.stringify(pattern)}.`);
    }
    const problems = eventPatternProblems(pattern);
    if (problems.length > 0) {
      return template.fail(logicalId, 'EventPattern', `EventBridge would refuse it: ${problems.join('; ')}.`);
    }
    const bus = template.string(logicalId, 'EventBusName') ?? 'default';
    const targets = template.raw(logicalId, 'Targets');
    if (targets !== undefined && !Array.isArray(targets)) {
      return template.fail(logicalId, 'Targets', 'must be a list.');
    }
    rules.push({
      logicalId,
      bus: bus.startsWith('arn:') && bus.includes(':event-bus/') ? bus.slice(bus.indexOf(':event-bus/') + ':event-bus/'.length) : bus,
      pattern,
      targets: (targets ?? []).flatMap((_target, index) => ruleTarget(template, lookup, notEmulated, logicalId, `Targets.${index}`) ?? []),
    });
  }
  return rules;
}

function ruleTarget(
  template: StackTemplate,
  lookup: TemplateIndex,
  notEmulated: NotEmulated,
  logicalId: string,
  at: string,
): LocalRuleTarget | undefined {
  const arn = template.requiredString(logicalId, `${at}.Arn`);
  if (template.raw(logicalId, `${at}.Input`) !== undefined || template.raw(logicalId, `${at}.InputTransformer`) !== undefined) {
    notEmulated.add('AWS::Events::Rule (target with Input or InputTransformer)');
    return undefined;
  }
  const service = arnService(arn);
  let kind: LocalRuleTarget['kind'];
  let target: string;
  if (service === 'lambda') {
    [kind, target] = ['function', lookup.functionOf(arn, logicalId, `${at}.Arn`)];
  } else if (service === 'sqs') {
    [kind, target] = ['queue', lookup.queueOf(arn, logicalId, `${at}.Arn`)];
  } else if (service === 'states') {
    [kind, target] = ['stateMachine', lookup.stateMachineOf(arn) ?? template.fail(logicalId, `${at}.Arn`, `${arn} is not a state machine of this template.`)];
  } else {
    notEmulated.add(`AWS::Events::Rule (target ${service ?? arn})`);
    return undefined;
  }
  const deadLetter = template.string(logicalId, `${at}.DeadLetterConfig.Arn`);
  const inputPath = template.string(logicalId, `${at}.InputPath`);
  return {
    kind,
    target,
    ...(inputPath !== undefined && { inputPath }),
    retryAttempts: template.number(logicalId, `${at}.RetryPolicy.MaximumRetryAttempts`, DEFAULT_RETRY_ATTEMPTS),
    maxEventAgeSeconds: template.number(logicalId, `${at}.RetryPolicy.MaximumEventAgeInSeconds`, DEFAULT_MAX_EVENT_AGE_SECONDS),
    ...(deadLetter !== undefined && { deadLetterQueue: lookup.queueOf(deadLetter, logicalId, `${at}.DeadLetterConfig.Arn`) }),
  };
}

/** The enabled event source mappings of queues and streams; others (Kafka, MQ...) are counted in `notEmulated`. */
export function readEventSourceMappings(template: StackTemplate, lookup: TemplateIndex, notEmulated: NotEmulated): LocalEventSourceMapping[] {
  const mappings: LocalEventSourceMapping[] = [];
  for (const [logicalId] of template.ofType('AWS::Lambda::EventSourceMapping')) {
    if (!template.boolean(logicalId, 'Enabled', true)) {
      continue;
    }
    const sourceArn = template.string(logicalId, 'EventSourceArn');
    const service = sourceArn && arnService(sourceArn);
    let sourceKind: LocalEventSourceMapping['sourceKind'];
    let source: string | undefined;
    if (service === 'sqs') {
      [sourceKind, source] = ['queue', lookup.queueOf(sourceArn!, logicalId, 'EventSourceArn')];
    } else if (service === 'dynamodb') {
      [sourceKind, source] = ['table-stream', lookup.tableOfStream(sourceArn!)];
    } else if (service === 'kinesis') {
      [sourceKind, source] = ['kinesis', lookup.kinesisStreamOf(sourceArn!)];
    } else {
      notEmulated.add(`AWS::Lambda::EventSourceMapping (${service ?? 'self-managed source'})`);
      continue;
    }
    if (!source) {
      return template.fail(logicalId, 'EventSourceArn', `${sourceArn} is not a ${sourceKind === 'kinesis' ? 'Kinesis stream or stream consumer' : 'table stream'} of this template.`);
    }
    const onFailure = template.string(logicalId, 'DestinationConfig.OnFailure.Destination');
    if (onFailure !== undefined && !lookup.isQueue(onFailure)) {
      notEmulated.add('AWS::Lambda::EventSourceMapping (on-failure destination other than a queue of the stack)');
    }
    const responseTypes = template.prop(logicalId, 'FunctionResponseTypes');
    mappings.push({
      logicalId,
      function: lookup.functionOf(template.requiredString(logicalId, 'FunctionName'), logicalId, 'FunctionName'),
      sourceKind,
      source,
      batchSize: template.number(logicalId, 'BatchSize', sourceKind === 'queue' ? DEFAULT_QUEUE_BATCH_SIZE : DEFAULT_STREAM_BATCH_SIZE),
      maxBatchingWindowSeconds: template.number(logicalId, 'MaximumBatchingWindowInSeconds', 0),
      reportBatchItemFailures: Array.isArray(responseTypes) && responseTypes.includes('ReportBatchItemFailures'),
      bisectBatchOnError: template.boolean(logicalId, 'BisectBatchOnFunctionError', false),
      maxRetryAttempts: template.number(logicalId, 'MaximumRetryAttempts', -1),
      filters: filters(template, logicalId),
      ...(onFailure !== undefined && lookup.isQueue(onFailure) && { onFailure: lookup.queueOf(onFailure, logicalId, 'DestinationConfig.OnFailure.Destination') }),
    });
  }
  return mappings;
}

/** The mapping's filter patterns, parsed from the JSON strings Lambda takes. */
function filters(template: StackTemplate, logicalId: string): Array<Record<string, unknown>> {
  const list = template.prop(logicalId, 'FilterCriteria.Filters');
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    return template.fail(logicalId, 'FilterCriteria.Filters', 'must be a list.');
  }
  return list.map((filter, index) => {
    const at = `FilterCriteria.Filters.${index}.Pattern`;
    const pattern = isObject(filter) ? filter.Pattern : undefined;
    const parsed = typeof pattern === 'string' ? parseJson(template, logicalId, at, pattern) : pattern;
    if (!isObject(parsed)) {
      return template.fail(logicalId, at, `must be a pattern object (as a JSON string), got ${JSON.stringify(pattern)}.`);
    }
    const problems = eventPatternProblems(parsed, 'lambda');
    return problems.length === 0 ? parsed : template.fail(logicalId, at, `Lambda would refuse it: ${problems.join('; ')}.`);
  });
}

function parseJson(template: StackTemplate, logicalId: string, at: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return template.fail(logicalId, at, `is not JSON: ${(error as Error).message}`);
  }
}
