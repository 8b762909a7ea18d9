import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, SampleFile } from 'projen';
import { AppModel, FunctionModel, ServiceModel, StarterKind } from './model';

/** The starter templates shipped with this package, laid out as in a generated app. */
const TEMPLATES = path.join(__dirname, '..', '..', 'starters');

/** The template the handler of each kind starts from, and the test beside it. */
const HANDLER_TEMPLATES: Record<StarterKind, string> = {
  [StarterKind.LIST]: 'items/list',
  [StarterKind.CREATE]: 'items/create',
  [StarterKind.GET]: 'items/get',
  [StarterKind.UPDATE]: 'items/update',
  [StarterKind.DELETE]: 'items/delete',
  [StarterKind.API]: 'generic/api',
  [StarterKind.WORKER]: 'generic/worker',
};

const SHARED_MODULES = ['env', 'events', 'http', 'logger'];

/**
 * Writes the starter files (handlers and their unit tests) that are missing. They hold the
 * user's code: never overwritten, never deleted, not even when their function leaves the
 * options.
 */
export function addStarters(project: Project, app: AppModel): void {
  for (const module of SHARED_MODULES) {
    starter(project, `src/handlers/shared/${module}.ts`, template(`src/handlers/shared/${module}.ts`));
  }
  starter(project, 'test/handlers/shared/http.test.ts', template('test/handlers/shared/http.test.ts'));
  for (const service of app.services) {
    if (service.functions.some((fn) => usesStore(fn))) {
      addStoreStarters(project, service);
    }
    for (const fn of service.functions) {
      const source = HANDLER_TEMPLATES[fn.starter];
      starter(project, fn.handlerFile, fill(template(`src/handlers/${source}.ts`), handlerReplacements(fn)));
      starter(project, `test/handlers/${fn.service}/${fn.name}.test.ts`, fill(
        template(`test/handlers/${source}.test.ts`),
        [[`src/handlers/${source}'`, `src/handlers/${fn.service}/${fn.name}'`]],
        [["src/handlers/items/store'", `src/handlers/${fn.service}/store'`]],
      ));
    }
  }
}

function addStoreStarters(project: Project, service: ServiceModel): void {
  starter(project, `src/handlers/${service.name}/store.ts`, fill(template('src/handlers/items/store.ts'), [
    ["export const KEY_ATTRIBUTE = 'id';", `export const KEY_ATTRIBUTE = '${service.partitionKey!.name}';`],
  ]));
  starter(project, `test/handlers/${service.name}/memory-store.ts`, fill(template('test/handlers/items/memory-store.ts'), [
    ["src/handlers/items/store'", `src/handlers/${service.name}/store'`],
  ]));
}

function handlerReplacements(fn: FunctionModel): Array<[string, string]> {
  switch (fn.starter) {
    case StarterKind.CREATE:
      return [[
        "export const ITEM_CREATED: string | undefined = 'ItemCreated';",
        `export const ITEM_CREATED: string | undefined = ${fn.publishes.length > 0 ? `'${fn.publishes[0]}'` : 'undefined'};`,
      ]];
    case StarterKind.GET:
    case StarterKind.UPDATE:
    case StarterKind.DELETE:
      return [["const PATH_PARAMETER = 'id';", `const PATH_PARAMETER = '${fn.keyPathParameter}';`]];
    default:
      return [];
  }
}

function usesStore(fn: FunctionModel): boolean {
  return fn.starter !== StarterKind.API && fn.starter !== StarterKind.WORKER;
}

function starter(project: Project, filePath: string, contents: string): void {
  new SampleFile(project, filePath, { contents });
}

function template(relativePath: string): string {
  return fs.readFileSync(path.join(TEMPLATES, relativePath), 'utf8');
}

/**
 * Applies the replacements. A `required` one whose text is missing means the template drifted
 * from this code: fail rather than write a starter that does not work.
 */
function fill(text: string, required: Array<[string, string]>, optional: Array<[string, string]> = []): string {
  for (const [from] of required) {
    if (!text.includes(from)) {
      throw new Error(`starter template drifted: '${from}' not found`);
    }
  }
  return [...required, ...optional].reduce((result, [from, to]) => result.split(from).join(to), text);
}
