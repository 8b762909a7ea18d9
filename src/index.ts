export * from './constructs';
export * from './project';
