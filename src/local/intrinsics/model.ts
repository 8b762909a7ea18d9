/**
 * What the intrinsic resolver works with: the values of resources, the context of a template,
 * its error, `AWS::NoValue`, and what an intrinsic call looks like.
 *
 * @module
 */
/** The partition of every local ARN. */
export const LOCAL_PARTITION = 'aws';
/** `AWS::URLSuffix` in the local partition. */
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

/** What `Ref` and `Fn::GetAtt` give for one resource of the template. */
export interface ResourceValues {
  /** The resource type, for messages: `AWS::SQS::Queue`. */
  readonly type?: string;
  /** What `Ref` gives: a table's name, a queue's URL, a state machine's ARN... */
  readonly ref: unknown;
  /** What `Fn::GetAtt` gives, by attribute name: `{ Arn: ..., QueueName: ... }`. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The values of the resource with this logical id, or undefined when the template has no such resource. */
export type ResourceLookup = (logicalId: string) => ResourceValues | undefined;

/** What a template's values are resolved against. */
export interface IntrinsicContext {
  /** The template's resources. */
  readonly resources: ResourceLookup;
  /** `AWS::StackName`. */
  readonly stackName: string;
  /**
   * `AWS::AccountId`.
   *
   * @default LOCAL_ACCOUNT
   */
  readonly account?: string;
  /**
   * `AWS::Region`.
   *
   * @default LOCAL_REGION
   */
  readonly region?: string;
  /** The template's `Parameters` section. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Values given to parameters, which win over their `Default`. */
  readonly parameterValues?: Readonly<Record<string, string>>;
  /** The template's `Conditions` section. */
  readonly conditions?: Readonly<Record<string, unknown>>;
  /** The template's `Mappings` section. */
  readonly mappings?: Readonly<Record<string, unknown>>;
}

/** A value of the template that cannot be resolved locally; `where` says where it is. */
export class IntrinsicError extends Error {
  /** Where the value is, e.g. `shop.template.json: Resources.Fn.Properties.Environment.Variables.TABLE_NAME`. */
  public readonly where: string;

  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'IntrinsicError';
    this.where = where;
  }
}

/** What `Ref: AWS::NoValue` resolves to: the property or array element it is in is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** The functions of the template language that this resolver evaluates. */
export const FUNCTIONS = [
  'Fn::Base64', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::Join',
  'Fn::Length', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::ToJsonString',
];
/** Functions that exist in CloudFormation but have no local value. */
export const UNSUPPORTED: Record<string, string> = {
  'Fn::ImportValue': 'imports an output of another stack, which local mode does not run',
  'Fn::Cidr': 'computes address blocks of a network, which local mode does not have',
  'Fn::Transform': 'calls a macro, which only CloudFormation can run',
};

/** Whether `value` is one intrinsic call: an object of one key, `Ref` or `Fn::...` (or `Condition` inside conditions). */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short description of a value for messages. */
export function describe(value: unknown): string {
  if (value === NO_VALUE) {
    return 'AWS::NoValue';
  }
  if (value === undefined) {
    return 'nothing';
  }
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
