import { cdk, javascript } from 'projen';

const project = new cdk.JsiiProject({
  name: 'projen-serverless-patterns',
  description:
    'A projen project type that turns the AWS serverless architecture patterns of the Well-Architected Framework into a CDK app that stays in sync with its options.',
  keywords: ['projen', 'aws-cdk', 'serverless', 'lambda', 'api-gateway', 'dynamodb', 'eventbridge', 'well-architected'],
  author: 'projen-serverless-patterns contributors',
  authorAddress: 'maintainers@projen-serverless-patterns.dev',
  repositoryUrl: 'https://github.com/projen-serverless-patterns/projen-serverless-patterns.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  // No hosted CI here: `.ci/run` runs the README's test command on a fresh clone.
  github: false,
  release: false,

  peerDeps: ['projen@^0.103.25', 'constructs@^10.5.0', 'aws-cdk-lib@^2.276.0'],
  devDeps: [
    '@mrgrain/jsii-struct-builder',
    // bundling: resolved from the generated app's node_modules at run time
    'esbuild@^0.28.0',
    // the starter handlers under starters/ are type-checked and linted here
    '@aws-lambda-powertools/logger@^2.36.0',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/lib-dynamodb@^3',
    '@aws-sdk/client-eventbridge@^3',
    '@types/aws-lambda@^8',
  ],
});

project.synth();
