/**
 * Resolves the values a CloudFormation template computes (`Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::If` and the conditions...) to what they are in local
 * mode: the local names and ARNs of the template's resources, in the local account and region.
 *
 * What a resource's `Ref` and attributes are is not decided here: the caller gives a lookup from
 * logical id to those values (see `ResourceValues`). Everything else follows CloudFormation:
 *
 * - pseudo parameters: `AWS::AccountId` (the local account), `AWS::Region` (the local region),
 *   `AWS::Partition` (`aws`), `AWS::URLSuffix` (`amazonaws.com`), `AWS::StackName`, `AWS::StackId`,
 *   `AWS::NotificationARNs` (none) and `AWS::NoValue`, which removes the property or element it is in;
 * - template parameters: the value given, else their `Default` (a `CommaDelimitedList` or `List<...>`
 *   split at commas); an SSM parameter (`AWS::SSM::Parameter::Value<...>`) has no local value;
 * - `Fn::GetAtt` in both forms: `["Logical", "Attr"]` and `"Logical.Attr"` (split at the first dot);
 * - `Fn::Sub` in both forms, with `${Name}`, `${Name.Attr}` and the literal `${!Text}`;
 * - `Fn::If`, `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and `Condition`, as long as what they
 *   compare resolves here (pseudo parameters, parameter defaults, resource values);
 * - `Fn::Select`, `Fn::Split`, `Fn::Join`, `Fn::FindInMap`, `Fn::Base64`, `Fn::GetAZs` (three zones
 *   of the region), `Fn::ToJsonString` and `Fn::Length`.
 *
 * `Fn::ImportValue`, `Fn::Cidr`, `Fn::Transform` and anything unknown fail with an `IntrinsicError`
 * that says where in the template the value was.
 *
 * @module
 */
import {
  describe, FUNCTIONS, IntrinsicContext, IntrinsicError, isIntrinsic, isObject, LOCAL_PARTITION, LOCAL_URL_SUFFIX, NO_VALUE, UNSUPPORTED,
} from './model';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-app';

export * from './model';

/**
 * Resolves the values of one template. Conditions are evaluated once each; a condition that
 * refers to itself, directly or not, is an error.
 */
export class IntrinsicResolver {
  private readonly context: IntrinsicContext;
  private readonly account: string;
  private readonly region: string;
  private readonly conditionValues = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  constructor(context: IntrinsicContext) {
    this.context = context;
    this.account = context.account ?? LOCAL_ACCOUNT;
    this.region = context.region ?? LOCAL_REGION;
  }

