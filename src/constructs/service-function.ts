import { Duration, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { InlinePolicyRole } from './inline-policy-role';
import { NodeRuntimes } from './node-runtimes';
import {
  FunctionPreset,
  FunctionPresets,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  MIN_MEMORY_MB,
  MIN_TIMEOUT_SECONDS,
  MAX_UTILIZATION_TARGET,
  MIN_UTILIZATION_TARGET,
  ProvisionedConcurrencySettings,
  ProvisionedConcurrencyProps,
} from '../presets';

/**
 * Settings shared by every function of an app, given once to each `Microservice`.
 */
export interface FunctionDefaults {
  /**
   * CPU architecture.
   *
   * @default lambda.Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * The Node.js runtime.
   *
   * @default - the newest Node.js runtime of the installed aws-cdk-lib, as cdk-nag's AwsSolutions-L1 asks
   */
  readonly runtime?: lambda.Runtime;

  /**
   * X-Ray tracing mode.
   *
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;

  /**
   * How long the function's own log group keeps its logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logGroupRetention?: logs.RetentionDays;

  /**
   * Workload preset that gives `memorySize` and `timeout` unless they are set.
   *
   * @default FunctionPreset.SIMPLE
   */
  readonly preset?: FunctionPreset;

  /**
   * The CloudWatch namespace of the metrics the function's code writes with Powertools Metrics:
   * set as its `POWERTOOLS_METRICS_NAMESPACE`.
   *
   * @default - none: Powertools Metrics then warns and writes to its `default_namespace`
   */
  readonly metricsNamespace?: string;

  /**
   * Whether the functions get the provisioned concurrency of their preset or their
   * `provisionedConcurrency`; false leaves every one without (a stage that saves its cost).
   *
   * @default true
   */
  readonly provisionedConcurrencyEnabled?: boolean;
}

/**
 * Properties of a `ServiceFunction`.
 */
export interface ServiceFunctionProps extends lambda.FunctionOptions {
  /**
   * Directory that holds the function's prebuilt bundle: an `index.js` exporting `handler`.
   *
   * The `bundle` task of a `ServerlessApp` writes it to `assets/<service>/<function>`.
   */
  readonly assetPath: string;

  /**
   * Workload preset that gives `memorySize` and `timeout` unless they are set.
   *
   * @default FunctionPreset.SIMPLE
   */
  readonly preset?: FunctionPreset;

  /**
   * The Node.js runtime.
   *
   * @default - the newest Node.js runtime of the installed aws-cdk-lib, as cdk-nag's AwsSolutions-L1 asks
   */
  readonly runtime?: lambda.Runtime;

  /**
   * How long the function's own log group keeps its logs; ignored when `logGroup` is given.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logGroupRetention?: logs.RetentionDays;

  /**
   * Provisioned concurrency of a `live` alias, auto-scaled on utilization; fields left out
   * come from the preset, else 2 to 10 environments at a 0.7 target.
   *
   * @default - the preset's: `LATENCY_SENSITIVE` has it, the others none
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyProps;

  /**
   * The CloudWatch namespace of the metrics the function's code writes with Powertools Metrics:
   * set as its `POWERTOOLS_METRICS_NAMESPACE`.
   *
   * @default - none: Powertools Metrics then warns and writes to its `default_namespace`
   */
  readonly metricsNamespace?: string;

  /**
   * Whether the function gets the provisioned concurrency of its preset or of
   * `provisionedConcurrency`; false leaves it without, and without a `live` alias.
   *
   * @default true
   */
  readonly provisionedConcurrencyEnabled?: boolean;
}


/**
 * A Node.js Lambda function with Well-Architected defaults that runs a prebuilt bundle.
 *
 * Defaults: arm64, the preset's memory and timeout, X-Ray active tracing, JSON logs into a
 * log group of its own kept for one month (set by `logGroupRetention`; the deprecated
 * `logRetention`, which adds a custom resource, is refused), a role of its own (`InlinePolicyRole`)
 * whose one inline policy holds every grant. Synthesis never runs a bundler: the code is read
 * from `assetPath`.
 */
export class ServiceFunction extends lambda.Function {
  /** The `live` alias with provisioned concurrency, when the function has one. */
  public readonly liveAlias?: lambda.Alias;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const {
      assetPath, preset, logGroupRetention, logRetention, provisionedConcurrency, provisionedConcurrencyEnabled, metricsNamespace, ...functionOptions
    } = props;
    if (logRetention !== undefined) {
      throw new Error(`${scope.node.path}/${id}: \`logRetention\` adds a custom resource; use \`logGroupRetention\`.`);
    }
    const presetName = preset ?? FunctionPresets.DEFAULT;
    const settings = FunctionPresets.settingsOf(presetName);
    const memorySize = props.memorySize ?? settings.memorySize;
    const timeout = props.timeout ?? Duration.seconds(settings.timeoutSeconds);
    checkLimits(scope, id, memorySize, timeout);

    const logGroup = props.logGroup ?? new logs.LogGroup(scope, `${id}Logs`, {
      retention: logGroupRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    const logGroupArn = logGroup.logGroupRef.logGroupArn;
    // A role of its own that may write to its own log group only, instead of CDK's default
    // AWSLambdaBasicExecutionRole (logs on every log group of the account); its grants, X-Ray's
    // included, live in the role itself.
    const role = props.role ?? new InlinePolicyRole(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    const tracing = functionOptions.tracing ?? lambda.Tracing.ACTIVE;
    // a role brought in gets X-Ray's grant in a policy of its own (see addTracing)
    const ownRole = role instanceof InlinePolicyRole;

    super(scope, id, {
      architecture: lambda.Architecture.ARM_64,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...functionOptions,
      tracing: ownRole ? tracing : lambda.Tracing.DISABLED,
      runtime: props.runtime ?? NodeRuntimes.newest(),
      memorySize,
      timeout,
      role,
      logGroup,
      code: lambda.Code.fromAsset(assetPath),
      handler: 'index.handler',
    });
    if (!props.role) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroupArn],
      }));
    }
    const provisioned = provisionedConcurrencyEnabled === false
      ? undefined
      : FunctionPresets.provisionedConcurrencyOf(presetName, provisionedConcurrency ? [provisionedConcurrency] : []);
    if (provisioned) {
      checkProvisioned(this, provisioned);
      this.liveAlias = new lambda.Alias(this, 'LiveAlias', {
        aliasName: 'live',
        version: this.currentVersion,
        provisionedConcurrentExecutions: provisioned.minCapacity,
      });
      this.liveAlias
        .addAutoScaling({ minCapacity: provisioned.minCapacity, maxCapacity: provisioned.maxCapacity })
        .scaleOnUtilization({ utilizationTarget: provisioned.utilizationTarget });
    }
    if (!ownRole && tracing !== lambda.Tracing.DISABLED) {
      this.addTracing(tracing, role);
    }
    if (metricsNamespace !== undefined) {
      this.addEnvironment('POWERTOOLS_METRICS_NAMESPACE', metricsNamespace);
    }
  }

  /**
   * X-Ray tracing for a role brought in, with its grant in a policy of its own: X-Ray's actions
   * take no resource but `*`, and acknowledging that wildcard on this policy leaves any other `*`
   * a user grants the role to be reported. (An `InlinePolicyRole` decides that on its own statements.)
   */
  private addTracing(mode: lambda.Tracing, role: iam.IRole): void {
    const policy = new iam.Policy(this, 'TracingPolicy', {
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions: `*` is the only resource they take.',
    });
    const resource = this.node.defaultChild as lambda.CfnFunction;
    resource.tracingConfig = { mode };
    // Lambda refuses active tracing for a role that may not yet write traces
    resource.addResourceDependency(policy.node.defaultChild as iam.CfnPolicy);
  }

  /** What triggers invoke: the `live` alias when the function has one, else the function itself. */
  public get invocable(): lambda.IFunction {
    return this.liveAlias ?? this;
  }
}


