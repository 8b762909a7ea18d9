export * from './constructs';
export * from './checks';
export * from './project';
