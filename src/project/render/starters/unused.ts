/**
 * The starters of functions that left the options. Their handlers and tests are the user's code:
 * never deleted, but listed once, by the `npx projen` after the function was removed, so that
 * they do not linger unnoticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Component, Project } from 'projen';
import { starterTestFile } from './starters';
import { AppModel } from '../../model';

/** Lists, when the project synthesizes, the handler starters (and their tests) of the functions gone since the last synthesis. */
export class UnusedStarters extends Component {
  /** The files no function uses any more, that are still there. */
  public readonly files: string[];

  /**
   * @param bundleConfig the bundle config the previous synthesis wrote (relative to the project):
   * its entry points are the handlers of the functions the app had then
   */
  constructor(project: Project, app: AppModel, bundleConfig: string) {
    super(project);
    const current = new Set([...app.functions.map((fn) => fn.handlerFile), ...(app.authorizer ? [app.authorizer.handlerFile] : [])]);
    this.files = previousHandlers(path.join(project.outdir, bundleConfig))
      .filter((handler) => !current.has(handler))
      .flatMap((handler) => [handler, starterTestFile(handler)])
      .filter((file) => fs.existsSync(path.join(project.outdir, file)));
  }

  public synthesize(): void {
    if (this.files.length > 0) {
      this.project.logger.warn(`no longer used by a function of .projenrc.ts, and kept (they are yours; delete them when you are done with them): ${this.files.join(', ')}`);
    }
  }
}

/** The handlers a bundle config names, in its order; none when there is no config (a new app) or it cannot be read. */
function previousHandlers(file: string): string[] {
  try {
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { entryPoints?: Record<string, unknown> };
    return [...new Set(Object.values(config.entryPoints ?? {}).filter((entry): entry is string => typeof entry === 'string'))];
  } catch {
    return [];
  }
}
