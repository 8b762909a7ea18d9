/**
 * No import cycles in src/. A module that reaches itself through its imports is loaded half
 * initialized (an `undefined` where a class or enum should be, depending on which file Node loads
 * first), and the two sides are usually one concern split in the wrong place: what both use belongs
 * in a module of its own. Every import counts, `import type` and `require()` included.
 *
 * The imports are read with TypeScript's pre-processor (no type-check: well under a second for
 * all of src/); a relative import that resolves to no file of src/ fails the test too, so that a
 * cycle cannot hide behind an import this test does not understand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..');
const SRC = path.join(REPO, 'src');

/** Every .ts file under `dir` (declaration files aside), as paths relative to the repository. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(REPO, full)] : [];
  });
}

/** Each file's imports of other files of the set; throws on a relative import that resolves to none of them. */
function importGraph(files: Record<string, string>): Map<string, string[]> {
  const known = new Set(Object.keys(files));
  return new Map(Object.entries(files).map(([file, text]) => {
    const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
    const targets = specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => {
      const base = path.posix.join(path.posix.dirname(file), specifier);
      const target = [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate));
      if (!target) {
        throw new Error(`${file}: import '${specifier}' resolves to no .ts file; teach this test how it resolves`);
      }
      return target;
    });
    return [file, [...new Set(targets)]];
  }));
}

/** The cycles of the graph: each set of files that reach one another (Tarjan), sorted, with every self-import. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const members = stack.splice(stack.indexOf(file));
      if (members.length > 1 || graph.get(file)!.includes(file)) {
        cycles.push(members.sort());
      }
    }
  };
  [...graph.keys()].sort().forEach((file) => index.has(file) || visit(file));
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

describe('import cycles', () => {
  test('src/ has none, but for the one the local-mode branch removes', () => {
    const files = Object.fromEntries(sourceFiles(SRC).map((file) => [file.split(path.sep).join('/'), fs.readFileSync(path.join(REPO, file), 'utf8')]));
    expect(Object.keys(files).length).toBeGreaterThan(100);
    expect(cyclesOf(importGraph(files))).toEqual([]);
  });

  test.each<[string, Record<string, string>, string[][]]>([
    ['a ring of three, and a file that only imports into it', {
      'src/a.ts': "import { b } from './b';",
      'src/b.ts': "export * from './c';",
      'src/c.ts': "import type { A } from './a';",
      'src/d.ts': "import { a } from './a';",
    }, [['src/a.ts', 'src/b.ts', 'src/c.ts']]],
    ['a folder index imported back by its own file, through require()', {
      'src/x/index.ts': "export * from './y';",
      'src/x/y.ts': "const x = require('.');",
    }, [['src/x/index.ts', 'src/x/y.ts']]],
    ['a file that imports itself', { 'src/self.ts': "import './self';" }, [['src/self.ts']]],
    ['a chain without a cycle, and packages', {
      'src/p.ts': "import { q } from './q';\nimport { App } from 'aws-cdk-lib';",
      'src/q.ts': "import * as fs from 'node:fs';",
    }, []],
  ])('the cycle finder reports %s', (_case, files, expected) => {
    expect(cyclesOf(importGraph(files))).toEqual(expected);
  });

  test('the cycle finder fails on a relative import it cannot resolve, rather than miss a cycle behind it', () => {
    expect(() => importGraph({ 'src/a.ts': "import { b } from './missing';" })).toThrow("src/a.ts: import './missing' resolves to no .ts file");
  });
});
