/**
 * The renderer of `test/generated/architecture.test.ts`: one synthesis of the stack, asserted against
 * values computed from the options; `architecture-test.ts` writes the file, one module per part of the app.
 */
export { renderArchitectureTest } from './architecture-test';
