/**
 * `npx projen test:drift`: is the tested set still the newest? Compares every tested version
 * with the newest release on the npm registry, then creates an app from this package's tarball
 * against the newest aws-cdk-lib, CDK CLI and cdk-nag (the pins that can fail an app with a
 * release) and builds it. When that fails, it builds again with each newer one alone, and says
 * which breaks what and which pin to move. CI keeps testing the pinned set; run this before
 * moving it, and after each aws-cdk-lib release (docs/dependencies.md).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp, packPackage, run } from './sample-app';
import { testedRange } from '../src/project/tested-versions';
import { TESTED_VERSIONS } from '../src/project/tested-versions.generated';

type Package = keyof typeof TESTED_VERSIONS;

/** The pins that a release can break an app with, and where each is moved in this repository. */
const PINS: Record<string, { option: (version: string) => string; moveIn: string }> = {
  'aws-cdk-lib': { option: (version) => `cdkVersion: '${version}',`, moveIn: 'CDK_VERSION in .projenrc.ts' },
  'aws-cdk': { option: (version) => `cdkCliVersion: '${version}',`, moveIn: "the 'aws-cdk' devDep in .projenrc.ts" },
  'cdk-nag': { option: (version) => `deps: ['cdk-nag@${version}'],`, moveIn: 'the cdk-nag peer floor in .projenrc.ts (then npm update cdk-nag)' },
};

/** The newest version of `name` on the registry (its `latest` tag). */
function newest(name: string): string {
  return run(`npm view ${name} version`, os.tmpdir()).trim();
}

/** Whether `a` is a newer version than `b` (plain major.minor.patch). */
function isNewer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  const index = x.findIndex((part, i) => part !== y[i]);
  return index >= 0 && x[index] > y[index];
}

/** What a failed build printed that says what broke: compiler errors, cdk-nag findings, errors. */
function whatBroke(output: string): string[] {
  const lines = output.split('\n').map((line) => line.trim());
  const telling = lines.filter((line) => /error TS\d+|^ERROR |\[Error at |Error:|failed when executing|AwsSolutions-|Serverless-/.test(line));
  return [...new Set(telling.length > 0 ? telling : lines.slice(-15))].slice(0, 12);
}

/** Builds a copy of the app `base` with `options` added to its .projenrc.ts; its failure, or undefined when green. */
function buildWith(base: string, work: string, label: string, options: string[]): string | undefined {
  const appDir = path.join(work, label);
  fs.cpSync(base, appDir, { recursive: true, verbatimSymlinks: true });
  const projenrc = path.join(appDir, '.projenrc.ts');
  const name = `  name: '${path.basename(base)}',`;
  fs.writeFileSync(projenrc, fs.readFileSync(projenrc, 'utf8').replace(name, [name, ...options.map((option) => `  ${option}`)].join('\n')));
  try {
    run('npx projen', appDir, { CI: '' });
    run('npx projen build', appDir);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function main(): void {
  const day = new Date().toISOString().slice(0, 10);
  console.log(`Drift of the tested set, ${day} (Node.js ${process.version})\n`);
  console.log('| package | tested | an app gets | newest | |');
  console.log('|---|---|---|---|---|');
  const newer: Package[] = [];
  for (const name of Object.keys(TESTED_VERSIONS) as Package[]) {
    const latest = newest(name);
    const ahead = isNewer(latest, TESTED_VERSIONS[name]);
    if (ahead && name in PINS) {
      newer.push(name);
    }
    console.log(`| ${name} | ${TESTED_VERSIONS[name]} | \`${testedRange(name)}\` | ${latest} | ${ahead ? 'newer' : ''} |`);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serverless-app-drift-'));
  const base = path.join(work, 'shop');
  createApp(packPackage(work), base);
  const latest = Object.fromEntries(newer.map((name) => [name, newest(name)]));
  const all = newer.map((name) => PINS[name].option(latest[name]));
  console.log(`\nAn app against the newest aws-cdk-lib, CDK CLI and cdk-nag (${newer.length === 0
    ? 'the tested ones: nothing newer is published'
    : newer.map((name) => `${name} ${latest[name]}`).join(', ')}): npx projen build ...`);
  const failure = buildWith(base, work, 'newest', all);
  if (!failure) {
    console.log(newer.length === 0
      ? 'green. The tested set is the newest; no pin to move.'
      : `green. Move the pins: ${newer.map((name) => `${name} to ${latest[name]} (${PINS[name].moveIn})`).join('; ')}; then run the README's test command.`);
    return;
  }
  console.log('red:');
  whatBroke(failure).forEach((line) => console.log(`    ${line}`));
  for (const name of newer) {
    const alone = buildWith(base, work, name, [PINS[name].option(latest[name])]);
    console.log(`\n${name} ${latest[name]} alone (the rest as tested): ${alone ? 'red' : 'green'}`);
    if (alone) {
      whatBroke(alone).forEach((line) => console.log(`    ${line}`));
      console.log(`  Keep ${name} at ${TESTED_VERSIONS[name]} until the package handles it; then move ${PINS[name].moveIn}.`);
    } else {
      console.log(`  Safe to move: ${PINS[name].moveIn}.`);
    }
  }
  process.exitCode = 1;
}

main();
