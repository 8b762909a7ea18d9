import { eventDeliveryProblems } from './event-delivery';
import { EventBucketWorkflowRouteProps } from './s3-event-bucket-props';

/** Problems with a key prefix or suffix, each naming the option and its value. */
export function keyFilterErrors(option: string, value: string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  const errors: string[] = [];
  if (/[*?]/.test(value)) {
    errors.push(`\`${option}\` is matched literally, S3 and EventBridge key filters have no wildcards; got '${value}'.`);
  }
  if (option.toLowerCase().endsWith('prefix') && value.startsWith('/')) {
    errors.push(`\`${option}\` must not start with \`/\`: S3 keys have no leading slash; got '${value}'.`);
  }
  return errors;
}

/** Whether one key can start with both prefixes: one starts with the other (the empty prefix with any). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** The filter of an S3 notification. */
interface KeyFilter {
  readonly prefix: string;
  readonly suffix: string;
  readonly events: string[];
}

/** Whether two routes can match the same event, which S3 refuses ("Configurations overlap"). */
export function routesOverlap(a: KeyFilter, b: KeyFilter): boolean {
  const suffixesOverlap = a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix);
  return prefixesOverlap(a.prefix, b.prefix) && suffixesOverlap && a.events.some((x) => b.events.some((y) => eventTypesOverlap(x, y)));
}

/** `s3:ObjectCreated:*` covers `s3:ObjectCreated:Put`; other types overlap only themselves. */
function eventTypesOverlap(a: string, b: string): boolean {
  const covers = (family: string, type: string) => family.endsWith(':*') && type.startsWith(family.slice(0, -1));
  return a === b || covers(a, b) || covers(b, a);
}

/**
 * The EventBridge matcher of `detail.object.key`: `prefix`, `suffix`, or, for both, a
 * `wildcard` (EventBridge has no AND of two matchers on one field).
 */
export function keyMatcher(prefix: string, suffix: string): { [key: string]: string } | undefined {
  if (prefix && suffix) {
    const escape = (text: string) => text.replace(/\\/g, '\\\\');
    return { wildcard: `${escape(prefix)}*${escape(suffix)}` };
  }
  if (prefix) {
    return { prefix };
  }
  return suffix ? { suffix } : undefined;
}

/** Problems with a workflow route's options, each naming the option and its value. */
export function workflowRouteErrors(route: EventBucketWorkflowRouteProps): string[] {
  const errors = [...keyFilterErrors('prefix', route.prefix), ...keyFilterErrors('suffix', route.suffix)];
  const { minSizeBytes, inputPath } = route;
  if (minSizeBytes !== undefined && (!Number.isInteger(minSizeBytes) || minSizeBytes < 0)) {
    errors.push(`\`minSizeBytes\` must be a whole number of bytes, 0 or more; got ${minSizeBytes}.`);
  }
  errors.push(...eventDeliveryProblems(route, (field) => `\`${field}\``));
  if (inputPath !== undefined && !inputPath.startsWith('$')) {
    errors.push(`\`inputPath\` must be a JSONPath on the event, starting with \`$\`; got ${JSON.stringify(inputPath)}.`);
  }
  return errors;
}
