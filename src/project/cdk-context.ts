import { ServerlessAppOptions } from './options';
import { RECOMMENDED_FEATURE_FLAGS } from './recommended-feature-flags.generated';

/** The feature flag that stops `RestApi` from creating the account-level CloudWatch role by default. */
const DISABLE_CLOUDWATCH_ROLE = '@aws-cdk/aws-apigateway:disableCloudWatchRole';

/**
 * The feature flags cdk.json carries: projen's `featureFlags` when given, else the recommended
 * ones when `recommendedFeatureFlags` asks for them, else none.
 */
export function featureFlagsOf(options: ServerlessAppOptions): Record<string, unknown> {
  return options.featureFlags?.flags ?? (options.recommendedFeatureFlags ? RECOMMENDED_FEATURE_FLAGS : {});
}

/** Whether the first REST API creates the account-level CloudWatch role, as cdk.json's context and `api.cloudWatchRole` decide. */
export function createsCloudWatchRole(options: ServerlessAppOptions): boolean {
  const context = { ...featureFlagsOf(options), ...options.context };
  return options.api?.cloudWatchRole ?? context[DISABLE_CLOUDWATCH_ROLE] !== true;
}
