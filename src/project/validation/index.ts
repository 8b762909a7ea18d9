/**
 * Every check of `ServerlessApp`'s options, run before any file is written: `validateOptions`
 * reports all problems at once, each naming the option, its value and what is allowed; the rules
 * of the names the model derives from them (`derived-names`) judge what the model lists.
 */
export { InvalidOptionsError, reportUncaughtOptionErrors } from './invalid-options-error';
export { validateOptions } from './validate-options';
export { clashProblems, filePathProblems, stackNameProblems } from './derived-names';
export type { NameSource, ScopedName } from './derived-names';
export { checkStackSizes, MAX_STACK_RESOURCES } from './stacks';
export { alarmThresholds } from './alarms';
