/**
 * The renderer of `test/generated/workflows.test.ts`: each workflow validated as ASL and run offline,
 * once per route its options declare, with inputs derived from its choice rules and its tasks stubbed.
 */
export { renderWorkflowTests } from './workflow-tests';
