/**
 * One synthesized stack template, as local mode reads it: its resources (those whose `Condition`
 * holds), their properties resolved on demand, and what `Ref` and `Fn::GetAtt` give for each of
 * them locally. Every error names the template file, the logical id and the property.
 *
 * @module
 */
import { IntrinsicError, IntrinsicResolver, ResourceValues } from '../intrinsics';
import { localResourceValues } from './resource-values';
import { TemplateProperties } from './template-properties';

/** Something in the cloud assembly that local mode cannot read: the message names the file and the logical id. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

/** A resource of a template, as written. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly Condition?: string;
}

/** How local names are made. */
export interface TemplateOptions {
  /** The stack's name: `AWS::StackName`, and the prefix of the names CloudFormation would generate. */
  readonly stackName: string;
  /** The SQS endpoint queue URLs start with, without a trailing slash. */
  readonly sqsEndpoint: string;
  /** Values of the template's parameters, over their `Default`. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** A template and the local values of its resources. */
export class StackTemplate implements TemplateProperties {
  /** The template file, for messages. */
  public readonly file: string;
  public readonly stackName: string;
  public readonly sqsEndpoint: string;
  /** Resolves the template's intrinsics against the local values of its resources. */
  public readonly resolver: IntrinsicResolver;
  private readonly resources: Record<string, TemplateResource>;
  private readonly values = new Map<string, ResourceValues>();
  private readonly computing: string[] = [];
  private present?: Array<[string, TemplateResource]>;

  constructor(file: string, body: unknown, options: TemplateOptions) {
    this.file = file;
    this.stackName = options.stackName;
    this.sqsEndpoint = options.sqsEndpoint;
    if (!isObject(body) || !isObject(body.Resources)) {
      throw new AssemblyError(`${file}: not a CloudFormation template (no Resources section).`);
    }
    for (const [logicalId, resource] of Object.entries(body.Resources)) {
      if (!isObject(resource) || typeof resource.Type !== 'string') {
        throw new AssemblyError(`${file}: resource ${logicalId} has no Type.`);
      }
      if (resource.Properties !== undefined && !isObject(resource.Properties)) {
        throw new AssemblyError(`${file}: resource ${logicalId} (${resource.Type}): Properties must be an object.`);
      }
    }
    this.resources = body.Resources as Record<string, TemplateResource>;
    this.resolver = new IntrinsicResolver({
      stackName: options.stackName,
      resources: (logicalId) => this.valuesOf(logicalId),
      parameters: isObject(body.Parameters) ? body.Parameters : undefined,
      parameterValues: options.parameters,
      conditions: isObject(body.Conditions) ? body.Conditions : undefined,
      mappings: isObject(body.Mappings) ? body.Mappings : undefined,
    });
  }

  /** The resources the stack creates (their `Condition`, if any, holds), in template order. */
  public entries(): Array<[string, TemplateResource]> {
    this.present ??= Object.entries(this.resources).filter(([logicalId, resource]) =>
      resource.Condition === undefined || this.guard(() => this.resolver.condition(resource.Condition!, this.where(logicalId, 'Condition', false))));
    return this.present;
  }

  /** The resources of these types, in template order. */
  public ofType(...types: string[]): Array<[string, TemplateResource]> {
    return this.entries().filter(([, resource]) => types.includes(resource.Type));
  }

  /** The resource `logicalId`, if the stack creates it. */
  public resource(logicalId: string): TemplateResource | undefined {
    return this.entries().find(([id]) => id === logicalId)?.[1];
  }

  /** `shop.template.json: Resources.Queue.Properties.RedrivePolicy`, for messages. */
  public where(logicalId: string, path?: string, inProperties = true): string {
    const shown = path?.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    const at = shown === undefined ? '' : inProperties ? `.Properties.${shown}` : `.${shown}`;
    return `${this.file}: Resources.${logicalId}${at}`;
  }

  /** Fails with a message that names the file, the resource and the property. */
  public fail(logicalId: string, path: string | undefined, message: string): never {
    throw new AssemblyError(`${this.where(logicalId, path)}: ${message}`);
  }

  /** The property at `path` (dot-separated names under Properties) as written, not resolved. */
  public raw(logicalId: string, path: string): unknown {
    let value: unknown = this.resources[logicalId]?.Properties;
    for (const key of path.split('.')) {
      value = isObject(value) ? value[key] : Array.isArray(value) && /^\d+$/.test(key) ? value[Number(key)] : undefined;
    }
    return value;
  }

  /** The property at `path`, resolved: undefined when it is absent (or `AWS::NoValue`). */
  public prop(logicalId: string, path: string): unknown {
    const raw = this.raw(logicalId, path);
    return raw === undefined ? undefined : this.resolve(raw, this.where(logicalId, path));
  }

  /** `value` resolved; an intrinsic that cannot be resolved becomes an `AssemblyError`. */
  public resolve(value: unknown, where: string): unknown {
    return this.guard(() => this.resolver.resolve(value, where));
  }

  /** The property at `path`, resolved, which must be a string when present. */
  public string(logicalId: string, path: string): string | undefined {
    const value = this.prop(logicalId, path);
    if (value === undefined || typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    return this.fail(logicalId, path, `expected a string, got ${JSON.stringify(value)}.`);
  }

  /** The property at `path`, resolved, which must be present and a string. */
  public requiredString(logicalId: string, path: string): string {
    const value = this.string(logicalId, path);
    return value ?? this.fail(logicalId, path, 'is required.');
  }

  /** The property at `path`, resolved, as a number (CloudFormation accepts numbers written as strings); `fallback` when absent. */
  public number(logicalId: string, path: string, fallback: number): number {
    const value = this.prop(logicalId, path);
    if (value === undefined) {
      return fallback;
    }
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      return this.fail(logicalId, path, `expected a number, got ${JSON.stringify(value)}.`);
    }
    return number;
  }

  /** The property at `path`, resolved, as a boolean (`"true"` and `"false"` too); `fallback` when absent. */
  public boolean(logicalId: string, path: string, fallback: boolean): boolean {
    const value = this.prop(logicalId, path);
    if (value === undefined) {
      return fallback;
    }
    if (value === true || value === 'true' || value === false || value === 'false') {
      return value === true || value === 'true';
    }
    return this.fail(logicalId, path, `expected true or false, got ${JSON.stringify(value)}.`);
  }

  /** What `Ref` and `Fn::GetAtt` give for `logicalId` locally; undefined when the stack has no such resource. */
  public valuesOf(logicalId: string): ResourceValues | undefined {
    const known = this.values.get(logicalId);
    if (known) {
      return known;
    }
    // CloudFormation conditions cannot refer to resources: a resource's values do not depend on them
    const resource = Object.prototype.hasOwnProperty.call(this.resources, logicalId) ? this.resources[logicalId] : undefined;
    if (!resource) {
      return undefined;
    }
    if (this.computing.includes(logicalId)) {
      throw new AssemblyError(`${this.where(logicalId)}: its local name depends on itself (${[...this.computing, logicalId].join(' -> ')}).`);
    }
    this.computing.push(logicalId);
    try {
      const values = localResourceValues(this, logicalId, resource.Type);
      this.values.set(logicalId, values);
      return values;
    } finally {
      this.computing.pop();
    }
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof IntrinsicError) {
        throw new AssemblyError(error.message);
      }
      throw error;
    }
  }
}

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
