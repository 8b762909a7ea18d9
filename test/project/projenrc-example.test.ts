import * as fs from 'node:fs';
import * as path from 'node:path';
import { freshDir, synthApp } from './helpers';
import { PROJENRC_EXAMPLE, ProjenrcExample } from '../../src/project/projenrc-example';

/** The .projenrc.ts `projen new` writes, before the example. */
const WRITTEN_BY_PROJEN = [
  "import { ServerlessApp } from 'projen-serverless-patterns';",
  'const project = new ServerlessApp({',
  "  name: 'shop',",
  '  recommendedFeatureFlags: true,',
  '',
  '  // defaultReleaseBranch: "main",  /* The name of the main release branch. */',
  '});',
  'project.synth();',
].join('\n');

describe('the .projenrc.ts of projen new', () => {
  test('gets the options that matter here, commented out, before the ones projen comments out', () => {
    const outdir = freshDir();
    const project = synthApp(outdir, { projenrcTs: true });
    fs.writeFileSync(path.join(outdir, '.projenrc.ts'), WRITTEN_BY_PROJEN);
    project.components.filter((component) => component instanceof ProjenrcExample).forEach((component) => component.projectCreation());
    const written = fs.readFileSync(path.join(outdir, '.projenrc.ts'), 'utf8');
    expect(written).toBe(WRITTEN_BY_PROJEN.replace('  recommendedFeatureFlags: true,\n', ['  recommendedFeatureFlags: true,', ...PROJENRC_EXAMPLE, ''].join('\n')));
  });

  test('is written once: a .projenrc.ts that has the example, or a user\'s, keeps its text', () => {
    const outdir = freshDir();
    const project = synthApp(outdir, { projenrcTs: true });
    const example = project.components.find((component) => component instanceof ProjenrcExample)!;
    const withExample = WRITTEN_BY_PROJEN.replace('  recommendedFeatureFlags: true,\n', ['  recommendedFeatureFlags: true,', ...PROJENRC_EXAMPLE, ''].join('\n'));
    fs.writeFileSync(path.join(outdir, '.projenrc.ts'), withExample);
    example.projectCreation();
    expect(fs.readFileSync(path.join(outdir, '.projenrc.ts'), 'utf8')).toBe(withExample);
  });
});
