/**
 * The upgrades a user makes: an app created from an earlier version of this package, its
 * starters edited, then the package bumped in .projenrc.ts.
 * - From this version on, one `npx projen` completes it: the version that synthesizes notices
 *   that its install brought another and synthesizes again with it.
 * - From the previous release (built here from its commit, as it was published), which cannot
 *   notice, a second `npx projen` completes it, and it says which line of .projenrc.ts to change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp, packCommit, packPackage, run } from '../../scripts/sample-app';
import { TESTED_CDK_VERSION } from '../../src/project/tested-versions';

/** The release users have: the last commit that landed before the tested set was pinned (2026-11-27). */
const PREVIOUS_RELEASE = '019831f';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-e2e-upgrade-'));
let current: string;

beforeAll(() => {
  current = packPackage(work);
});

/** An app from `tarball`, with its `get` starter and that starter's test edited; returns the edits. */
function editedApp(tarball: string, appDir: string): Record<string, string> {
  createApp(tarball, appDir);
  const edited: Record<string, string> = {};
  for (const [file, from, to] of [
    ['src/handlers/items/get.ts', "throw new NotFoundError(`item '${key}' not found`);", "throw new NotFoundError(`no item '${key}' here`);"],
    ['test/handlers/items/get.test.ts', "message: \"item 'nope' not found\"", "message: \"no item 'nope' here\""],
  ]) {
    const text = fs.readFileSync(path.join(appDir, file), 'utf8');
    expect(text).toContain(from);
    edited[file] = text.replace(from, to);
    fs.writeFileSync(path.join(appDir, file), edited[file]);
  }
  return edited;
}

/** Edits .projenrc.ts as a user does: `replacements` applied in order, each expected to be there. */
function editProjenrc(appDir: string, ...replacements: Array<[string, string]>): void {
  const projenrc = path.join(appDir, '.projenrc.ts');
  let text = fs.readFileSync(projenrc, 'utf8');
  for (const [from, to] of replacements) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  fs.writeFileSync(projenrc, text);
}

/** `npx projen` as on a developer's machine; its output, and whether it failed. */
function projen(appDir: string): { output: string; failed: boolean } {
  try {
    return { output: run('npx projen 2>&1', appDir, { CI: '' }), failed: false };
  } catch (error) {
    return { output: (error as Error).message, failed: true };
  }
}

/**
 * `tarball` repacked with one line of its compiled main.ts renderer changed, as the next release
 * of this package would change what it generates; returns the new tarball's path.
 */
function nextRelease(tarball: string): string {
  const dir = fs.mkdtempSync(path.join(work, 'next-'));
  run(`tar xzf ${JSON.stringify(tarball)} -C ${JSON.stringify(dir)}`, work);
  const renderer = path.join(dir, 'package/lib/project/render/main.js');
  const from = '// (docs/checks.md of projen-serverless-patterns)';
  const text = fs.readFileSync(renderer, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(renderer, text.replace(from, '// (docs/checks.md of projen-serverless-patterns, next release)'));
  const next = path.join(work, 'next.tgz');
  run(`tar czf ${JSON.stringify(next)} -C ${JSON.stringify(dir)} package`, work);
  return next;
}

test('from this version to the next, one npx projen completes the upgrade; the app builds green with every edit kept', () => {
  const appDir = path.join(work, 'shop');
  const edited = editedApp(current, appDir);
  const next = nextRelease(current);
  editProjenrc(appDir, [current, next]);

  const { output, failed } = projen(appDir);
  expect(failed).toBe(false);
  expect(output).toContain('projen-serverless-patterns was upgraded by this install: synthesizing again with the new version');
  // what the next release generates, in the same run
  expect(fs.readFileSync(path.join(appDir, 'src/main.ts'), 'utf8')).toContain('next release');
  const before = fs.readFileSync(path.join(appDir, 'src/main.ts'), 'utf8');
  expect(projen(appDir).output).not.toContain('synthesizing again');
  expect(fs.readFileSync(path.join(appDir, 'src/main.ts'), 'utf8')).toBe(before);

  run('npx projen build', appDir);
  for (const [file, text] of Object.entries(edited)) {
    expect(fs.readFileSync(path.join(appDir, file), 'utf8')).toBe(text);
  }
});

test('from the previous release, the second npx projen says which line of .projenrc.ts to change; then the app builds green with every edit kept', () => {
  const appDir = path.join(work, 'market');
  const previous = packCommit(PREVIOUS_RELEASE, work);
  const edited = editedApp(previous, appDir);
  editProjenrc(appDir, [previous, current]);

  // the previous release synthesizes and installs this version, which it cannot notice
  expect(projen(appDir).failed).toBe(false);
  // this version refuses the cdkVersion that the previous release's `projen new` wrote, naming the fix
  const refused = projen(appDir);
  expect(refused.failed).toBe(true);
  expect(refused.output).toContain(
    `\`cdkVersion\` '2.276.0' is older than aws-cdk-lib ${TESTED_CDK_VERSION}, which this version of projen-serverless-patterns `
    + 'is tested with and generates stacks for. Leave `cdkVersion` out of .projenrc.ts to follow the tested version',
  );

  editProjenrc(appDir, ["  cdkVersion: '2.276.0',\n", '']);
  expect(projen(appDir).failed).toBe(false);
  const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  expect(pkg.dependencies['aws-cdk-lib']).toBe(TESTED_CDK_VERSION);
  // an app created before recommendedFeatureFlags keeps CDK's older behaviours
  expect(JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')).context ?? {}).toEqual({});
  expect(fs.existsSync(path.join(appDir, 'test/generated/cdk-context.ts'))).toBe(true);

  run('npx projen build', appDir);
  for (const [file, text] of Object.entries(edited)) {
    expect(fs.readFileSync(path.join(appDir, file), 'utf8')).toBe(text);
  }
});
