import * as fs from 'node:fs';
import * as path from 'node:path';
import { javascript } from 'projen';
import { freshDir, read, synthApp } from './helpers';
import { INSTALL_SCRIPTS } from '../../src/project/install-scripts';

const REPO = path.resolve(__dirname, '..', '..');

describe('install scripts: npm gets a decision for each, so installs print no warning', () => {
  test('every package this repository installs with an install script has one, in its package.json', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([location]) => location.replace(/^.*node_modules\//, ''));
    expect(withScripts.length).toBeGreaterThan(0);
    const decided = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).allowScripts;
    expect(withScripts.filter((name) => !(name in decided))).toEqual([]);
    expect(decided).toEqual(INSTALL_SCRIPTS);
  });

  test('a new app has the same decisions; projen\'s allowScripts option adds approvals to them', () => {
    const outdir = freshDir();
    synthApp(outdir, { packageManager: javascript.NodePackageManager.NPM, allowScripts: ['sharp'] });
    expect(JSON.parse(read(outdir, 'package.json')).allowScripts).toEqual({
      '@parcel/watcher': false,
      'classic-level': true,
      'esbuild': true,
      'leveldown': false,
      'sharp': true,
    });
  });
});

test('a package the options name in deps or devDeps keeps the user\'s version, not the tested one', () => {
  const outdir = freshDir();
  synthApp(outdir, { deps: ['cdk-nag@3.0.3'], devDeps: ['dynalite@4.1.0'] });
  const pkg = JSON.parse(read(outdir, 'package.json'));
  expect(pkg.dependencies['cdk-nag']).toBe('3.0.3');
  expect(pkg.devDependencies.dynalite).toBe('4.1.0');
});
