/**
 * What `cdk synth` checks the app against besides the cdk-nag packs, and the settings that pass
 * those checks (docs/checks.md).
 */
export interface ComplianceOptions {
  /**
   * Whether `cdk synth` checks the stack against AWS Control Tower's proactive controls
   * (`@cdklabs/cdk-validator-cfnguard`, cfn-guard) and fails on a finding that is neither fixed
   * nor acknowledged with its reason. Turned on, the log groups are kept 365 days unless
   * `logRetentionDays` says otherwise, and `encryptionKey` and `bucketVersioning` default to on.
   *
   * @default false
   */
  readonly controlTower?: boolean;

  /**
   * Whether one customer managed KMS key, rotated yearly, encrypts the log groups, the buckets
   * (but those receiving access logs: S3 delivers them to SSE-S3 buckets only) and the Athena
   * query results. A KMS key is billed: $1 a month, and $0.03 per 10,000 requests past the free
   * tier (docs/checks.md). Off, the controls that ask for it are acknowledged with that reason.
   *
   * @default - the value of `controlTower`
   */
  readonly encryptionKey?: boolean;

  /**
   * Whether every bucket keeps the previous versions of its objects, for 30 days, the access-log
   * and data lake buckets too (`buckets[].versioned: false` is overridden). Off, the control that
   * asks for it is acknowledged with that reason.
   *
   * @default - the value of `controlTower`
   */
  readonly bucketVersioning?: boolean;
}
