import { spawnSync } from 'node:child_process';
import { awscdk, javascript, JsonFile, TextFile, typescript } from 'projen';
import { addAppDependencies } from './app-dependencies';
import { featureFlagsOf } from './cdk-context';
import { allowScriptsOf } from './install-scripts';
import { AppModel, buildModel, checkWrittenFiles } from './model';
import { ServerlessAppOptions } from './options';
import { packageFingerprint } from './package-fingerprint';
import { ProjenrcExample } from './projenrc-example';
import { renderArchitectureDoc } from './render/architecture-doc';
import { renderArchitectureTest } from './render/architecture-test';
import { renderCdkContext } from './render/cdk-context';
import { costConfigOf } from './render/cost';
import { renderDeployTest } from './render/deploy-test';
import { renderLocalTest } from './render/local-test';
import { renderMain } from './render/main';
import { DEPLOY_WORKFLOW, renderDeployWorkflow } from './render/pipeline';
import { renderReadme } from './render/readme';
import { renderService } from './render/service';
import { renderStack } from './render/stack';
import { addStarters, StarterFile, UnusedStarters } from './render/starters';
import { renderWorkflowTests } from './render/workflow-tests';
import { MIN_DEVELOPMENT_NODE, RUNTIMES } from './runtimes';
import { TESTED_CDK_VERSION, testedRange } from './tested-versions';
import { TESTED_VERSIONS } from './tested-versions.generated';
import { reportUncaughtOptionErrors } from './validation';
import { BundleConfig } from '../bundling/config';
import { DEFAULT_BUNDLE_BUDGET_KIB } from '../checks/bundle-checks';
import { CostConfig } from '../cost/config';
import { LOCAL_MODE_PROCESS_ENV } from '../local/process-env';

/** Set in the environment of the synthesis that follows an upgrade of this package, so there is one. */
const RESYNTHESIS = 'SERVERLESS_PATTERNS_RESYNTHESIS';

/** Where the generated sources go. */
const GENERATED_DIR = 'src/generated';
/** The bundle config the `bundle` task reads. */
const BUNDLE_CONFIG = `${GENERATED_DIR}/bundle.json`;
/** Where the `bundle` task writes each function's code. */
const ASSETS_DIR = 'assets';
/** The one esbuild build of every function: the `bundle` task, and what `cdk synth` runs first. */
const BUNDLE_COMMAND = `serverless-patterns-bundle ${BUNDLE_CONFIG}`;
/** What the cost estimate reads besides the templates. */
const COST_CONFIG = `${GENERATED_DIR}/cost.json`;
/** The cost estimate of the synthesized app. */
const COST_COMMAND = `serverless-patterns-cost --config ${COST_CONFIG}`;
/** The memory a jest worker may hold after a test file before it is replaced by a fresh one. */
const WORKER_MEMORY_LIMIT = '512MB';

/**
 * A serverless app on AWS CDK, described by its options: services with their own table,
 * one function per operation, API routes and events. Every `npx projen` regenerates the
 * stacks, the bundle config, the architecture tests and docs from the options; handlers and
 * their unit tests are written once and then belong to the user.
 *
 * @pjid serverless-app
 */
export class ServerlessApp extends awscdk.AwsCdkTypeScriptApp {
  /** The app's architecture with every default resolved. */
  private readonly model: AppModel;
  /** Size budget of each bundle, in KiB. */
  private readonly bundleBudgetKiB: number;
  /** Whether `cdk synth` runs aws-cdk-lib's built-in CloudFormation schema validation. */
  private readonly cloudFormationValidation: boolean;
  /** This package's fingerprint as it synthesizes, when projen installs afterwards. */
  private readonly synthesizedBy?: string;
  /** What the cost estimate reads besides the templates. */
  private readonly costConfig: CostConfig;

