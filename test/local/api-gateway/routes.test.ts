import { createRouteTable, matchRoute, RouteDefinition } from '../../../src/local/api-gateway/routes';

interface NamedRoute extends RouteDefinition {
  readonly name: string;
}

function route(method: string, resourcePath: string): NamedRoute {
  return { method, resourcePath, name: `${method} ${resourcePath}` };
}

const table = createRouteTable([
  route('GET', '/'),
  route('GET', '/items'),
  route('POST', '/items'),
  route('GET', '/items/all'),
  route('GET', '/items/{id}'),
  route('DELETE', '/items/{id}'),
  route('GET', '/items/{id}/parts/{partId}'),
  route('ANY', '/items/{id}/{proxy+}'),
  route('GET', '/files/{proxy+}'),
  route('ANY', '/anything'),
  route('GET', '/mixed'),
  route('ANY', '/mixed'),
  route('GET', '/a/b/c'),
  route('GET', '/a/{x}/d'),
  route('ANY', '/{proxy+}'),
]);

/** The name of the route `method path` reaches, or the reason it reaches none. */
function reached(method: string, path: string): string {
  const result = matchRoute(table, method, path);
  return result.matched ? result.route.name : result.reason;
}

describe('matchRoute', () => {
  test.each([
    ['GET', '/', 'GET /'],
    ['GET', '/items', 'GET /items'],
    ['POST', '/items', 'POST /items'],
    ['GET', '/items/all', 'GET /items/all'],
    ['GET', '/items/42', 'GET /items/{id}'],
    ['DELETE', '/items/42', 'DELETE /items/{id}'],
    ['GET', '/items/42/parts/7', 'GET /items/{id}/parts/{partId}'],
    ['GET', '/items/42/parts', 'ANY /items/{id}/{proxy+}'],
    ['GET', '/items/42/parts/7/screws', 'ANY /items/{id}/{proxy+}'],
    ['GET', '/a/b/c', 'GET /a/b/c'],
    ['GET', '/a/b/d', 'GET /a/{x}/d'],
    ['GET', '/a/b/e', 'ANY /{proxy+}'],
    ['GET', '/nowhere/at/all', 'ANY /{proxy+}'],
  ])('%s %s reaches %s: literal, then {param}, then {proxy+}', (method, path, expected) => {
    expect(reached(method, path)).toBe(expected);
  });

  test.each([
    ['PUT', '/anything'],
    ['PATCH', '/anything'],
    ['OPTIONS', '/anything'],
    ['HEAD', '/anything'],
  ])('ANY answers %s', (method, path) => {
    expect(reached(method, path)).toBe('ANY /anything');
  });

  test('a method of its own wins over ANY on the same resource', () => {
    expect(reached('GET', '/mixed')).toBe('GET /mixed');
    expect(reached('POST', '/mixed')).toBe('ANY /mixed');
  });

  test('methods are case-insensitive, the request method as the route method', () => {
    const lowercase = createRouteTable([route('get', '/items')]);
    expect(matchRoute(lowercase, 'GET', '/items').matched).toBe(true);
    expect(matchRoute(table, 'delete', '/items/42').matched).toBe(true);
  });

  test('paths are case-sensitive', () => {
    const literalOnly = createRouteTable([route('GET', '/items')]);
    expect(matchRoute(literalOnly, 'GET', '/Items')).toMatchObject({ matched: false, reason: 'no-resource' });
  });

  describe('path parameters', () => {
    test('are named as the resource names them', () => {
      expect(matchRoute(table, 'GET', '/items/42/parts/7')).toEqual({
        matched: true,
        route: route('GET', '/items/{id}/parts/{partId}'),
        pathParameters: { id: '42', partId: '7' },
      });
    });

    test('are empty for a resource without any', () => {
      expect(matchRoute(table, 'GET', '/items')).toMatchObject({ matched: true, pathParameters: {} });
    });

    test.each([
      ['/items/hello%20world', 'hello world'],
      ['/items/john%40example.com', 'john@example.com'],
      ['/items/a%2Fb', 'a/b'],
      ['/items/caf%C3%A9', 'café'],
      ['/items/a+b', 'a+b'],
      ['/items/100%', '100%'],
    ])('%s has id %j: URL-decoded, a plus stays a plus, bad encoding kept as sent', (path, id) => {
      expect(matchRoute(table, 'GET', path)).toMatchObject({ matched: true, pathParameters: { id } });
    });

    test('an encoded literal still reaches the literal resource', () => {
      expect(reached('GET', '/items/%61ll')).toBe('GET /items/all');
    });
  });

  describe('{proxy+}', () => {
    test.each([
      ['/files/a.txt', 'a.txt'],
      ['/files/dir/sub/a.txt', 'dir/sub/a.txt'],
      ['/files/my%20dir/a%2Bb.txt', 'my dir/a+b.txt'],
      ['/files/dir/a.txt/', 'dir/a.txt'],
    ])('%s has proxy %j: greedy, decoded', (path, proxy) => {
      expect(matchRoute(table, 'GET', path)).toMatchObject({
        matched: true,
        route: { resourcePath: '/files/{proxy+}' },
        pathParameters: { proxy },
      });
    });

    test('keeps the other path parameters', () => {
      expect(matchRoute(table, 'POST', '/items/42/notes/1')).toMatchObject({
        matched: true,
        pathParameters: { id: '42', proxy: 'notes/1' },
      });
    });

    test('needs at least one segment: /{proxy+} does not match /, /files/{proxy+} does not match /files', () => {
      const proxyOnly = createRouteTable([route('ANY', '/{proxy+}'), route('GET', '/files/{proxy+}')]);
      expect(matchRoute(proxyOnly, 'GET', '/')).toMatchObject({ matched: false, reason: 'no-resource' });
      // /files is no resource of its own, so /{proxy+} takes it
      expect(matchRoute(proxyOnly, 'GET', '/files')).toMatchObject({ matched: true, pathParameters: { proxy: 'files' } });
      expect(matchRoute(proxyOnly, 'GET', '/files/')).toMatchObject({ matched: true, pathParameters: { proxy: 'files' } });
    });
  });

  describe('trailing slash', () => {
    test.each([
      ['/items/', 'GET /items'],
      ['/items/42/', 'GET /items/{id}'],
      ['/', 'GET /'],
    ])('%s reaches %s, as API Gateway REST ignores one trailing slash', (path, expected) => {
      expect(reached('GET', path)).toBe(expected);
    });

    test('a parameter does not match the empty segment before it', () => {
      const items = createRouteTable([route('GET', '/items/{id}')]);
      expect(matchRoute(items, 'GET', '/items/')).toMatchObject({ matched: false, reason: 'no-resource' });
      expect(matchRoute(items, 'GET', '/items//x')).toMatchObject({ matched: false, reason: 'no-resource' });
    });
  });

  test('ignores the query string', () => {
    expect(matchRoute(table, 'GET', '/items/42?expand=true')).toMatchObject({ matched: true, pathParameters: { id: '42' } });
  });

  describe('403 Missing Authentication Token', () => {
    const items = createRouteTable([
      route('GET', '/items'),
      route('POST', '/items'),
      route('GET', '/items/{id}'),
    ]);

    test.each([
      ['GET', '/'],
      ['GET', '/nowhere'],
      ['GET', '/items/42/parts'],
      ['GET', 'items'],
      ['GET', ''],
    ])('%s %j reaches no resource', (method, path) => {
      expect(matchRoute(items, method, path)).toEqual({ matched: false, reason: 'no-resource', statusCode: 403 });
    });

    test.each([
      ['DELETE', '/items', ['GET', 'POST']],
      ['PUT', '/items/42', ['GET']],
      ['OPTIONS', '/items', ['GET', 'POST']],
    ])('%s %s: the resource exists, the method does not', (method, path, methods) => {
      expect(matchRoute(items, method, path)).toEqual({
        matched: false,
        reason: 'no-method',
        statusCode: 403,
        resourcePath: path === '/items' ? '/items' : '/items/{id}',
        methods,
      });
    });

    test('a resource lacking the method does not hand the request to {proxy+}', () => {
      expect(reached('PUT', '/items')).toBe('no-method');
      expect(reached('PUT', '/items/42')).toBe('no-method');
    });

    test('a path that only leads to resources is none itself', () => {
      const deep = createRouteTable([route('GET', '/items/{id}')]);
      expect(matchRoute(deep, 'GET', '/items')).toMatchObject({ matched: false, reason: 'no-resource' });
    });

    test('an empty table matches nothing', () => {
      expect(matchRoute(createRouteTable([]), 'GET', '/')).toMatchObject({ matched: false, reason: 'no-resource' });
    });
  });
});

