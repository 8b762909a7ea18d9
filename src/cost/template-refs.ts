/** Reading references out of CloudFormation values: which resources a property points at. */
import { StatesDefinition } from './transitions';

/** The logical IDs `value` refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` names), anywhere inside it, in order. */
export function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(refsIn);
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const object = value as { [key: string]: unknown };
  if (typeof object.Ref === 'string') {
    return [object.Ref];
  }
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return [getAtt[0]];
  }
  return Object.values(object).flatMap(refsIn);
}

/** The first logical ID `value` refers to. */
export function refOf(value: unknown): string | undefined {
  return refsIn(value)[0];
}

/**
 * A state machine's `DefinitionString` parsed, each reference inside it replaced by
 * `{{ref:<logicalId>}}`; undefined when it is not JSON after that.
 */
export function parseDefinition(definitionString: unknown): StatesDefinition | undefined {
  try {
    return JSON.parse(flatten(definitionString)) as StatesDefinition;
  } catch {
    return undefined;
  }
}

/** A literal or an `Fn::Join` of literals and references, as one string. */
function flatten(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  if (join) {
    return join[1].map(flatten).join(join[0]);
  }
  return refsIn(value).map((ref) => `{{ref:${ref}}}`).join('');
}

/** The logical IDs a parsed definition's placeholders name. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{\{ref:([A-Za-z0-9]+)\}\}/g)].map((match) => match[1]);
}
