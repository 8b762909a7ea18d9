/**
 * The Step Functions state machines of a template, as local mode runs them: name, ARN, type and
 * their Amazon States Language definition, read from `DefinitionString` (CDK writes it as a
 * `Fn::Join` of the definition's text and the `Fn::GetAtt` of its functions' ARNs) or
 * `Definition`, resolved to local values and with `DefinitionSubstitutions` applied. A definition
 * kept in S3 (`DefinitionS3Location`) is not read: such a state machine (or one without a definition) is counted
 * in `notEmulated`.
 *
 * @module
 */
import { LocalStateMachine } from '../local-app';
import { NotEmulated } from './lookup';
import { isObject, StackTemplate } from './template';

/** The state machines of the template whose definition local mode can read. */
export function readStateMachines(template: StackTemplate, notEmulated: NotEmulated): LocalStateMachine[] {
  const machines: LocalStateMachine[] = [];
  for (const [logicalId] of template.ofType('AWS::StepFunctions::StateMachine')) {
    const values = template.valuesOf(logicalId)!;
    const type = template.string(logicalId, 'StateMachineType') ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') {
      return template.fail(logicalId, 'StateMachineType', `must be STANDARD or EXPRESS, got ${type}.`);
    }
    const definition = readDefinition(template, logicalId);
    if (typeof definition === 'string') {
      notEmulated.add(`AWS::StepFunctions::StateMachine (${definition})`);
      continue;
    }
    machines.push({
      logicalId,
      name: String(values.attributes.Name),
      arn: String(values.attributes.Arn),
      type,
      definition,
    });
  }
  return machines;
}

/** The definition as an object; when it cannot be read, why. */
function readDefinition(template: StackTemplate, logicalId: string): Record<string, unknown> | string {
  const substitutions = readSubstitutions(template, logicalId);
  let text: string;
  let property: string;
  if (template.raw(logicalId, 'DefinitionString') !== undefined) {
    property = 'DefinitionString';
    text = substitute(template.requiredString(logicalId, property), substitutions, (value) => value);
  } else if (template.raw(logicalId, 'Definition') !== undefined) {
    property = 'Definition';
    const definition = template.prop(logicalId, property);
    // substituted inside the definition's strings: the values are escaped as JSON string content
    text = substitute(JSON.stringify(definition), substitutions, (value) => JSON.stringify(value).slice(1, -1));
  } else {
    return template.raw(logicalId, 'DefinitionS3Location') !== undefined ? 'DefinitionS3Location' : 'no definition';
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return template.fail(logicalId, property, `is not JSON once resolved (${(error as Error).message}).`);
  }
  if (!isObject(definition) || typeof definition.StartAt !== 'string' || !isObject(definition.States)) {
    return template.fail(logicalId, property, 'is not an Amazon States Language definition: it needs StartAt and States.');
  }
  return definition;
}

/** `DefinitionSubstitutions`, each value resolved to a string. */
function readSubstitutions(template: StackTemplate, logicalId: string): Map<string, string> {
  const substitutions = template.prop(logicalId, 'DefinitionSubstitutions');
  if (substitutions === undefined) {
    return new Map();
  }
  if (!isObject(substitutions)) {
    return template.fail(logicalId, 'DefinitionSubstitutions', `must be a map of values, got ${JSON.stringify(substitutions)}.`);
  }
  return new Map(Object.entries(substitutions).map(([key, value]) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return [key, String(value)];
    }
    return template.fail(logicalId, `DefinitionSubstitutions.${key}`, `must resolve to a string, a number or a boolean, got ${JSON.stringify(value)}.`);
  }));
}

/** `${key}` replaced by its value, as Step Functions replaces it; other `${...}` left as written. */
function substitute(text: string, substitutions: Map<string, string>, encode: (value: string) => string): string {
  if (substitutions.size === 0) {
    return text;
  }
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (substitutions.has(key) ? encode(substitutions.get(key)!) : whole));
}
