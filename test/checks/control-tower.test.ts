/**
 * `compliance.controlTower` on the example app of every pattern page of docs/ (and the README's):
 * each is synthesized for real, as `cdk synth` runs it (../cost/synth-app.ts), with
 * `@cdklabs/cdk-validator-cfnguard`'s Control Tower rules, and must leave no finding
 * unacknowledged. One synthesis per example: they are the slow part (about 8 s each).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as api from '../../src';
import { estimateAssembly, readConfig } from '../../src/cost';
import { SynthesizedApp, synthesizeApp } from '../cost/synth-app';
import { TestOptions } from '../project/helpers';

const REPO = path.resolve(__dirname, '..', '..');
const APPS = path.join(REPO, process.env.COMPLIANCE_APPS_DIR ?? 'test-apps-compliance');
const PLUGIN = api.ControlTowerCompliance.PLUGIN_NAME;

/** The options of each `new ServerlessApp({...})` of the ```ts blocks of `file`, as the example passes them. */
function exampleOptions(file: string): TestOptions[] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1]).filter((block) => block.includes('new ServerlessApp('));
  return blocks.flatMap((block) => {
    const captured: TestOptions[] = [];
    // the example's ServerlessApp records its options; synth() is the test's
    class ServerlessApp {
      constructor(options: TestOptions) {
        captured.push(options);
      }
      public synth(): void {}
    }
    const module: Record<string, unknown> = { ...api, ServerlessApp };
    const js = ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const names = Object.keys(module);
    new Function(...names, 'require', 'exports', js)(...names.map((name) => module[name]), () => module, {});
    return captured;
  });
}

/** A finding of the Control Tower rules, as the validation report of the cloud assembly holds it. */
interface Finding {
  readonly ruleName: string;
  readonly violatingConstructs: Array<{ constructPath: string }>;
}

/** The Control Tower findings `cdk synth` left unacknowledged, and those it acknowledged, as `rule at path` lines. */
function controlTowerFindings(assemblyDir: string): { unacknowledged: string[]; acknowledged: string[] } {
  const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ pluginName: string; violations: Finding[]; suppressedViolations?: Finding[] }>;
  };
  const plugin = report.pluginReports.find((each) => each.pluginName === PLUGIN);
  const describe = (findings: Finding[] = []) => findings.flatMap((finding) => finding.violatingConstructs.map((construct) => `${finding.ruleName} at ${construct.constructPath}`));
  return { unacknowledged: describe(plugin?.violations), acknowledged: describe(plugin?.suppressedViolations) };
}

const PAGES = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs', 'patterns')).filter((file) => file.endsWith('.md')).sort().map((file) => `docs/patterns/${file}`)];
const EXAMPLES = PAGES.flatMap((page) => exampleOptions(page).map((options, index, all) => [all.length > 1 ? `${page}#${index + 1}` : page, options] as const));

test('every pattern page of docs/ has an example app to check', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(14);
});

/** The apps the tests below synthesized, by page. */
const synthesized = new Map<string, SynthesizedApp>();

describe('compliance.controlTower: every example app synthesizes with no Control Tower finding left unacknowledged', () => {
  test.each(EXAMPLES)('%s', (page, options) => {
    const name = page.replace(/[^A-Za-z0-9]+/g, '-');
    // a failing synth throws with cdk synth's report; the report file says what was found either way
    const app = synthesizeApp(name, { ...options, compliance: { controlTower: true } }, 'us-east-1', APPS);
    synthesized.set(page, app);
    const { unacknowledged, acknowledged } = controlTowerFindings(app.assemblyDir);
    expect(unacknowledged).toEqual([]);
    // the rules ran: every app has functions, which are outside a VPC by design
    expect(acknowledged.some((finding) => finding.startsWith('lambda_inside_vpc_check at '))).toBe(true);
  }, 120_000);
});

test('the KMS key the option adds is priced in the idle floor: $1.00 a month for the README\'s app, which costs nothing idle without it', () => {
  const app = synthesized.get('README.md');
  if (!app) throw new Error('the README\'s app was not synthesized: run the whole file');
  const estimate = estimateAssembly(app.assemblyDir, readConfig(path.join(app.dir, 'src/generated/cost.json')));
  expect(estimate.idleUsd).toBe(1);
  expect(JSON.stringify(estimate.stacks)).toContain('Compliance/Key');
});
