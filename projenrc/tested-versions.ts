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
 * A file rendered from what this repository installs. It is written with the other files, from
 * what is installed then, and written again once projen has installed the dependencies: a
 * dependency changed in `.projenrc.ts` reaches the file in the same `npx projen`.
 */
abstract class InstalledSetFile extends FileBase {
  /** Whether projen's install has run: what is missing now is missing for good. */
  protected installed = false;

  public postSynthesize(): void {
    // projen's NodePackage, created before this file, has installed by now
    this.installed = true;
    this.synthesize();
  }
}

/**
 * A TypeScript file with the exact version of each of `packages` that this repository's
 * package-lock.json installs. CI installs that lock with `npm ci`, so these are the versions every
 * test ran with; `ServerlessApp` pins new apps to them.
 */
export class TestedVersionsFile extends InstalledSetFile {
  private readonly packages: string[];

  constructor(project: Project, options: TestedVersionsFileOptions) {
    super(project, options.filePath, { readonly: true });
    this.packages = [...options.packages].sort();
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

/**
 * A TypeScript file with the feature flags `cdk init` writes into a new project's cdk.json for the
 * installed aws-cdk-lib: its `recommended-feature-flags.json`. They move when the tested
 * aws-cdk-lib moves.
 */
export class RecommendedFeatureFlagsFile extends InstalledSetFile {
  constructor(project: Project, filePath: string) {
    super(project, filePath, { readonly: true });
  }

  protected synthesizeContent(): string | undefined {
    const flagsFile = path.join(this.project.outdir, 'node_modules', 'aws-cdk-lib', 'recommended-feature-flags.json');
    if (!fs.existsSync(flagsFile)) {
      if (this.installed) {
        throw new Error(`${flagsFile} is missing: the aws-cdk-lib installed is not one this package can be tested with.`);
      }
      // before the first install: keep the file as it is
      return fs.existsSync(this.absolutePath) ? fs.readFileSync(this.absolutePath, 'utf8') : undefined;
    }
    const flags = JSON.parse(fs.readFileSync(flagsFile, 'utf8')) as Record<string, unknown>;
    const version = JSON.parse(fs.readFileSync(path.join(path.dirname(flagsFile), 'package.json'), 'utf8')).version;
    return [
      `// ${this.marker}`,
      '',
      '/**',
      ` * The feature flags \`cdk init\` gives a new project for aws-cdk-lib ${version}, the tested one: its`,
      ' * recommended-feature-flags.json, copied by `.projenrc.ts` (projenrc/tested-versions.ts).',
      ' */',
      'export const RECOMMENDED_FEATURE_FLAGS: Record<string, unknown> = {',
      ...Object.keys(flags).sort().map((flag) => `  '${flag}': ${literal(flags[flag])},`),
      '};',
      '',
    ].join('\n');
  }
}

/** A flag's value as the repository's lint writes it: single quotes, a space after each comma. */
function literal(value: unknown): string {
  return JSON.stringify(value).replace(/"/g, "'").replace(/,/g, ', ');
}