  constructor(options: ServerlessAppOptions) {
    // Bad options end `npx projen` with their problems, once (not with a stack trace).
    reportUncaughtOptionErrors();
    // Check every option before projen creates a single component or file.
    const model = buildModel(options);
    const costConfig = costConfigOf(options, model);
    super({
      ...options,
      // the app gets the set this package was tested with, not what npm resolves on the day: a newer
      // aws-cdk-lib can add a Lambda runtime that fails every function's cdk-nag runtime rule
      cdkVersion: options.cdkVersion ?? TESTED_CDK_VERSION,
      cdkVersionPinning: options.cdkVersionPinning ?? true,
      cdkCliVersion: options.cdkCliVersion ?? testedRange('aws-cdk'),
      constructsVersion: options.constructsVersion ?? TESTED_VERSIONS.constructs,
      minNodeVersion: options.minNodeVersion ?? MIN_DEVELOPMENT_NODE,
      typescriptVersion: options.typescriptVersion ?? testedRange('typescript'),
      // the handlers are typed against the Node.js API of the runtime they run on (without it,
      // projen would ask for the @types/node dist-tag of the TypeScript version, which may not exist)
      devDeps: [...nodeTypes(options.devDeps, model), ...(options.devDeps ?? [])],
      projenVersion: options.projenVersion ?? testedRange('projen'),
      bundlerOptions: { esbuildVersion: testedRange('esbuild'), ...options.bundlerOptions },
      // cdk init's feature flags, for new apps (`projen new` sets recommendedFeatureFlags)
      featureFlags: { flags: featureFlagsOf(options) },
      sampleCode: false,
      lambdaAutoDiscover: false,
      edgeLambdaAutoDiscover: false,
      singletonLambdaAutoDiscover: false,
      lambdaExtensionAutoDiscover: false,
      integrationTestAutoDiscover: false,
      // Type-checking happens once, in `compile`; the synth and the tests only transpile:
      // 3.3 s instead of 9.9 s per synth of the sample (bench/synth-command.ts, docs/benchmarks.md).
      app: 'node -r ts-node/register/transpile-only src/main.ts',
      // cdk synth bundles first, straight, not through `npx projen bundle` (0.6 s instead of 1.4 s)
      buildCommand: options.buildCommand ?? `npx ${BUNDLE_COMMAND}`,
      readme: options.readme ?? { contents: renderReadme(model) },
      gitignore: [...(options.gitignore ?? []), `/${ASSETS_DIR}/`],
      // `npx projen` transpiles .projenrc.ts without type-checking it: 1.5 s instead of 7.7 s,
      // as the options' types reach into aws-cdk-lib's (bench/scale.ts). Bad options still fail
      // with a named error, and `compile` type-checks .projenrc.ts with everything else.
      projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsNode({ typeCheck: false, tsconfig: 'projenrc/tsconfig.json' }), ...options.projenrcTsOptions },
      // one type-check of .projenrc.ts, sources, handlers and tests together (see addTasks)
      tsconfigDev: {
        ...options.tsconfigDev,
        include: ['../src/**/*.ts', '../.projenrc.ts', ...(options.tsconfigDev?.include ?? [])],
        compilerOptions: { isolatedModules: true, ...options.tsconfigDev?.compilerOptions },
      },
      // coverage of the app's own files, instrumented as ts-jest transpiles them, instead of V8's,
      // which covers every module each test file loads (the AWS SDK, Powertools): a handler's test
      // file runs in half the time, and there is one per function (bench/scale.ts, docs/benchmarks.md).
      // Test files run in workers replaced once they hold WORKER_MEMORY_LIMIT after a file: each file
      // that loads Powertools' Tracer leaves ~2.6 MB behind after jest drops its modules, and one
      // in-band process of 500 handler tests grew to 2.2 GiB and slowed x7 (docs/benchmarks.md).
      jestOptions: {
        ...options.jestOptions,
        jestConfig: { coverageProvider: 'babel', workerIdleMemoryLimit: WORKER_MEMORY_LIMIT, ...options.jestOptions?.jestConfig },
      },
    });
    this.model = model;
    this.costConfig = costConfig;
    this.synthesizedBy = postSynthesisDisabled() ? undefined : packageFingerprint();
    this.bundleBudgetKiB = options.bundleBudgetKiB ?? DEFAULT_BUNDLE_BUDGET_KIB;
    this.cloudFormationValidation = options.cloudFormationValidation ?? false;

