/** `props` without its undefined values, so that they do not hide a default when spread. */
export function definedOnly<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as T;
}