function checkProvisioned(fn: ServiceFunction, settings: ProvisionedConcurrencySettings): void {
  const { minCapacity, maxCapacity, utilizationTarget } = settings;
  if (!Number.isInteger(minCapacity) || minCapacity < 1 || !Number.isInteger(maxCapacity) || maxCapacity < minCapacity) {
    throw new Error(`${fn.node.path}: \`provisionedConcurrency\` needs whole numbers with 1 <= minCapacity <= maxCapacity; got ${minCapacity} to ${maxCapacity}.`);
  }
  if (utilizationTarget < MIN_UTILIZATION_TARGET || utilizationTarget > MAX_UTILIZATION_TARGET) {
    throw new Error(`${fn.node.path}: \`provisionedConcurrency.utilizationTarget\` must be ${MIN_UTILIZATION_TARGET}-${MAX_UTILIZATION_TARGET}; got ${utilizationTarget}.`);
  }
}

function checkLimits(scope: Construct, id: string, memorySize: number, timeout: Duration): void {
  const where = `${scope.node.path}/${id}`;
  if (!Token.isUnresolved(memorySize) && (memorySize < MIN_MEMORY_MB || memorySize > MAX_MEMORY_MB)) {
    throw new Error(`${where}: \`memorySize\` must be ${MIN_MEMORY_MB}-${MAX_MEMORY_MB} MB; got ${memorySize}.`);
  }
  const seconds = timeout.toSeconds();
  if (!Token.isUnresolved(seconds) && (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS)) {
    throw new Error(`${where}: \`timeout\` must be ${MIN_TIMEOUT_SECONDS}-${MAX_TIMEOUT_SECONDS} s; got ${seconds}.`);
  }
}
