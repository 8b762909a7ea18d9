import { TESTED_VERSIONS } from './tested-versions.generated';

/** A package whose version this package was tested with. */
export type TestedPackage = keyof typeof TESTED_VERSIONS;

/**
 * Pinned exactly: a new release of these can fail an app that built green the day before (a new
 * Lambda runtime in aws-cdk-lib fails cdk-nag's runtime rule on every function; a new cdk-nag,
 * or a new cdk-validator-cfnguard with its Control Tower rules, brings new rules; the CDK CLI reads
 * what aws-cdk-lib writes).
 */
const EXACT: ReadonlySet<TestedPackage> = new Set<TestedPackage>(['aws-cdk-lib', 'cdk-nag', 'aws-cdk', '@cdklabs/cdk-validator-cfnguard']);

/**
 * The tested version or newer: every construct library an app adds asks for `constructs ^10`, and
 * two copies of it in one app break the construct tree.
 */
const CARET: ReadonlySet<TestedPackage> = new Set<TestedPackage>(['constructs']);

/** The aws-cdk-lib this package was tested with: the default `cdkVersion`. */
export const TESTED_CDK_VERSION: string = TESTED_VERSIONS['aws-cdk-lib'];

/**
 * The version range a generated app depends on: exactly the tested version for aws-cdk-lib,
 * cdk-nag and the CDK CLI; the tested version or newer (`^`) for constructs; the tested version
 * and its patch releases (`~`) for the rest.
 */
export function testedRange(name: TestedPackage): string {
  const version = TESTED_VERSIONS[name];
  return EXACT.has(name) ? version : CARET.has(name) ? `^${version}` : `~${version}`;
}

/** `name@range` as `addDeps` takes it, with the range of `testedRange`. */
export function testedDependency(name: TestedPackage): string {
  return `${name}@${testedRange(name)}`;
}

/**
 * What is wrong with `cdkVersion`, when it is set: it must be a plain version, not older than the
 * tested one, whose APIs (such as its newest Lambda runtime) the generated stacks use.
 */
export function checkCdkVersion(version: string | undefined): string[] {
  if (version === undefined) {
    return [];
  }
  const given = plainVersion(version);
  if (!given) {
    return [`\`cdkVersion\` must be an aws-cdk-lib version such as '${TESTED_CDK_VERSION}'; got '${version}'.`];
  }
  const tested = plainVersion(TESTED_CDK_VERSION)!;
  const older = given.findIndex((part, index) => part !== tested[index]);
  if (older >= 0 && given[older] < tested[older]) {
    return [
      `\`cdkVersion\` '${version}' is older than aws-cdk-lib ${TESTED_CDK_VERSION}, which this version of projen-serverless-patterns `
      + `is tested with and generates stacks for. Leave \`cdkVersion\` out of .projenrc.ts to follow the tested version, or set '${TESTED_CDK_VERSION}' or later.`,
    ];
  }
  return [];
}

/** [2, 278, 0] for '2.278.0'; undefined for ranges and pre-releases. */
function plainVersion(version: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}
