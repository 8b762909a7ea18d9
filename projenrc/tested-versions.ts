import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileBase, Project } from 'projen';

/** Options of {@link TestedVersionsFile}. */
export interface TestedVersionsFileOptions {
  /** The TypeScript file to write, relative to the project root. */
  readonly filePath: string;
  /** The packages whose installed versions it records. */
  readonly packages: string[];
}

/**
 * A TypeScript file with the exact version of each of `packages` that this repository's
 * package-lock.json installs. CI installs that lock with `npm ci`, so these are the versions every
 * test ran with; `ServerlessApp` pins new apps to them.
 *
 * The file is written with the other files, from the lock as it is, and written again once
 * projen has installed the dependencies: a dependency changed in `.projenrc.ts` reaches the file
 * in the same `npx projen`.
 */
export class TestedVersionsFile extends FileBase {
  private readonly packages: string[];
  private installed = false;

  constructor(project: Project, options: TestedVersionsFileOptions) {
    super(project, options.filePath, { readonly: true });
    this.packages = [...options.packages].sort();
  }

  public postSynthesize(): void {
    // projen's NodePackage, created before this file, has installed by now
    this.installed = true;
    this.synthesize();
  }

  protected synthesizeContent(): string {
    const versions = this.lockedVersions();
    return [
      `// ${this.marker}`,
      '',
      '/**',
      ' * The exact version of each package a generated app depends on, as this package was built and',
      ' * tested with: read from its package-lock.json by `.projenrc.ts` (projenrc/tested-versions.ts).',
      ' */',
      'export const TESTED_VERSIONS = {',
      ...Object.entries(versions).map(([name, version]) => `  '${name}': '${version}',`),
      '} as const;',
      '',
    ].join('\n');
  }

  /**
   * The version the lock installs of each package. A package not in the lock yet (just added to
   * `.projenrc.ts`) is left out until the install; after it, a missing package is an error.
   */
  private lockedVersions(): Record<string, string> {
    const lockFile = path.join(this.project.outdir, 'package-lock.json');
    const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { packages: Record<string, { version?: string }> };
    const versions: Record<string, string> = {};
    for (const name of this.packages) {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (version) {
        versions[name] = version;
      } else if (this.installed) {
        throw new Error(`package-lock.json installs no '${name}': add it to the dependencies in .projenrc.ts, or drop it from the tested versions.`);
      }
    }
    return versions;
  }
}
