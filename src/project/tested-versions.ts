/**
 * The cdk-nag this package is built and tested with (as `.projenrc.ts` pins it). Generated apps
 * depend on exactly this version: a newer cdk-nag can bring rules that fail apps which built
 * green the day before.
 */
export const TESTED_CDK_NAG_VERSION = '3.0.2';
