/**
 * What CloudFormation accepts of the app's stacks: at most 500 resources a stack (400 here, for
 * what CDK and a user may add), and tags of the shape it takes. The resource counts come from the
 * resolved app (`model/resource-count.ts`); this module only judges them.
 */

/** CloudFormation allows 500 resources a stack; the app's stacks stop at 400, for what CDK and a user add. */
export const MAX_STACK_RESOURCES = 400;
/** CloudFormation's limit of resources a stack. */
export const CLOUDFORMATION_STACK_RESOURCES = 500;

/** The resource count of one stack of the app, counted from the options. */
export interface StackSize {
  /** The service the stack holds, with `serviceStacks`; undefined for the app's stack. */
  readonly service?: string;
  /** Where the service is in the options, `services[3]`. */
  readonly option?: string;
  readonly resources: number;
  /** Resources a routed function of the service costs, for the advice: at most 6 with CORS. */
  readonly routedFunctions: number;
}

/**
 * Each stack over `MAX_STACK_RESOURCES`, with its count, the limit and what to do: give each
 * service a stack of its own, or split the service. `alarms`: whether each function also has its 3 alarms.
 */
export function checkStackSizes(sizes: StackSize[], serviceStacks: boolean, alarms = false): string[] {
  return sizes.filter((size) => size.resources > MAX_STACK_RESOURCES).map((size) => {
    const limit = `more than ${MAX_STACK_RESOURCES} (CloudFormation refuses a stack of more than ${CLOUDFORMATION_STACK_RESOURCES}; ${MAX_STACK_RESOURCES} leaves room for what CDK adds)`;
    if (!serviceStacks) {
      return `The app's one stack would hold ${size.resources} resources, ${limit}: set \`serviceStacks: true\` to give each service a nested stack of its own. `
        + 'In an app already deployed with one stack, that moves every service\'s resources, tables included, to new stacks: read docs/stacks.md first.';
    }
    if (size.service === undefined) {
      return `The app's stack would hold ${size.resources} resources, ${limit}: it holds a nested stack per service and what they share; merge small services.`;
    }
    return `\`${size.option}\` ('${size.service}'): its stack would hold ${size.resources} resources, ${limit}: `
      + `split it into two services or more (a function with a route costs about 6 resources${alarms ? ', 9 with its alarms' : ''}, and it has ${size.routedFunctions}).`;
  });
}

/** Tag keys CloudFormation refuses: `aws:` is AWS's own. */
const RESERVED_PREFIX = /^aws:/i;
/** The characters of a tag key or value: letters, digits, spaces and `_ . : / = + - @` (the AWS tagging rules). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Each tag CloudFormation would refuse: key 1-128 characters, value up to 256, no `aws:` key, at most 50 tags. */
export function checkTags(tags: { [key: string]: string } | undefined): string[] {
  const entries = Object.entries(tags ?? {});
  const problems = entries.flatMap(([key, value]) => {
    const where = `\`tags\` ('${key}')`;
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      return [`${where}: a tag key must be 1-128 letters, digits, spaces or _ . : / = + - @; got '${key}'.`];
    }
    if (RESERVED_PREFIX.test(key)) {
      return [`${where}: keys starting with 'aws:' are AWS's own; choose another key.`];
    }
    if (typeof value !== 'string' || value.length > 256 || !TAG_TEXT.test(value)) {
      return [`${where}: a tag value must be a string of at most 256 letters, digits, spaces or _ . : / = + - @; got ${JSON.stringify(value)}.`];
    }
    return [];
  });
  if (entries.length > 50) {
    problems.push(`\`tags\` may hold at most 50 tags (a resource takes 50); got ${entries.length}.`);
  }
  return problems;
}
