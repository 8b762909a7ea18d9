import { freshDir, read, synthApp } from './helpers';
import { TESTED_VERSIONS } from '../../src/project/tested-versions.generated';

describe('compliance.controlTower', () => {
  test('adds the Control Tower rules to synth, pinned exactly, and the construct with its settings to the stack', () => {
    const outdir = freshDir();
    synthApp(outdir, { compliance: { controlTower: true, bucketVersioning: false } });
    expect(read(outdir, 'src/main.ts')).toContain('  new FailOnFindings(new CfnGuardValidator()),\n');
    const stack = read(outdir, 'src/generated/shop-stack.generated.ts');
    expect(stack).toContain("new ControlTowerCompliance(this, 'Compliance', { encryptionKey: true, bucketVersioning: false });");
    expect(stack).toContain("ControlTowerCompliance.acknowledge(this, 's3_bucket_versioning_enabled_check', ");
    expect(stack).toContain('logGroupRetention: logs.RetentionDays.ONE_YEAR,');
    expect(JSON.parse(read(outdir, 'package.json')).dependencies['@cdklabs/cdk-validator-cfnguard']).toBe(TESTED_VERSIONS['@cdklabs/cdk-validator-cfnguard']);
    // npm-check-updates, which would rewrite the pin, does not see it
    const steps = JSON.parse(read(outdir, '.projen/tasks.json')).tasks.upgrade.steps as Array<{ execArgs?: string[] }>;
    const ncu = steps.find((step) => step.execArgs?.some((arg) => arg.startsWith('npm-check-updates')))!.execArgs!.join(' ');
    expect(ncu).toContain('--filter=');
    expect(ncu).not.toContain('@cdklabs/cdk-validator-cfnguard');
  });

  test('its settings without it are refused, naming each', () => {
    expect(() => synthApp(freshDir(), { compliance: { encryptionKey: true } })).toThrow(
      '`compliance.encryptionKey` is a setting of the Control Tower controls, which are off; set `compliance.controlTower: true` or leave it out; got true.');
  });
});
