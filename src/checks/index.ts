export * from './serverless-patterns-checks';
