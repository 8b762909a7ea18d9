/**
 * What a resource's local values are made from: the stack's names and the resource's properties,
 * resolved. `StackTemplate` provides it and `localResourceValues` reads it; this leaf module lets
 * each side depend on it instead of on the other.
 *
 * @module
 */

/** A template's properties, resolved, as `localResourceValues` reads them. */
export interface TemplateProperties {
  /** The stack's name: `AWS::StackName`, and the prefix of the names CloudFormation would generate. */
  readonly stackName: string;
  /** The SQS endpoint queue URLs start with, without a trailing slash. */
  readonly sqsEndpoint: string;
  /** The property at `path` (dot-separated names under Properties) as written, not resolved. */
  raw(logicalId: string, path: string): unknown;
  /** The property at `path`, resolved: undefined when it is absent (or `AWS::NoValue`). */
  prop(logicalId: string, path: string): unknown;
  /** The property at `path`, resolved, which must be a string when present. */
  string(logicalId: string, path: string): string | undefined;
  /** The property at `path`, resolved, which must be present and a string. */
  requiredString(logicalId: string, path: string): string;
  /** The property at `path`, resolved, as a boolean; `fallback` when absent. */
  boolean(logicalId: string, path: string, fallback: boolean): boolean;
}
