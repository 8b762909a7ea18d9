export * from './serverless-patterns-checks';
export * from './fail-on-nag-errors';
