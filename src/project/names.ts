/** `order-items` → `OrderItems`. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** `order-items` → `orderItems`. */
export function camelCase(kebab: string): string {
  const pascal = pascalCase(kebab);
  return pascal[0].toLowerCase() + pascal.slice(1);
}

/** `@acme/Shop API` → `shop-api`: a stack name derived from the package name. */
export function kebabCase(text: string): string {
  return text
    .replace(/^@[^/]+\//, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length > 0)
    .join('-');
}

/** Names of kebab-case: lower-case letters and digits in words joined by single hyphens. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
