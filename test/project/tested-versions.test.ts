import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { freshDir, read, synthApp } from './helpers';
import { NodeRuntime, NodeRuntimes } from '../../src';
import { LATEST_RUNTIME, RUNTIMES } from '../../src/project/runtimes';
import { TESTED_CDK_VERSION, testedRange } from '../../src/project/tested-versions';
import { TESTED_VERSIONS } from '../../src/project/tested-versions.generated';

const REPO = path.resolve(__dirname, '..', '..');

describe('the tested set: the versions this package was built and tested with', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));

  test.each(Object.entries(TESTED_VERSIONS))('%s is the version package-lock.json installs, and the one installed: %s', (name, version) => {
    expect(lock.packages[`node_modules/${name}`].version).toBe(version);
    expect(JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version).toBe(version);
  });

  test('the default Node.js runtime is the newest of the tested aws-cdk-lib, which cdk-nag asks for', () => {
    // a newer aws-cdk-lib with a newer Node.js runtime fails this: add it to NodeRuntime and RUNTIMES, make it LATEST_RUNTIME
    expect(RUNTIMES[LATEST_RUNTIME].cloudFormation).toBe(NodeRuntimes.newest().name);
  });

  test.each(Object.values(NodeRuntime))('NodeRuntime.%s is the aws-cdk-lib runtime of the same name', (runtime) => {
    const { cdkMember, cloudFormation, esbuildTarget, nodeMajor } = RUNTIMES[runtime];
    expect((lambda.Runtime as unknown as Record<string, lambda.Runtime>)[cdkMember].name).toBe(cloudFormation);
    expect(cloudFormation).toBe(`nodejs${nodeMajor}.x`);
    expect(esbuildTarget).toBe(`node${nodeMajor}`);
  });
});

describe('a new app depends on the tested set', () => {
  const outdir = freshDir();
  const project = synthApp(outdir);
  const pkg = JSON.parse(read(outdir, 'package.json'));
  const ranges: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };

  test('exactly on aws-cdk-lib, cdk-nag and the CDK CLI, which can fail a green app with a release', () => {
    expect(ranges['aws-cdk-lib']).toBe(TESTED_VERSIONS['aws-cdk-lib']);
    expect(ranges['cdk-nag']).toBe(TESTED_VERSIONS['cdk-nag']);
    expect(ranges['aws-cdk']).toBe(TESTED_VERSIONS['aws-cdk']);
  });

  test('on the tested constructs or newer, as every construct library the app adds also asks', () => {
    expect(ranges.constructs).toBe(`^${TESTED_VERSIONS.constructs}`);
    expect(testedRange('constructs')).toBe(ranges.constructs);
  });

  test('on the tested version and its patch releases for the rest it gets from this package', () => {
    const added = project.deps.all.filter((dep) => dep.name in TESTED_VERSIONS && !['aws-cdk-lib', 'cdk-nag', 'aws-cdk', 'constructs'].includes(dep.name));
    expect(added.map((dep) => dep.name)).toEqual(expect.arrayContaining(['typescript', 'projen', 'esbuild', '@aws-lambda-powertools/logger', 'dynalite']));
    for (const dep of added) {
      expect([dep.name, ranges[dep.name]]).toEqual([dep.name, `~${TESTED_VERSIONS[dep.name as keyof typeof TESTED_VERSIONS]}`]);
    }
  });

  test('@types/node of the functions\' Node.js major: the handlers are typed against the API they run on', () => {
    expect(ranges['@types/node']).toBe(`^${RUNTIMES[LATEST_RUNTIME].nodeMajor}`);
  });

  test('projen upgrade moves none of the pins: npm update keeps to each range', () => {
    // the task as written (projen adds the upgrade's steps when it synthesizes)
    const steps = JSON.parse(read(outdir, '.projen/tasks.json')).tasks.upgrade.steps as Array<{ exec?: string; execArgs?: string[] }>;
    const upgrade = steps.map((step) => step.exec ?? (step.execArgs ?? []).join(' '));
    // npm-check-updates, which would rewrite ranges, only sees dependencies without a version of ours
    const ncu = upgrade.find((step) => step.includes('npm-check-updates'));
    expect(ncu).toContain('--filter=');
    for (const pinned of ['aws-cdk-lib', 'cdk-nag', 'aws-cdk', 'esbuild', 'typescript']) {
      expect(ncu).not.toMatch(new RegExp(`[=,]${pinned}(,|$| )`));
    }
  });
});

describe('cdkVersion', () => {
  test('left out, it is the tested aws-cdk-lib', () => {
    const outdir = freshDir();
    synthApp(outdir);
    expect(JSON.parse(read(outdir, 'package.json')).dependencies['aws-cdk-lib']).toBe(TESTED_CDK_VERSION);
  });

  test('newer than the tested one, it is used as given', () => {
    const [major, minor] = TESTED_CDK_VERSION.split('.').map(Number);
    const newer = `${major}.${minor + 1}.0`;
    const outdir = freshDir();
    synthApp(outdir, { cdkVersion: newer });
    expect(JSON.parse(read(outdir, 'package.json')).dependencies['aws-cdk-lib']).toBe(newer);
  });

  test('older than the tested one, it is refused with what to change', () => {
    const outdir = freshDir();
    expect(() => synthApp(outdir, { cdkVersion: '2.276.0' })).toThrow(
      `\`cdkVersion\` '2.276.0' is older than aws-cdk-lib ${TESTED_CDK_VERSION}, which this version of projen-serverless-patterns `
      + `is tested with and generates stacks for. Leave \`cdkVersion\` out of .projenrc.ts to follow the tested version, or set '${TESTED_CDK_VERSION}' or later.`,
    );
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test.each(['^2.278.0', 'latest', '2.278'])('%s, not a version, is refused', (version) => {
    expect(() => synthApp(freshDir(), { cdkVersion: version })).toThrow(
      `\`cdkVersion\` must be an aws-cdk-lib version such as '${TESTED_CDK_VERSION}'; got '${version}'.`,
    );
  });

  test('testedRange: exact for aws-cdk-lib, patch releases for Powertools', () => {
    expect(testedRange('aws-cdk-lib')).toBe(TESTED_CDK_VERSION);
    expect(testedRange('@aws-lambda-powertools/logger')).toBe(`~${TESTED_VERSIONS['@aws-lambda-powertools/logger']}`);
  });
});