describe('createRouteTable', () => {
  test('keeps the routes', () => {
    const routes = [route('GET', '/items'), route('ANY', '/{proxy+}')];
    expect(createRouteTable(routes).routes).toEqual(routes);
  });

  test.each([
    [[route('FETCH', '/items')], /unknown method/],
    [[route('GET', 'items')], /must start with '\/'/],
    [[route('GET', '/items/')], /must not end with '\/'/],
    [[route('GET', '/items//parts')], /empty segment/],
    [[route('GET', '/items/{proxy+}/parts')], /must be the last segment/],
    [[route('GET', '/items/{id}/parts/{id}')], /parameter 'id' is used twice/],
    [[route('GET', '/items/{}')], /parameter name '' is not valid/],
    [[route('GET', '/items/x{id}')], /neither a literal nor a \{parameter\}/],
    [[route('GET', '/items/{id}'), route('DELETE', '/items/{itemId}')], /only one variable path part/],
    [[route('GET', '/files/{proxy+}'), route('PUT', '/files/{path+}')], /only one variable path part/],
    [[route('GET', '/items'), route('get', '/items')], /defined twice/],
  ])('refuses %j', (routes, message) => {
    expect(() => createRouteTable(routes)).toThrow(message);
  });

  test('accepts a {param} and a {proxy+} side by side, and ANY beside a method', () => {
    expect(() => createRouteTable([
      route('GET', '/items/{id}'),
      route('ANY', '/items/{proxy+}'),
      route('ANY', '/items'),
      route('GET', '/items'),
    ])).not.toThrow();
  });
});
