/**
 * The route table of the local REST API emulator: which resource and method of an API Gateway
 * REST API (v1) a request reaches, and its path parameters.
 *
 * Matching follows API Gateway:
 *
 * - paths are case-sensitive and matched segment by segment;
 * - at each segment a literal (`/items/all`) wins over a path parameter (`/items/{id}`), which wins
 *   over a greedy parameter (`/items/{proxy+}`); when the more specific branch cannot match the rest
 *   of the path, the next one is tried;
 * - a path parameter matches exactly one non-empty segment; a greedy parameter matches one or more
 *   segments, so `/{proxy+}` does not match `/` and `/files/{proxy+}` does not match `/files`;
 * - path parameters are URL-decoded (`%40` → `@`; `+` stays `+`, it only means a space in a query
 *   string); a segment that is not valid percent-encoding is kept as sent;
 * - one trailing slash is ignored: API Gateway REST routes `/items/` to the `/items` resource (the
 *   event's `path` keeps the slash, see `buildProxyEvent`), and `/files/` does not reach
 *   `/files/{proxy+}`, since nothing is left for the greedy parameter;
 * - `ANY` answers every method the resource does not define itself;
 * - the resource is chosen first, then the method: a path whose resource exists but lacks the
 *   method is not handed to a less specific resource (`{proxy+}`), it gets the same
 *   403 `Missing Authentication Token` as an unknown path (API Gateway's answer without an authorizer).
 *
 * `OPTIONS` is an ordinary method here: CORS preflight answers are the caller's business.
 *
 * @module
 */

/** The HTTP methods a REST API method can be defined for, `ANY` standing for all of them. */
export const HTTP_METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** The status API Gateway answers a request that reaches no method with: 403 `Missing Authentication Token`. */
export const NO_ROUTE_STATUS_CODE = 403;

/** One method of the API: `GET /items/{id}`. */
export interface RouteDefinition {
  /** An HTTP method (`GET`, `POST`…) or `ANY`; case-insensitive. */
  readonly method: string;
  /** The resource path as API Gateway writes it: `/items`, `/items/{id}`, `/files/{proxy+}`. */
  readonly resourcePath: string;
}

/** The routes of an API, ready to match requests against; built by `createRouteTable`. */
export interface RouteTable<R extends RouteDefinition = RouteDefinition> {
  /** The routes the table was built from, in their order. */
  readonly routes: readonly R[];
  /** @internal the resource tree. */
  readonly root: ResourceNode<R>;
}

/** A request that reaches a method. */
export interface RouteMatch<R extends RouteDefinition = RouteDefinition> {
  readonly matched: true;
  /** The route the request reaches: the method of its own, else `ANY`. */
  readonly route: R;
  /** The path parameters by name, URL-decoded; empty when the resource has none. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** Why a request reaches no method; API Gateway answers both alike, with `statusCode`. */
export interface RouteMiss {
  readonly matched: false;
  /** `no-resource`: no resource has this path; `no-method`: the resource exists, the method does not. */
  readonly reason: 'no-resource' | 'no-method';
  /** 403: API Gateway's `Missing Authentication Token`, for an unknown resource and an unknown method alike. */
  readonly statusCode: typeof NO_ROUTE_STATUS_CODE;
  /** With `no-method`: the resource path that matched. */
  readonly resourcePath?: string;
  /** With `no-method`: the methods the resource defines, sorted. */
  readonly methods?: readonly string[];
}

/** What `matchRoute` finds: a route and its path parameters, or why none. */
export type RouteResult<R extends RouteDefinition = RouteDefinition> = RouteMatch<R> | RouteMiss;

/** @internal a node of the resource tree: one resource path, with or without methods. */
export interface ResourceNode<R> {
  readonly resourcePath: string;
  readonly literals: Map<string, ResourceNode<R>>;
  parameter?: { readonly name: string; readonly node: ResourceNode<R> };
  greedy?: { readonly name: string; readonly node: ResourceNode<R> };
  readonly methods: Map<string, R>;
}

const PARAMETER_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The route table of `routes`.
 *
 * @throws Error when a route is not one API Gateway would accept: an unknown method, a resource path
 *   that does not start with `/`, has an empty segment or a trailing slash, a greedy parameter before
 *   the last segment, a parameter name used twice in one path, two differently named parameters at the
 *   same place (`/items/{id}` beside `/items/{itemId}`), or the same method defined twice on a resource.
 */
export function createRouteTable<R extends RouteDefinition>(routes: readonly R[]): RouteTable<R> {
  const root = newNode<R>('/');
  for (const route of routes) {
    const method = route.method.toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) {
      throw new Error(`route '${route.method} ${route.resourcePath}': unknown method, expected one of ${HTTP_METHODS.join(', ')}`);
    }
    const node = insertResource(root, route.resourcePath);
    if (node.methods.has(method)) {
      throw new Error(`route '${method} ${route.resourcePath}' is defined twice`);
    }
    node.methods.set(method, route);
  }
  return { routes: [...routes], root };
}

