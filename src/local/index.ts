/**
 * Local mode: the synthesized app run on one machine, without Docker and without AWS. Imported by
 * generated apps as `projen-serverless-patterns/lib/local`; not part of the jsii API.
 */
export { startLocal } from './local-mode';
export type { LocalMode, LocalModeOptions, LocalHistory } from './local-mode';
export { readAssembly } from './assembly';
export type * from './local-app';
export type { InvocationResult } from './lambda-runtime';
