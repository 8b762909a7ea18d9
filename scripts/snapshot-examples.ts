/**
 * A regression guard for refactorings that must not change what an app gets: synthesizes every
 * example app (the `.projenrc.ts` examples of README.md and docs/, the variants of
 * test/project/variants.ts, the option sets of the end-to-end tests under test/e2e/) into a
 * temporary folder and writes the SHA-256 of every generated file to a JSON snapshot.
 *
 *   npx ts-node -P scripts/tsconfig.json scripts/snapshot-examples.ts <snapshot.json> [--compare <baseline.json>]
 *
 * Take a snapshot before the change and one after it with `--compare` the first: it prints the
 * apps, files and differences, and exits 1 when any file was added, removed or changed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_DIR } from './sample-app';
import * as api from '../src';
import { VARIANTS } from '../test/project/variants';

/** App name → generated file → SHA-256 of its content. */
type Snapshot = Record<string, Record<string, string>>;

/** An example: its name in the snapshot, and how to create its projects in `outdir`. */
interface Example {
  readonly name: string;
  readonly create: (outdir: string) => Created;
}

/** The options `projen new serverless-app` writes into .projenrc.ts (the `@pjnew` ones), as the e2e apps get them. */
const NEW_APP_OPTIONS = { defaultReleaseBranch: 'main', packageManager: 'npm', projenrcTs: true };

/** The apps an example created, and whether each was synthesized (examples that are parts of a .projenrc.ts are not). */
type Created = Map<api.ServerlessApp, boolean>;

/** `ServerlessApp` as the examples call it, writing into `outdir`; every app it creates is recorded in `apps`. */
function sandboxedApi(outdir: string) {
  const apps: Created = new Map();
  class ServerlessApp extends api.ServerlessApp {
    constructor(options: Partial<api.ServerlessAppOptions>) {
      // presets.md's example leaves out the name, as a fragment of a .projenrc.ts
      super({ name: 'shop', defaultReleaseBranch: 'main', ...options, outdir: path.join(outdir, `${apps.size}`) });
      apps.set(this, false);
    }
    public synth(): void {
      super.synth();
      apps.set(this, true);
    }
  }
  return { module: { ...api, ServerlessApp }, apps };
}

/** Runs TypeScript `source`, a .projenrc.ts or a part of one, with this package as 'projen-serverless-patterns'. */
function runProjenrc(source: string, outdir: string): Created {
  const { module, apps } = sandboxedApi(outdir);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const requireModule = (id: string) => {
    if (id === 'projen-serverless-patterns') return module;
    throw new Error(`the example imports '${id}': only 'projen-serverless-patterns' is known here`);
  };
  // the names of the package are in scope too: some examples leave out their import line
  const names = Object.keys(module);
  new Function(...names, 'require', 'exports', js)(...names.map((name) => (module as Record<string, unknown>)[name]), requireModule, {});
  return apps;
}

/** The ```ts blocks of a Markdown file that create a ServerlessApp. */
function markdownExamples(file: string): Example[] {
  const blocks = [...fs.readFileSync(path.join(REPO_DIR, file), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```/gm)]
    .map((match) => match[1])
    .filter((block) => block.includes('new ServerlessApp('));
  return blocks.map((block, i) => ({
    name: blocks.length > 1 ? `${file}#${i + 1}` : file,
    create: (outdir) => runProjenrc(block, outdir),
  }));
}

/** The app of each end-to-end test: its folder name and the options it adds to `projen new`'s .projenrc.ts. */
function e2eExamples(): Example[] {
  const dir = path.join(REPO_DIR, 'test', 'e2e');
  return fs.readdirSync(dir).filter((file) => file.endsWith('.e2e.test.ts')).sort().map((file) => {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const name = /const appDir = path\.join\(work, '([^']+)'\)/.exec(source)?.[1];
    if (!name) throw new Error(`test/e2e/${file}: no \`const appDir = path.join(work, '<name>')\` found`);
    const options = /^const OPTIONS = `([\s\S]*?)`;$/m.exec(source)?.[1] ?? '';
    return {
      name: `test/e2e/${file}`,
      create: (outdir) => runProjenrc(`new ServerlessApp({ name: '${name}', ...${JSON.stringify(NEW_APP_OPTIONS)},${options}\n});`, outdir),
    };
  });
}

/** Every example app, in a stable order. */
function examples(): Example[] {
  const docs = ['README.md', ...fs.readdirSync(path.join(REPO_DIR, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`),
    ...fs.readdirSync(path.join(REPO_DIR, 'docs', 'patterns')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/patterns/${f}`)];
  const variants: Example[] = Object.entries(VARIANTS).map(([variant, options]) => ({
    // as generated-tests.test.ts synthesizes them (test/project/helpers.ts)
    name: `test/project/variants.ts#${variant}`,
    create: (outdir) => new Map([[new api.ServerlessApp({ name: 'shop', defaultReleaseBranch: 'main', outdir, ...options }), false]]),
  }));
  return [...docs.flatMap(markdownExamples), ...variants, ...e2eExamples()];
}

/** The SHA-256 of every file under `dir`, by path relative to it. */
function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else hashes[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return hashes;
}

/** Synthesizes every example into `work`; returns the hash of each generated file. */
function takeSnapshot(work: string): Snapshot {
  process.env.PROJEN_DISABLE_POST = 'true';
  const snapshot: Snapshot = {};
  for (const example of examples()) {
    const outdir = path.join(work, example.name.replace(/[^A-Za-z0-9.-]+/g, '_'));
    const apps = example.create(outdir);
    if (apps.size === 0) throw new Error(`${example.name}: creates no ServerlessApp`);
    [...apps].forEach(([app, synthesized], i) => {
      // as projen's CLI would, for an example that leaves out `project.synth()`
      if (!synthesized) app.synth();
      snapshot[apps.size > 1 ? `${example.name}[${i}]` : example.name] = hashTree(app.outdir);
    });
  }
  return snapshot;
}

/** The differences between two snapshots, one line each. */
function compare(baseline: Snapshot, current: Snapshot): string[] {
  const lines: string[] = [];
  for (const app of new Set([...Object.keys(baseline), ...Object.keys(current)])) {
    const before = baseline[app] ?? {};
    const after = current[app] ?? {};
    if (!baseline[app] || !current[app]) lines.push(`${app}: ${baseline[app] ? 'no longer synthesized' : 'new'}`);
    for (const file of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (before[file] !== after[file]) lines.push(`${app}: ${file} ${!before[file] ? 'added' : !after[file] ? 'removed' : 'changed'}`);
    }
  }
  return lines;
}

function main(args: string[]): void {
  const [out, flag, baselineFile] = args;
  if (!out || (flag && (flag !== '--compare' || !baselineFile))) {
    throw new Error('usage: snapshot-examples.ts <snapshot.json> [--compare <baseline.json>]');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-examples-'));
  try {
    const snapshot = takeSnapshot(work);
    fs.writeFileSync(out, `${JSON.stringify(snapshot, undefined, 2)}\n`);
    const files = Object.values(snapshot).reduce((sum, app) => sum + Object.keys(app).length, 0);
    console.log(`${Object.keys(snapshot).length} apps, ${files} files: ${out}`);
    if (baselineFile) {
      const differences = compare(JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as Snapshot, snapshot);
      console.log(differences.length === 0 ? `identical to ${baselineFile}` : differences.join('\n'));
      if (differences.length > 0) process.exitCode = 1;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
