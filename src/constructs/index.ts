export * from '../presets';
export * from './service-function';
export * from './service-table';
export * from './rest-api';
export * from './microservice';
export * from './event-bus';
export * from './graphql-api';
