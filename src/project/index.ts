export * from './options';
export * from './serverless-app';
export { AwsCdkAppBaseOptions } from './cdk-app-base-options.generated';
