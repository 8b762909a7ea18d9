/** A value of a string enum, as a JavaScript .projenrc may give anything. */
export function checkEnum(where: string, value: string | undefined, allowed: Record<string, string>): string[] {
  const values = Object.values(allowed);
  return value === undefined || values.includes(value) ? [] : [`\`${where}\` must be one of ${values.join(', ')}; got '${value}'.`];
}

/** Whether `value` is a whole number from `min` to `max`. */
export function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** The values that occur more than once, each once. */
export function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
