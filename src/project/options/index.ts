/**
 * The public options of `ServerlessApp`, the jsii structs and enums a `.projenrc.ts` is written in:
 * one area per file, from the app (`app.ts`) down to its services, functions and their triggers.
 */
export * from './app';
export * from './cdk-app-base-options.generated';
export * from './service';
export * from './table';
export * from './function';
export * from './api';
export * from './graphql';
export * from './events';
export * from './workflows';
export * from './buckets';
export * from './streams';
export * from './queues';
export * from './schedule';
export * from './data-lake';
export * from './cost';
export * from './compliance';
export * from './deploy';
export * from './alarms';
