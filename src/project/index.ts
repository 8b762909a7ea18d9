export * from './options';
export * from './data-options';
export * from './serverless-app';
export * from './cdk-app-base-options.generated';
