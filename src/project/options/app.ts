import { AlarmsOptions } from './alarms';
import { RestApiOptions } from './api';
import { AwsCdkAppBaseOptions } from './cdk-app-base-options.generated';
import { ComplianceOptions } from './compliance';
import { CostBudgetOptions, CostEstimateOptions } from './cost';
import { PipelineOptions, StageOptions } from './deploy';
import { GraphqlOptions } from './graphql';
import { ServiceOptions } from './service';
import { FunctionPreset } from '../../presets';

/** CPU architecture of the functions. */
export enum FunctionArchitecture {
  /** Graviton: about 20% cheaper per GB-second than x86_64 and as fast or faster for Node.js. */
  ARM_64 = 'ARM_64',
  X86_64 = 'X86_64',
}

/** Node.js runtime of the functions; the bundle targets the same Node.js version. */
export enum NodeRuntime {
  NODEJS_22_X = 'NODEJS_22_X',
  NODEJS_24_X = 'NODEJS_24_X',
  NODEJS_26_X = 'NODEJS_26_X',
}

/** Options of a `ServerlessApp`. */
export interface ServerlessAppOptions extends AwsCdkAppBaseOptions {
  /**
   * The app's services.
   *
   * @default - one `items` service: a table keyed by `id`, CRUD routes on `/items` and
   * `/items/{id}` with one function each, and an `ItemCreated` event published by `create`
   */
  readonly services?: ServiceOptions[];

  /**
   * Preset of the functions that name none.
   *
   * @default FunctionPreset.SIMPLE
   */
  readonly defaultPreset?: FunctionPreset;

  /**
   * CPU architecture of every function.
   *
   * @default FunctionArchitecture.ARM_64
   */
  readonly architecture?: FunctionArchitecture;

  /**
   * Node.js runtime of every function.
   *
   * Left out, the functions run the newest Node.js runtime of the aws-cdk-lib this package was
   * tested with, which moves when the package is upgraded. Set, the app stays on it, and the
   * checks' newest-runtime rules are acknowledged as a choice.
   *
   * @default NodeRuntime.NODEJS_26_X
   */
  readonly nodeRuntime?: NodeRuntime;

  /**
   * Days the functions' and the API's logs are kept, one of CloudWatch Logs' retention periods.
   *
   * @default 30 - 365 with `compliance.controlTower`
   */
  readonly logRetentionDays?: number;

  /**
   * Size budget of each function's bundle, in KiB: a bundle over it fails the `bundle` task
   * (ServerlessPatterns-LargeDeploymentPackage).
   *
   * @default 512
   */
  readonly bundleBudgetKiB?: number;

  /**
   * Whether `cdk synth` runs aws-cdk-lib's built-in CloudFormation schema validation. It
   * reports its findings as warnings only, and costs about 4 s of every synth (of 5.4 s for a
   * 10-function app, bench/scale.ts); CloudFormation validates again at deploy, and the
   * cdk-nag packs run either way.
   *
   * @default false
   */
  readonly cloudFormationValidation?: boolean;

  /**
   * Whether functions and the API send X-Ray traces.
   *
   * @default true
   */
  readonly tracing?: boolean;

  /**
   * Whether the starters instrument every handler with Powertools Tracer (a subsegment per
   * invocation annotated with `ColdStart`, every AWS SDK client captured) and Metrics (EMF, the
   * app's name as namespace, the service as dimension, a `ColdStart` metric), and the app depends
   * on both packages. Starters are written once: turning it off later leaves the written
   * `src/handlers/shared/observability.ts` as it is (docs/observability.md).
   *
   * @default true
   */
  readonly tracerAndMetrics?: boolean;

  /**
   * The REST API of the routes.
   *
   * @default - the defaults of each `RestApiOptions` field
   */
  readonly api?: RestApiOptions;

  /**
   * The GraphQL API, created when a function has a `resolver`.
   *
   * @default - the defaults of each `GraphqlOptions` field
   */
  readonly graphql?: GraphqlOptions;

  /**
   * Days the event bus's archive keeps every event for replay; 0 keeps them forever.
   *
   * @default 7
   */
  readonly eventArchiveRetentionDays?: number;

  /**
   * Whether the event bus archives its events for replay.
   *
   * @default true
   */
  readonly eventArchive?: boolean;

  /**
   * Whether cdk.json carries the feature flags `cdk init` gives a new project for the aws-cdk-lib
   * this package was tested with, so that the app gets CDK's current behaviours (no account-level
   * API Gateway role in every stack, for one). The generated tests apply cdk.json's flags as
   * `cdk synth` does. `featureFlags` and `context`, when given, win over them flag by flag.
   *
   * In an app deployed without them, turning them on can replace deployed resources: run
   * `cdk diff` first (docs/dependencies.md).
   *
   * @default false - apps created before this option keep CDK's older behaviours
   * @pjnew true
   */
  readonly recommendedFeatureFlags?: boolean;

  /**
   * The idle floor `npx projen build` may not pass (docs/cost.md).
   *
   * @default - no budget: the build prints the cost estimate's one-line summary
   */
  readonly costBudget?: CostBudgetOptions;

  /**
   * What the cost estimate assumes and the traffic it prices (docs/cost.md).
   *
   * @default - the defaults of each `CostEstimateOptions` field
   */
  readonly costEstimate?: CostEstimateOptions;

  /**
   * Whether each service is a nested stack of its own, inside the app's stack, which keeps what
   * the services share: the REST API with its stage, the authorizer, the event bus and the
   * GraphQL API. A service's routes are added to the shared API from its own stack. Without it the
   * whole app is one stack, which CloudFormation's limit of 500 resources (400 here, for
   * headroom) keeps to about 60 routed functions.
   *
   * In an app deployed with one stack, turning it on moves every service's resources into new
   * stacks: CloudFormation creates them anew, and the tables, buckets and streams it created
   * before are retained but no longer the app's (docs/stacks.md says how to move them instead).
   *
   * @default false - one stack; `npx projen` says to set it when a stack would pass 400 resources
   */
  readonly serviceStacks?: boolean;

  /**
   * Tags every taggable resource of the app carries, in every stack (for cost allocation, for
   * instance): `{ team: 'payments' }`.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * The AWS Control Tower proactive controls `cdk synth` checks, and the settings that pass them
   * (docs/checks.md).
   *
   * @default - no Control Tower controls: the cdk-nag packs only
   */
  readonly compliance?: ComplianceOptions;

  /**
   * The environments the app is deployed to, in the order the pipeline deploys them: each a CDK
   * `Stage` holding the app's stacks, e.g. `[{ name: 'dev', ... }, { name: 'prod', approval: true, ... }]`
   * (docs/deploy.md).
   *
   * @default - no stages: one stack, deployed with `npx projen deploy`
   */
  readonly stages?: StageOptions[];

  /**
   * The GitHub Actions workflow that deploys the stages, and the bootstrap stack of its OIDC
   * roles (docs/deploy.md). Needs `stages`, each with `account` and `region`.
   *
   * @default - no pipeline
   */
  readonly pipeline?: PipelineOptions;

  /**
   * CloudWatch alarms on every function, queue, REST API and workflow, wired to one SNS topic,
   * and a dashboard with a row per service (docs/alarms.md).
   *
   * @default - no alarms, no topic, no dashboard
   */
  readonly alarms?: AlarmsOptions;
}
