/** The starter templates shipped with this package (`starters/`), and how their variable parts are filled in. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The starter templates shipped with this package, laid out as in a generated app. */
const TEMPLATES = path.join(__dirname, '..', '..', '..', '..', 'starters');

/** The schema a missing `bodySchemaFile` starts as; the validated starter's test fits it. */
export const EXAMPLE_SCHEMA = 'schemas/example.json';

export function template(relativePath: string): string {
  return fs.readFileSync(path.join(TEMPLATES, relativePath), 'utf8');
}

/**
 * Applies the replacements. A `required` one whose text is missing means the template drifted
 * from this code: fail rather than write a starter that does not work.
 */
export function fill(text: string, required: Array<[string, string]>, optional: Array<[string, string]> = []): string {
  for (const [from] of required) {
    if (!text.includes(from)) {
      throw new Error(`starter template drifted: '${from}' not found`);
    }
  }
  return [...required, ...optional].reduce((result, [from, to]) => result.split(from).join(to), text);
}
