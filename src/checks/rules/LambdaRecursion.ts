import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnStreamConsumer } from 'aws-cdk-lib/aws-kinesis';
import { CfnEventSourceMapping, CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { allowsAction, coversResource, invocationIds, logicalIdOf, referencedIds, refersToAny, resourcesOfType, resourcesText, Statement, statementsOf } from './helpers';

/** What a function may do to the source that triggers it, per kind of source. */
const WRITES_TO_SOURCE: Array<{ attribute: string; actions: string[] }> = [
  { attribute: 'Arn', actions: ['sqs:SendMessage', 'kinesis:PutRecord', 'kinesis:PutRecords'] },
  { attribute: 'StreamArn', actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] },
];

/**
 * Recursive Lambda: a function may invoke itself, or write to what triggers it (the queue or
 * stream it consumes, the table whose stream it reads, a bus whose rule sends it the events it
 * may put, a bucket whose notifications invoke it under a key prefix it may write to). Iterate with SQS or Step Functions instead.
 *
 * Findings: `SelfInvoke`, `WritesToTrigger:<logical id of the source>`.
 */
export function LambdaRecursion(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnFunction)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const statements = statementsOf(node);
  const findings: string[] = [];
  if (statements.some((s) => allowsAction(s, 'lambda:InvokeFunction') && invocationIds(node).some((id) => coversResource(s, id)))) {
    findings.push('SelfInvoke');
  }
  findings.push(
    ...writesToEventSource(node, statements),
    ...putsEventsItReceives(node, statements),
    ...writesToBucketThatTriggersIt(node, statements),
  );
  return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
}

function writesToEventSource(fn: CfnFunction, statements: Statement[]): string[] {
  const stack = Stack.of(fn);
  const findings: string[] = [];
  for (const mapping of resourcesOfType(fn, CfnEventSourceMapping)) {
    if (!refersToAny(mapping, mapping.functionName, invocationIds(fn))) {
      continue;
    }
    const source = stack.resolve(mapping.eventSourceArn);
    const getAtt: [string, string] | undefined = source?.['Fn::GetAtt'];
    if (!getAtt) {
      continue;
    }
    const [sourceId, attribute] = streamBehindConsumer(fn, getAtt);
    const actions = WRITES_TO_SOURCE.find((kind) => kind.attribute === attribute)?.actions ?? [];
    if (statements.some((s) => actions.some((action) => allowsAction(s, action)) && coversResource(s, sourceId))) {
      findings.push(`WritesToTrigger:${sourceId}`);
    }
  }
  return findings;
}

/**
 * An enhanced fan-out mapping reads a stream consumer (`ConsumerARN`): what it reads is that
 * consumer's stream. Any other source is itself.
 */
function streamBehindConsumer(fn: CfnFunction, getAtt: [string, string]): [string, string] {
  if (getAtt[1] !== 'ConsumerARN') {
    return getAtt;
  }
  const consumer = resourcesOfType(fn, CfnStreamConsumer).find((resource) => logicalIdOf(resource) === getAtt[0]);
  const stream: [string, string] | undefined = consumer && Stack.of(fn).resolve(consumer.streamArn)?.['Fn::GetAtt'];
  return stream ?? getAtt;
}

function putsEventsItReceives(fn: CfnFunction, statements: Statement[]): string[] {
  const stack = Stack.of(fn);
  const findings: string[] = [];
  for (const rule of resourcesOfType(fn, CfnRule)) {
    const targets = stack.resolve(rule.targets) ?? [];
    const ids = invocationIds(fn);
    if (!referencedIds(targets.map((target: { arn?: unknown }) => target.arn)).some((id) => ids.includes(id))) {
      continue;
    }
    // the rule's bus: a referenced bus, or the account's default bus when none is named
    const busIds = referencedIds(stack.resolve(rule.eventBusName));
    const pattern = stack.resolve(rule.eventPattern) ?? {};
    const puts = statements.filter((s) => allowsAction(s, 'events:PutEvents') && resourcesText(s).some((text) =>
      text === '"*"' || (busIds.length === 0 ? text.includes('event-bus/default') : busIds.some((id) => text.includes(`"${id}"`)))));
    if (puts.some((s) => overlaps(s, 'events:detail-type', pattern['detail-type']) && overlaps(s, 'events:source', pattern.source))) {
      findings.push(`WritesToTrigger:${logicalIdOf(rule)}`);
    }
  }
  return findings;
}

/** Whether the values a statement's condition allows for `key` can meet the values a pattern matches. */
function overlaps(statement: Statement, key: string, matched: unknown): boolean {
  const allowed = statement.Condition?.StringEquals?.[key];
  if (allowed === undefined || !Array.isArray(matched) || matched.some((value) => typeof value !== 'string')) {
    return true;
  }
  return ([] as unknown[]).concat(allowed).some((value) => matched.includes(value));
}

/** What the rule reads of a `Custom::S3BucketNotifications` resource. */
interface NotificationProperties {
  readonly BucketName?: unknown;
  readonly NotificationConfiguration?: {
    readonly LambdaFunctionConfigurations?: Array<{
      readonly LambdaFunctionArn?: unknown;
      readonly Filter?: { readonly Key?: { readonly FilterRules?: Array<{ Name: string; Value: string }> } };
    }>;
  };
}

/** Keys of `bucketId` a resource of an `s3:PutObject` grant covers, as a pattern: `processed/*`, or undefined. */
function keyPattern(resource: unknown, bucketId: string): string | undefined {
  if (resource === '*') {
    return '*';
  }
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  if (!join) {
    return undefined;
  }
  const parts = join[1];
  const at = parts.findIndex((part) => referencedIds(part).includes(bucketId));
  if (at < 0) {
    return undefined;
  }
  return parts.slice(at + 1).map((part) => (typeof part === 'string' ? part : '*')).join('').replace(/^\//, '');
}

function writesToBucketThatTriggersIt(fn: CfnFunction, statements: Statement[]): string[] {
  const stack = Stack.of(fn);
  const ids = invocationIds(fn);
  const findings: string[] = [];
  const notifications = Stack.of(fn).node.findAll()
    .filter((child): child is CfnResource => child instanceof CfnResource && child.cfnResourceType === 'Custom::S3BucketNotifications');
  for (const notification of notifications) {
    // a custom resource has no typed properties: read them from its rendered template
    const template = (notification as unknown as { _toCloudFormation(): object })._toCloudFormation();
    const rendered: { Resources: Record<string, { Properties: NotificationProperties }> } = stack.resolve(template);
    const properties = Object.values(rendered.Resources)[0].Properties;
    const [bucketId] = referencedIds(properties.BucketName);
    for (const config of properties.NotificationConfiguration?.LambdaFunctionConfigurations ?? []) {
      if (!bucketId || !referencedIds(config.LambdaFunctionArn).some((id) => ids.includes(id))) {
        continue;
      }
      const rules = config.Filter?.Key?.FilterRules ?? [];
      const prefix = rules.find((rule) => rule.Name.toLowerCase() === 'prefix')?.Value ?? '';
      const writable = statements
        .filter((statement) => allowsAction(statement, 's3:PutObject'))
        .flatMap((statement) => ([] as unknown[]).concat(statement.Resource ?? []))
        .map((resource) => keyPattern(resource, bucketId))
        .filter((pattern): pattern is string => pattern !== undefined);
      if (writable.some((pattern) => {
        const literal = pattern.split('*')[0];
        return literal.startsWith(prefix) || prefix.startsWith(literal);
      })) {
        findings.push(`WritesToTrigger:${bucketId}`);
      }
    }
  }
  return findings;
}
