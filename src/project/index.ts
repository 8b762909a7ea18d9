export * from './options';
export * from './serverless-app';
export * from './cdk-app-base-options.generated';