/**
 * The route that a request with `method` and `path` reaches in `table`, with its path parameters, or
 * why none does (see the module documentation for API Gateway's rules).
 *
 * @param method the request's HTTP method; case-insensitive.
 * @param path the request's path, percent-encoded as sent, without the stage; a query string is ignored.
 */
export function matchRoute<R extends RouteDefinition>(table: RouteTable<R>, method: string, path: string): RouteResult<R> {
  const segments = pathSegments(path);
  const found = segments === undefined ? undefined : findResource(table.root, segments, 0, {});
  if (found === undefined) {
    return { matched: false, reason: 'no-resource', statusCode: NO_ROUTE_STATUS_CODE };
  }
  const route = found.node.methods.get(method.toUpperCase()) ?? found.node.methods.get('ANY');
  if (route === undefined) {
    return {
      matched: false,
      reason: 'no-method',
      statusCode: NO_ROUTE_STATUS_CODE,
      resourcePath: found.node.resourcePath,
      methods: [...found.node.methods.keys()].sort(),
    };
  }
  return { matched: true, route, pathParameters: found.pathParameters };
}

function newNode<R>(resourcePath: string): ResourceNode<R> {
  return { resourcePath, literals: new Map(), methods: new Map() };
}

/** The node of `resourcePath` under `root`, created with its parents when missing. */
function insertResource<R>(root: ResourceNode<R>, resourcePath: string): ResourceNode<R> {
  const fail = (why: string): never => {
    throw new Error(`resource path '${resourcePath}': ${why}`);
  };
  if (!resourcePath.startsWith('/')) fail("must start with '/'");
  if (resourcePath === '/') return root;
  if (resourcePath.endsWith('/')) fail("must not end with '/'");
  const parts = resourcePath.slice(1).split('/');
  const names = new Set<string>();
  let node = root;
  parts.forEach((part, index) => {
    const childPath = `/${parts.slice(0, index + 1).join('/')}`;
    if (part === '') fail('has an empty segment');
    const variable = /^\{(.*?)(\+?)\}$/.exec(part);
    if (variable === null) {
      if (/[{}]/.test(part)) fail(`segment '${part}' is neither a literal nor a {parameter}`);
      node = child(node.literals, part, childPath);
      return;
    }
    const [, name, plus] = variable;
    if (!PARAMETER_NAME.test(name)) fail(`parameter name '${name}' is not valid`);
    if (names.has(name)) fail(`parameter '${name}' is used twice`);
    names.add(name);
    const greedy = plus === '+';
    if (greedy && index !== parts.length - 1) fail(`greedy parameter '{${name}+}' must be the last segment`);
    const slot = greedy ? 'greedy' : 'parameter';
    const existing = node[slot];
    if (existing !== undefined && existing.name !== name) {
      fail(`'{${name}${plus}}' has a sibling '{${existing.name}${plus}}': only one variable path part is allowed there`);
    }
    const next = existing ?? { name, node: newNode<R>(childPath) };
    node[slot] = next;
    node = next.node;
  });
  return node;
}

function child<R>(children: Map<string, ResourceNode<R>>, part: string, resourcePath: string): ResourceNode<R> {
  let node = children.get(part);
  if (node === undefined) {
    node = newNode<R>(resourcePath);
    children.set(part, node);
  }
  return node;
}

/** The raw segments of `path` without its query string and one trailing slash, or undefined when it is no absolute path. */
function pathSegments(path: string): string[] | undefined {
  let pathOnly = path.split('?', 1)[0];
  if (!pathOnly.startsWith('/')) return undefined;
  if (pathOnly.length > 1 && pathOnly.endsWith('/')) pathOnly = pathOnly.slice(0, -1);
  return pathOnly === '/' ? [] : pathOnly.slice(1).split('/');
}

interface FoundResource<R> {
  readonly node: ResourceNode<R>;
  readonly pathParameters: Record<string, string>;
}

/** The most specific resource with methods that `segments` from `index` reach under `node`: literal, then {param}, then {proxy+}. */
function findResource<R>(
  node: ResourceNode<R>,
  segments: readonly string[],
  index: number,
  pathParameters: Record<string, string>,
): FoundResource<R> | undefined {
  if (index === segments.length) {
    return node.methods.size > 0 ? { node, pathParameters } : undefined;
  }
  const segment = segments[index];
  const decoded = decodeSegment(segment);
  const literal = node.literals.get(decoded);
  const viaLiteral = literal && findResource(literal, segments, index + 1, pathParameters);
  if (viaLiteral) return viaLiteral;
  if (node.parameter !== undefined && segment !== '') {
    const { name, node: next } = node.parameter;
    const viaParameter = findResource(next, segments, index + 1, { ...pathParameters, [name]: decoded });
    if (viaParameter) return viaParameter;
  }
  if (node.greedy !== undefined && node.greedy.node.methods.size > 0) {
    const rest = segments.slice(index).join('/');
    if (rest !== '') {
      return { node: node.greedy.node, pathParameters: { ...pathParameters, [node.greedy.name]: decodeSegment(rest) } };
    }
  }
  return undefined;
}

/** `segment` URL-decoded, or as it is when it is not valid percent-encoding. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
