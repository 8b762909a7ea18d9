import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshDir, synthApp, TestOptions } from './helpers';
import { HttpMethod, ServerlessApp } from '../../src';
import { UnusedStarters } from '../../src/project/render/starters';

const TWO_FUNCTIONS: TestOptions = {
  services: [{
    name: 'items',
    functions: [
      { name: 'list', route: { method: HttpMethod.GET, path: '/items' } },
      { name: 'archive' },
    ],
  }],
};
const ONE_FUNCTION: TestOptions = { services: [{ ...TWO_FUNCTIONS.services![0], functions: [TWO_FUNCTIONS.services![0].functions[0]] }] };

/** `npx projen` in `outdir` with `options`: what it listed as no longer used, and what it logged. */
function synthesize(outdir: string, options: TestOptions): { files: string[]; warnings: string[] } {
  process.env.PROJEN_DISABLE_POST = 'true';
  const project = new ServerlessApp({ name: 'shop', defaultReleaseBranch: 'main', outdir, ...options });
  const warn = jest.spyOn(project.logger, 'warn').mockImplementation(() => undefined);
  project.synth();
  const unused = project.components.find((component): component is UnusedStarters => component instanceof UnusedStarters)!;
  return { files: unused.files, warnings: warn.mock.calls.map((call) => call.join(' ')) };
}

test('a starter whose function was removed is listed once, and kept', () => {
  const outdir = freshDir();
  synthApp(outdir, TWO_FUNCTIONS);
  const handler = 'src/handlers/items/archive.ts';
  fs.appendFileSync(path.join(outdir, handler), '// the user\'s code\n');

  const removed = synthesize(outdir, ONE_FUNCTION);
  expect(removed.files).toEqual([handler, 'test/handlers/items/archive.test.ts']);
  expect(removed.warnings.filter((warning) => warning.includes('no longer used'))).toEqual([
    'no longer used by a function of .projenrc.ts, and kept (they are yours; delete them when you are done with them): src/handlers/items/archive.ts, test/handlers/items/archive.test.ts',
  ]);
  expect(fs.readFileSync(path.join(outdir, handler), 'utf8')).toContain('// the user\'s code');

  // the next synthesis has told it already
  expect(synthesize(outdir, ONE_FUNCTION).files).toEqual([]);
  expect(fs.existsSync(path.join(outdir, handler))).toBe(true);
});

test('a starter the user deleted with its function is not listed', () => {
  const outdir = freshDir();
  synthApp(outdir, TWO_FUNCTIONS);
  fs.rmSync(path.join(outdir, 'src/handlers/items/archive.ts'));
  expect(synthesize(outdir, ONE_FUNCTION).files).toEqual(['test/handlers/items/archive.test.ts']);
});
