/**
 * The small lookups local mode's orchestration shares: a function by logical id or by the name a
 * test gives it, the short path logs name it by, and starting and closing a plain HTTP server.
 *
 * @module
 */
import * as http from 'node:http';
import { LocalApp, LocalFunction } from './local-app';

export function functionOf(functions: Map<string, LocalFunction>, logicalId: string): LocalFunction {
  const fn = functions.get(logicalId);
  if (!fn) {
    throw new Error(`local mode: no function ${logicalId} in the template`);
  }
  return fn;
}

export function resolveFunction(app: LocalApp, name: string): string {
  const exact = app.functions.find((f) => f.logicalId === name || f.path === name);
  const ending = app.functions.filter((f) => f.path.endsWith(`/${name}`));
  if (!exact && ending.length > 1) {
    throw new Error(`local mode: '${name}' names ${ending.map((f) => f.path).join(' and ')}; give the construct path`);
  }
  const fn = exact ?? ending[0];
  if (!fn) {
    throw new Error(`local mode: no function '${name}'; the app has ${app.functions.map((f) => f.path).join(', ')}`);
  }
  return fn.logicalId;
}

/** `ItemsService/Create`: the construct path without the stack. */
export function shortPath(fn: LocalFunction): string {
  return fn.path.split('/').slice(1).join('/') || fn.logicalId;
}

export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
