/**
 * Every check of `ServerlessApp`'s options, run before any file is written: `validateOptions`
 * reports all problems at once, each naming the option, its value and what is allowed.
 */
export { InvalidOptionsError, validateOptions } from './validate-options';
export { checkStackSizes, MAX_STACK_RESOURCES } from './stacks';