  /**
   * `value` with every intrinsic resolved, objects and arrays included. `AWS::NoValue` removes the
   * property or element it is in; at the top, it gives undefined.
   *
   * @param value a value of the template
   * @param where where it is, for errors: `shop.template.json: Resources.Queue.Properties.QueueName`
   */
  public resolve(value: unknown, where: string): unknown {
    const resolved = this.value(value, where);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** `value` resolved, which must be a string (a number or a boolean is written as one, as CloudFormation does). */
  public resolveString(value: unknown, where: string): string {
    const resolved = this.resolve(value, where);
    if (typeof resolved === 'string') {
      return resolved;
    }
    if (typeof resolved === 'number' || typeof resolved === 'boolean') {
      return String(resolved);
    }
    throw new IntrinsicError(where, `expected a string, got ${describe(resolved)}.`);
  }

  /** Whether the template's condition `name` holds. */
  public condition(name: string, where: string): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) {
      return known;
    }
    const conditions = this.context.conditions ?? {};
    if (!Object.prototype.hasOwnProperty.call(conditions, name)) {
      const names = Object.keys(conditions);
      throw new IntrinsicError(where, `condition '${name}' is not in the template's Conditions${names.length ? ` (${names.join(', ')})` : ' (it has none)'}.`);
    }
    if (this.evaluating.has(name)) {
      throw new IntrinsicError(where, `condition '${name}' depends on itself: ${[...this.evaluating, name].join(' -> ')}.`);
    }
    this.evaluating.add(name);
    try {
      const holds = this.conditionValue(conditions[name], `${where} (in Conditions.${name})`);
      this.conditionValues.set(name, holds);
      return holds;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private value(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, index) => this.value(item, `${where}[${index}]`)).filter((item) => item !== NO_VALUE);
    }
    if (!isObject(value)) {
      return value;
    }
    if (isIntrinsic(value)) {
      const [name] = Object.keys(value);
      return this.call(name, value[name], where);
    }
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const resolved = this.value(child, `${where}.${key}`);
      if (resolved !== NO_VALUE) {
        result[key] = resolved;
      }
    }
    return result;
  }

  private call(name: string, args: unknown, where: string): unknown {
    switch (name) {
      case 'Ref': return this.ref(args, where);
      case 'Fn::GetAtt': return this.getAtt(args, where);
      case 'Fn::Join': return this.join(args, where);
      case 'Fn::Sub': return this.sub(args, where);
      case 'Fn::Select': return this.select(args, where);
      case 'Fn::Split': return this.split(args, where);
      case 'Fn::If': return this.if(args, where);
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not': return this.conditionValue({ [name]: args }, where);
      case 'Fn::FindInMap': return this.findInMap(args, where);
      case 'Fn::Base64': return Buffer.from(this.string(args, where, name), 'utf8').toString('base64');
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      case 'Fn::ToJsonString': return JSON.stringify(this.resolve(args, where));
      case 'Fn::Length': return this.list(args, where, name).length;
      default: {
        const reason = UNSUPPORTED[name];
        throw new IntrinsicError(where, reason
          ? `${name} ${reason}.`
          : `${name} is not a function local mode knows (it knows Ref, Condition and ${FUNCTIONS.join(', ')}).`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Ref and Fn::GetAtt
  // -------------------------------------------------------------------------------------------

  private ref(args: unknown, where: string): unknown {
    const name = this.value(args, where);
    if (typeof name !== 'string') {
      throw new IntrinsicError(where, `Ref needs the name of a resource or parameter, got ${describe(name)}.`);
    }
    return this.named(name, where, 'Ref');
  }

  /** What `Ref` (or `${name}` in `Fn::Sub`) gives for `name`: a pseudo parameter, a parameter or a resource. */
  private named(name: string, where: string, usage: string): unknown {
    const pseudo = this.pseudoParameter(name);
    if (pseudo !== undefined) {
      return pseudo;
    }
    if (name.startsWith('AWS::')) {
      throw new IntrinsicError(where, `${usage} to '${name}', which is not a pseudo parameter.`);
    }
    const parameters = this.context.parameters ?? {};
    if (Object.prototype.hasOwnProperty.call(parameters, name)) {
      return this.parameter(name, parameters[name], where);
    }
    const resource = this.context.resources(name);
    if (!resource) {
      throw new IntrinsicError(where, `${usage} to '${name}', which is not a resource or parameter of the template.`);
    }
    if (resource.ref === undefined) {
      throw new IntrinsicError(where, `${usage} to '${name}'${resource.type ? ` (${resource.type})` : ''}, whose Ref has no local value.`);
    }
    return resource.ref;
  }

  private pseudoParameter(name: string): unknown {
    switch (name) {
      case 'AWS::AccountId': return this.account;
      case 'AWS::Region': return this.region;
      case 'AWS::Partition': return LOCAL_PARTITION;
      case 'AWS::URLSuffix': return LOCAL_URL_SUFFIX;
      case 'AWS::StackName': return this.context.stackName;
      case 'AWS::StackId':
        return `arn:${LOCAL_PARTITION}:cloudformation:${this.region}:${this.account}:stack/${this.context.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs': return [];
      case 'AWS::NoValue': return NO_VALUE;
      default: return undefined;
    }
  }

  private parameter(name: string, declaration: unknown, where: string): unknown {
    const type = isObject(declaration) && typeof declaration.Type === 'string' ? declaration.Type : 'String';
    const given = this.context.parameterValues?.[name];
    if (given === undefined && type.startsWith('AWS::SSM::Parameter::Value<')) {
      throw new IntrinsicError(where, `Ref to parameter '${name}', whose value CloudFormation reads from SSM (${type}): local mode does not have it; give it a value.`);
    }
    const value = given ?? (isObject(declaration) ? declaration.Default : undefined);
    if (value === undefined) {
      throw new IntrinsicError(where, `Ref to parameter '${name}', which has no Default: give it a value.`);
    }
    const isList = type === 'CommaDelimitedList' || type.startsWith('List<') || type.includes('<List<');
    return isList && typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
  }

  private getAtt(args: unknown, where: string): unknown {
    let logicalId: unknown;
    let attribute: unknown;
    if (typeof args === 'string') {
      const dot = args.indexOf('.');
      if (dot <= 0 || dot === args.length - 1) {
        throw new IntrinsicError(where, `Fn::GetAtt '${args}' must be 'LogicalId.Attribute'.`);
      }
      [logicalId, attribute] = [args.slice(0, dot), args.slice(dot + 1)];
    } else if (Array.isArray(args) && args.length === 2) {
      logicalId = args[0];
      attribute = this.value(args[1], where);
    } else {
      throw new IntrinsicError(where, `Fn::GetAtt needs [logicalId, attribute] or 'LogicalId.Attribute', got ${describe(args)}.`);
    }
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
      throw new IntrinsicError(where, `Fn::GetAtt needs a logical id and an attribute name, got ${describe(logicalId)} and ${describe(attribute)}.`);
    }
    return this.attribute(logicalId, attribute, where, 'Fn::GetAtt');
  }

  private attribute(logicalId: string, attribute: string, where: string, usage: string): unknown {
    const resource = this.context.resources(logicalId);
    if (!resource) {
      throw new IntrinsicError(where, `${usage} ${logicalId}.${attribute}: '${logicalId}' is not a resource of the template.`);
    }
    if (!Object.prototype.hasOwnProperty.call(resource.attributes, attribute)) {
      const known = Object.keys(resource.attributes);
      throw new IntrinsicError(where, `${usage} ${logicalId}.${attribute}: ${resource.type ? `${resource.type} ` : ''}'${logicalId}' has no attribute `
        + `'${attribute}' locally (${known.length ? `it has ${known.join(', ')}` : 'it has none'}).`);
    }
    return resource.attributes[attribute];
  }

  // -------------------------------------------------------------------------------------------
  // String functions
  // -------------------------------------------------------------------------------------------

  private join(args: unknown, where: string): string {
    if (!Array.isArray(args) || args.length !== 2) {
      throw new IntrinsicError(where, `Fn::Join needs [delimiter, [values]], got ${describe(args)}.`);
    }
    const delimiter = this.value(args[0], where);
    if (typeof delimiter !== 'string') {
      throw new IntrinsicError(where, `Fn::Join needs a string delimiter, got ${describe(delimiter)}.`);
    }
    return this.list(args[1], where, 'Fn::Join').map((item) => this.scalar(item, where, 'Fn::Join')).join(delimiter);
  }

  private sub(args: unknown, where: string): string {
    let template: unknown;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(args)) {
      if (args.length !== 2 || !isObject(args[1])) {
        throw new IntrinsicError(where, `Fn::Sub needs 'text' or ['text', { variables }], got ${describe(args)}.`);
      }
      [template, variables] = [args[0], args[1]];
    } else {
      template = args;
    }
    if (typeof template !== 'string') {
      throw new IntrinsicError(where, `Fn::Sub needs a string to substitute into, got ${describe(template)}.`);
    }
    const resolvedVariables = new Map<string, unknown>();
    const variable = (name: string): unknown => {
      if (!resolvedVariables.has(name)) {
        resolvedVariables.set(name, this.value(variables[name], `${where} (Fn::Sub variable ${name})`));
      }
      return resolvedVariables.get(name);
    };
    return template.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => {
      if (expression.startsWith('!')) {
        return `\${${expression.slice(1)}}`;
      }
      const name = expression.trim();
      if (Object.prototype.hasOwnProperty.call(variables, name)) {
        return this.scalar(variable(name), where, `Fn::Sub \${${name}}`);
      }
      const dot = name.indexOf('.');
      const value = dot > 0 && !name.startsWith('AWS::')
        ? this.attribute(name.slice(0, dot), name.slice(dot + 1), where, `Fn::Sub \${${name}}:`)
        : this.named(name, where, `Fn::Sub \${${name}}: reference`);
      return this.scalar(value, where, `Fn::Sub \${${name}}`);
    });
  }

  private select(args: unknown, where: string): unknown {
    if (!Array.isArray(args) || args.length !== 2) {
      throw new IntrinsicError(where, `Fn::Select needs [index, [values]], got ${describe(args)}.`);
    }
    const rawIndex = this.value(args[0], where);
    const index = typeof rawIndex === 'string' && /^\d+$/.test(rawIndex) ? Number(rawIndex) : rawIndex;
    const list = this.list(args[1], where, 'Fn::Select');
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= list.length) {
      throw new IntrinsicError(where, `Fn::Select index ${describe(rawIndex)} is not an index of ${JSON.stringify(list)}.`);
    }
    return list[index];
  }

  private split(args: unknown, where: string): string[] {
    if (!Array.isArray(args) || args.length !== 2) {
      throw new IntrinsicError(where, `Fn::Split needs [delimiter, text], got ${describe(args)}.`);
    }
    const delimiter = this.value(args[0], where);
    const text = this.value(args[1], where);
    if (typeof delimiter !== 'string' || delimiter === '' || typeof text !== 'string') {
      throw new IntrinsicError(where, `Fn::Split needs a delimiter and a string, got ${describe(delimiter)} and ${describe(text)}.`);
    }
    return text.split(delimiter);
  }

  private findInMap(args: unknown, where: string): unknown {
    if (!Array.isArray(args) || args.length < 3 || args.length > 4) {
      throw new IntrinsicError(where, `Fn::FindInMap needs [map, key, key], got ${describe(args)}.`);
    }
    const [map, top, second] = args.slice(0, 3).map((arg) => this.scalar(this.value(arg, where), where, 'Fn::FindInMap'));
    const defaultValue = args.length === 4 && isObject(args[3]) && 'DefaultValue' in args[3] ? args[3].DefaultValue : undefined;
    const mapping = (this.context.mappings ?? {})[map];
    const level = isObject(mapping) ? mapping[top] : undefined;
    const found = isObject(level) ? level[second] : undefined;
    if (found !== undefined) {
      return found;
    }
    if (defaultValue !== undefined) {
      return this.value(defaultValue, where);
    }
    throw new IntrinsicError(where, `Fn::FindInMap: the template's Mappings have no ${map}.${top}.${second}.`);
  }

  // -------------------------------------------------------------------------------------------
  // Conditions
  // -------------------------------------------------------------------------------------------

  private if(args: unknown, where: string): unknown {
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
      throw new IntrinsicError(where, `Fn::If needs [conditionName, valueIfTrue, valueIfFalse], got ${describe(args)}.`);
    }
    return this.value(this.condition(args[0], where) ? args[1] : args[2], where);
  }

  private conditionValue(expression: unknown, where: string): boolean {
    if (isObject(expression) && Object.keys(expression).length === 1) {
      const [name] = Object.keys(expression);
      const args = expression[name];
      const operands = (count?: number): unknown[] => {
        if (!Array.isArray(args) || (count !== undefined && args.length !== count) || args.length === 0) {
          throw new IntrinsicError(where, `${name} needs ${count === undefined ? 'a list of conditions' : `a list of ${count}`}, got ${describe(args)}.`);
        }
        return args;
      };
      switch (name) {
        case 'Condition':
          if (typeof args !== 'string') {
            throw new IntrinsicError(where, `Condition needs a condition name, got ${describe(args)}.`);
          }
          return this.condition(args, where);
        case 'Fn::Equals': {
          const [left, right] = operands(2).map((operand) => this.resolve(operand, where));
          return JSON.stringify(left) === JSON.stringify(right);
        }
        case 'Fn::Not': return !this.conditionValue(operands(1)[0], where);
        case 'Fn::And': return operands().every((operand) => this.conditionValue(operand, where));
        case 'Fn::Or': return operands().some((operand) => this.conditionValue(operand, where));
        default:
          break;
      }
    }
    const resolved = this.resolve(expression, where);
    if (typeof resolved === 'boolean' || resolved === 'true' || resolved === 'false') {
      return resolved === true || resolved === 'true';
    }
    throw new IntrinsicError(where, `a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, got ${describe(expression)}.`);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------

  private list(value: unknown, where: string, usage: string): unknown[] {
    const resolved = this.value(value, where);
    if (!Array.isArray(resolved)) {
      throw new IntrinsicError(where, `${usage} needs a list, got ${describe(resolved)}.`);
    }
    return resolved;
  }

  private string(value: unknown, where: string, usage: string): string {
    return this.scalar(this.value(value, where), where, usage);
  }

  private scalar(value: unknown, where: string, usage: string): string {
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    throw new IntrinsicError(where, `${usage} needs a string, got ${describe(value)}.`);
  }
}

/** Resolves `value` once, against `context`: a shortcut for `new IntrinsicResolver(context).resolve(value, where)`. */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext, where = 'the template'): unknown {
  return new IntrinsicResolver(context).resolve(value, where);
}

