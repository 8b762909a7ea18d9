export * from './serverless-patterns-checks';
export * from './fail-on-nag-errors';
export * from './fail-on-findings';
