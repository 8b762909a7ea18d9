/**
 * The EventBridge patterns the generated tests expect of the stack's rules, computed from the
 * options. Written here, not taken from the constructs that build the rules: an expected value
 * computed by the code under test would match whatever that code does.
 */
import { WorkflowObjectTriggerOptions } from '../options';

/** What a rule on the app's bus matches, as a subscription or a workflow trigger says it. */
interface BusEvents {
  readonly sources?: string[];
  readonly detailTypes?: string[];
  readonly detail?: { [key: string]: any };
}

/** The pattern of a rule on the app's bus: the sources, detail types and detail filter that are set. */
export function busPattern(pattern: BusEvents): object {
  return {
    ...(pattern.sources?.length ? { source: pattern.sources } : {}),
    ...(pattern.detailTypes?.length ? { 'detail-type': pattern.detailTypes } : {}),
    ...(pattern.detail ? { detail: pattern.detail } : {}),
  };
}

/** The pattern of the default bus's rule that starts a workflow on created objects; `bucketName` stands for the bucket's name. */
export function objectCreatedPattern(created: WorkflowObjectTriggerOptions, bucketName: string): object {
  const key = keyMatcher(created.prefix ?? '', created.suffix ?? '');
  const object = {
    ...(key ? { key: [key] } : {}),
    ...(created.minSizeBytes !== undefined ? { size: [{ numeric: ['>=', created.minSizeBytes] }] } : {}),
  };
  return {
    'source': ['aws.s3'],
    'detail-type': ['Object Created'],
    'detail': { bucket: { name: [bucketName] }, ...(Object.keys(object).length > 0 ? { object } : {}) },
  };
}

/** The EventBridge matcher of `detail.object.key` for a prefix and suffix: both need a wildcard. */
function keyMatcher(prefix: string, suffix: string): object | undefined {
  if (prefix && suffix) {
    return { wildcard: `${prefix.replace(/\\/g, '\\\\')}*${suffix.replace(/\\/g, '\\\\')}` };
  }
  return prefix ? { prefix } : suffix ? { suffix } : undefined;
}
