/**
 * Local mode: the synthesized app run on one machine, without Docker and without AWS. Imported by
 * generated apps as `projen-serverless-patterns/lib/local`; not part of the jsii API.
 */
export { startLocal } from './local-mode';
export type { FunctionWorkers, LocalMode, LocalModeOptions } from './local-mode';
export type { LocalHistory, HistoryEvent, HistoryExecution, HistoryInvocation } from './local-history';
export type { StopOptions } from './local-stop';
export { readAssembly } from './assembly';
export type * from './local-app';
export type { InvocationResult, WorkerMemory } from './lambda-runtime';
export type { ScheduledRun } from './schedules';
