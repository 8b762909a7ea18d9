/**
 * The starters: handlers, their unit tests and schemas, written once from the templates in `starters/`
 * when missing, then the user's code, never overwritten (projen's SampleFile), and listed once
 * when their function leaves the options (`UnusedStarters`).
 */
export { addStarters, StarterFile } from './starters';
export { UnusedStarters } from './unused';
