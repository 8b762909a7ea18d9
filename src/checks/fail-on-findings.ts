import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * Runs a validation plugin whose findings carry no severity, such as
 * `@cdklabs/cdk-validator-cfnguard`'s `CfnGuardValidator`, with each finding an error. Once a
 * finding of a plugin is acknowledged, aws-cdk-lib decides whether the plugin's report failed from
 * the severities of the findings left (2.278.0): without one, an acknowledgement anywhere in the
 * app would let every other finding pass.
 */
export class FailOnFindings implements IPolicyValidationPlugin {
  /** The wrapped plugin's name, which its findings are acknowledged under. */
  public readonly name: string;
  /** The wrapped plugin's version. */
  public readonly version?: string;
  /** The wrapped plugin's rules. */
  public readonly ruleIds?: string[];

  constructor(private readonly plugin: IPolicyValidationPlugin) {
    this.name = plugin.name;
    this.version = plugin.version;
    this.ruleIds = plugin.ruleIds;
  }

  /** The plugin's report, each finding without a severity an error. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.plugin.validate(context);
    return { ...report, violations: report.violations.map((violation) => ({ ...violation, severity: violation.severity ?? 'error' })) };
  }
}
