import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';

/**
 * Runs a cdk-nag pack as a synthesis validation plugin that fails `cdk synth` on its errors
 * only. A pack on its own fails synthesis on any finding, warnings too (such as
 * `AwsSolutions-APIG3`, no WAF); here warnings are reported and synthesis goes on.
 */
export class FailOnNagErrors implements IPolicyValidationPlugin {
  /** The wrapped pack's name. */
  public readonly name: string;

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
  }

  /** The pack's report, successful unless a finding is an error. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    return { ...report, success: report.violations.every((violation) => violation.severity !== 'error') };
  }
}
