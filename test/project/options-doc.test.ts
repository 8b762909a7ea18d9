/**
 * docs/options.md's list of what `npx projen` refuses, kept true: each example of its tables,
 * applied to the app the section shows, is refused naming the option it changes (or passes,
 * for the table of what is not refused), before any file is written.
 */
import * as fs from 'node:fs';
import { freshDir } from './helpers';
import { baseApp, changed, docExamples, namedPaths, related } from './options-doc';
import { ServerlessApp } from '../../src';

/** The problems of creating the app with `options` in an empty folder, and what it wrote. */
function create(options: object): { problems?: string[]; written: string[] } {
  const outdir = freshDir();
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    new ServerlessApp({ defaultReleaseBranch: 'main', ...options, outdir } as never);
    return { written: fs.readdirSync(outdir) };
  } catch (error) {
    if ((error as Error).name !== 'InvalidOptionsError') {
      throw error;
    }
    return { problems: (error as { problems: string[] }).problems, written: fs.readdirSync(outdir) };
  }
}

test('the app the examples change passes as it is', () => {
  expect(create(baseApp()).problems).toBeUndefined();
});

describe('each example of what is refused is refused, naming the option it changes', () => {
  test.each(docExamples('check').map((example) => [example.row, example.text, example] as const))('%s: %s', (_row, _text, example) => {
    const { problems, written } = create(changed(baseApp(), example.changes));
    expect(problems).toBeDefined();
    const named = problems!.flatMap(namedPaths);
    expect(example.changes.some((change) => named.some((option) => related(option, change.path)))).toBe(true);
    expect(written).toEqual([]);
  });
});

describe('each example of what is not refused passes', () => {
  test.each(docExamples('what').map((example) => [example.row, example.text, example] as const))('%s: %s', (_row, _text, example) => {
    expect(create(changed(baseApp(), example.changes)).problems).toBeUndefined();
  });
});
