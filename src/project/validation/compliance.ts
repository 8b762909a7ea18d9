import { ComplianceOptions } from '../options';

/** `encryptionKey` and `bucketVersioning` are the settings of the Control Tower controls: they go with `controlTower`. */
export function checkCompliance(compliance: ComplianceOptions | undefined): string[] {
  if (!compliance || compliance.controlTower) {
    return [];
  }
  return (['encryptionKey', 'bucketVersioning'] as const)
    .filter((setting) => compliance[setting] !== undefined)
    .map((setting) => `\`compliance.${setting}\` is a setting of the Control Tower controls, which are off; `
      + `set \`compliance.controlTower: true\` or leave it out; got ${compliance[setting]}.`);
}
