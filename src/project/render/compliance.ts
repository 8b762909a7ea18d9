import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { AppModel } from '../model';
import { lines, str } from './typescript';

/** The Control Tower control CT.CLOUDWATCH.PR.2 asks log groups to be kept this many days at least. */
const CONTROL_TOWER_RETENTION_DAYS = 365;

/**
 * The stack's part of `compliance.controlTower`: the settings that pass the controls, and an
 * acknowledgement with its reason for each control that does not apply to the app as configured.
 * Empty when the option is off.
 */
export function renderCompliance(app: AppModel): string | undefined {
  const controlTower = app.controlTower;
  if (!controlTower) {
    return undefined;
  }
  const acknowledge = (scope: string, rule: string, reason: string) =>
    `    ControlTowerCompliance.acknowledge(${scope}, ${str(rule)}, ${str(reason)});`;
  const keyOff = 'compliance.encryptionKey is false in .projenrc.ts: encrypted at rest with keys AWS owns and manages, not a customer managed key.';
  return lines(
    '',
    '    // compliance.controlTower in .projenrc.ts: `cdk synth` checks AWS Control Tower\'s proactive controls',
    '    // (docs/checks.md of projen-serverless-patterns); these settings pass them, and each control that',
    '    // does not apply is acknowledged with its reason, here or in ControlTowerCompliance',
    `    new ControlTowerCompliance(this, 'Compliance', { encryptionKey: ${controlTower.encryptionKey}, bucketVersioning: ${controlTower.bucketVersioning} });`,
    acknowledge('this', 'lambda_inside_vpc_check', 'The functions reach AWS services through their public endpoints, over TLS and authorized by IAM, '
      + 'and no resource of the app lives in a VPC: a VPC would add NAT gateways or interface endpoints, billed by the hour, and nothing to reach.'),
    app.graphql && acknowledge('this.graphqlApi', 'appsync_api_private_visibility_check',
      'The GraphQL API serves clients on the internet; a private API answers only inside a VPC, through an interface endpoint.'),
    app.graphql?.authorization === GraphqlAuthorization.API_KEY && acknowledge('this.graphqlApi', 'appsync_authorization_check',
      'graphql.authorization is API_KEY (the default when .projenrc.ts leaves it out), for public data; GraphqlAuthorization.IAM or USER_POOL passes the control.'),
    app.logRetentionDays < CONTROL_TOWER_RETENTION_DAYS && acknowledge('this', 'cloudwatch_log_group_retention_period_check',
      `logRetentionDays is ${app.logRetentionDays} in .projenrc.ts; the control asks for ${CONTROL_TOWER_RETENTION_DAYS} or more.`),
    !controlTower.encryptionKey && lines(
      acknowledge('this', 'cloudwatch_log_group_encrypted_check', keyOff),
      acknowledge('this', 's3_bucket_default_encryption_kms_check', keyOff),
      acknowledge('this', 'athena_workgroup_results_encrypted_at_rest_kms_check', keyOff),
    ),
    !controlTower.bucketVersioning && acknowledge('this', 's3_bucket_versioning_enabled_check',
      'compliance.bucketVersioning is false in .projenrc.ts: each bucket keeps the versioning its own options give it.'),
  );
}