    addAppDependencies(this, model, options);

    if (this.package.packageManager === javascript.NodePackageManager.NPM) {
      // npm asks for a decision on every install script (docs/dependencies.md)
      this.package.addField('allowScripts', allowScriptsOf(options.allowScripts ?? []));
    }

    // the CDK app runs on the developer's machine at synth time, where dev dependencies
    // (this package's constructs and checks) are installed; nothing of it ships to Lambda
    this.eslint?.allowDevDeps('src/main.ts');

    this.addTasks();
    this.addGeneratedFiles();
    addStarters(this, model);
    new UnusedStarters(this, model, BUNDLE_CONFIG);
    if (options.projenrcTs) {
      new ProjenrcExample(this, options.projenrcTsOptions?.filename ?? '.projenrc.ts');
    }
    // Every file is known now, and none written: the names the file system refuses
    const starters = this.components.filter((component): component is StarterFile => component instanceof StarterFile);
    checkWrittenFiles(model, options, [...this.files.map((file) => file.path), ...starters.map((file) => file.path)], this.outdir);
  }

  /**
   * Synthesizes again when projen's install brought another version of this package.
   *
   * The app bumped it in .projenrc.ts, so the files were synthesized by the old one: synthesizing
   * again, once, with the one now installed makes one `npx projen` complete an upgrade.
   */
  public postSynthesize(): void {
    super.postSynthesize();
    if (this.synthesizedBy === undefined || process.env[RESYNTHESIS] || packageFingerprint() === this.synthesizedBy) {
      return;
    }
    this.logger.info('projen-serverless-patterns was upgraded by this install: synthesizing again with the new version');
    const again = spawnSync(this.projenCommand, { cwd: this.outdir, shell: true, stdio: 'inherit', env: { ...process.env, [RESYNTHESIS]: '1' } });
    if (again.status !== 0) {
      // what went wrong is printed above, by the new version
      process.exit(again.status ?? 1);
    }
  }

  private addTasks(): void {
    const bundle = this.bundler.bundleTask;
    bundle.reset(BUNDLE_COMMAND, { name: 'one esbuild build for every function' });
    this.preCompileTask.spawn(bundle);
    // tests synthesize the stack, which reads the bundles
    this.testTask.prependSpawn(bundle);
    // handler tests assert results, not log lines nor EMF metric lines (Powertools Tracer is off outside Lambda)
    this.testTask.env('POWERTOOLS_LOG_LEVEL', 'SILENT');
    this.testTask.env('POWERTOOLS_METRICS_DISABLED', 'true');
    this.compileTask.reset(`tsc --noEmit -p ${this.tsconfigDev.fileName}`, { name: 'type-check .projenrc.ts, sources, handlers and tests' });

    // what runs locally is what would be deployed: the synthesized templates and the bundles in cdk.out
    const local = this.addTask('local', {
      description: 'synthesize, then run the app on this machine without Docker or AWS (--port <n>, default 3000)',
      env: { ...LOCAL_MODE_PROCESS_ENV },
    });
    local.spawn(this.tasks.tryFind('synth:silent') ?? bundle);
    local.exec('serverless-patterns-local', { receiveArgs: true });

    // what the synthesized app costs: the table on demand, one line (and the idle budget) in every build
    const cost = this.addTask('cost', {
      description: 'synthesize, then print the idle floor and the cost per million requests of each way in (docs/cost.md)',
    });
    cost.spawn(this.tasks.tryFind('synth:silent') ?? bundle);
    cost.exec(COST_COMMAND, { receiveArgs: true });
    this.postCompileTask.exec(`${COST_COMMAND} --summary`);
  }

  private addGeneratedFiles(): void {
    const app = this.model;
    generatedSource(this, 'src/main.ts', renderMain(app, this.cloudFormationValidation));
    generatedSource(this, `${GENERATED_DIR}/${app.stackName}-stack.generated.ts`, renderStack(app));
    for (const service of app.services) {
      generatedSource(this, `${GENERATED_DIR}/${service.fileBase}.generated.ts`, renderService(service, { ...app, hasAuthorizer: app.authorizer !== undefined }));
    }
    generatedSource(this, `${this.testdir}/generated/cdk-context.ts`, renderCdkContext());
    generatedSource(this, `${this.testdir}/generated/architecture.test.ts`, renderArchitectureTest(app));
    if (app.services.some((service) => service.workflows.length > 0)) {
      generatedSource(this, `${this.testdir}/generated/workflows.test.ts`, renderWorkflowTests(app));
    }
    generatedSource(this, `${this.testdir}/generated/local.test.ts`, renderLocalTest(app));
    if (app.stages.length > 0) {
      generatedSource(this, `${this.testdir}/generated/deploy.test.ts`, renderDeployTest(app));
    }

    // inline body schemas become files: API Gateway's model and the handler read the same one
    const routes = [...app.functions.map((fn) => fn.route), ...app.services.flatMap((service) => service.queues.map((queue) => queue.route))];
    for (const route of routes) {
      if (route?.inlineBodySchema && route.bodySchemaFile) {
        new JsonFile(this, route.bodySchemaFile, { obj: route.inlineBodySchema, marker: false, readonly: true });
      }
    }

    const config: BundleConfig = {
      outdir: ASSETS_DIR,
      target: RUNTIMES[app.nodeRuntime].esbuildTarget,
      external: ['@aws-sdk/*'],
      sourcemap: false,
      budgetKiB: this.bundleBudgetKiB,
      entryPoints: Object.fromEntries([
        ...(app.authorizer ? [[app.authorizer.bundleName, app.authorizer.handlerFile]] : []),
        ...app.functions.map((fn) => [fn.bundleName, fn.handlerFile]),
      ]),
    };
    new JsonFile(this, BUNDLE_CONFIG, { obj: config, marker: true });
    new JsonFile(this, COST_CONFIG, { obj: this.costConfig, marker: true });

    if (app.pipeline && this.github) {
      // validation refuses `pipeline` with `github: false`
      const deploy = renderDeployWorkflow(app, app.pipeline);
      const workflow = this.github.addWorkflow(DEPLOY_WORKFLOW);
      workflow.on(deploy.triggers);
      workflow.addJobs(deploy.jobs);
    }

    const doc = new TextFile(this, 'docs/architecture.md', { readonly: true });
    doc.addLine(`<!-- ${doc.marker} -->`);
    doc.addLine('');
    renderArchitectureDoc(app, this.costConfig).trimEnd().split('\n').forEach((line) => doc.addLine(line));
    doc.addLine('');
  }
}

/** Whether projen skips its post-synthesis steps (its install among them), as projen reads `PROJEN_DISABLE_POST`. */
function postSynthesisDisabled(): boolean {
  const value = process.env.PROJEN_DISABLE_POST;
  return value !== undefined && !['', '0', 'false', 'null', 'undefined'].includes(value.toLowerCase());
}

/** `@types/node` of the functions' Node.js major, unless the options' dev dependencies name it. */
function nodeTypes(devDeps: string[] | undefined, model: AppModel): string[] {
  const named = devDeps?.some((dep) => dep === '@types/node' || dep.startsWith('@types/node@'));
  return named ? [] : [`@types/node@^${RUNTIMES[model.nodeRuntime].nodeMajor}`];
}

/** A managed TypeScript file: projen's marker, then `content`. */
function generatedSource(project: ServerlessApp, filePath: string, content: string): void {
  const file = new TextFile(project, filePath, { readonly: true });
  file.addLine(`// ${file.marker}`);
  // content ends with a newline, so the file does too
  content.split('\n').forEach((line) => file.addLine(line));
}
