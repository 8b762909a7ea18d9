/**
 * `ServerlessApp`, the projen project type, and its public options; the folders follow the data:
 * options/ → validation/ → model/ → render/, which `serverless-app.ts` writes into the app.
 */
export * from './options';
export * from './serverless-app';
