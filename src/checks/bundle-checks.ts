import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the bundle checks read of esbuild's metafile. */
export interface BundleMetafile {
  readonly outputs: Record<string, { readonly bytes: number; readonly inputs: Record<string, unknown> }>;
}

/** A finding of the bundle checks. */
export interface BundleFinding {
  /** `ServerlessPatterns-LargeDeploymentPackage[Budget]` and the like. */
  readonly rule: string;
  readonly level: 'error' | 'warning';
  /** The bundle, relative to the project. */
  readonly bundle: string;
  readonly message: string;
}

/** Default size budget of one function's bundle. */
export const DEFAULT_BUNDLE_BUDGET_KIB = 512;

const SLEEPING_LOOP = /(while\s*\(|for\s*\(\s*;\s*;\s*\)|do\s*\{)[\s\S]{0,600}?(setTimeout\s*\(|\bsleep\s*\(|setTimeout\b[^;]*promises)/;

/**
 * The spec's "Large deployment packages" and the source side of "synchronous waiting", read
 * from the bundle step's metafile: a bundle over its budget, the AWS SDK bundled instead of
 * left to the runtime, an unminified bundle, and handler sources that poll in a sleeping loop.
 */
export function checkBundles(metafile: BundleMetafile, projectDir: string, budgetKiB = DEFAULT_BUNDLE_BUDGET_KIB): BundleFinding[] {
  const findings: BundleFinding[] = [];
  for (const [bundle, output] of Object.entries(metafile.outputs)) {
    if (!bundle.endsWith('.js')) {
      continue;
    }
    const kib = output.bytes / 1024;
    if (kib > budgetKiB) {
      findings.push({
        rule: 'ServerlessPatterns-LargeDeploymentPackage[Budget]',
        level: 'error',
        bundle,
        message: `${kib.toFixed(1)} KiB is over the ${budgetKiB} KiB budget: look for heavy dependencies in assets/metafile.json, import only what the handler uses, or raise \`bundleBudgetKiB\`.`,
      });
    }
    const inputs = Object.keys(output.inputs);
    const sdk = inputs.filter((input) => input.includes('node_modules/@aws-sdk/'));
    if (sdk.length > 0) {
      findings.push({
        rule: 'ServerlessPatterns-LargeDeploymentPackage[BundledSdk]',
        level: 'error',
        bundle,
        message: `bundles ${sdk.length} files of the AWS SDK (${sdk[0]}...), which the Lambda runtime provides: keep \`@aws-sdk/*\` external.`,
      });
    }
    const text = fs.readFileSync(path.join(projectDir, bundle), 'utf8');
    const lines = text.split('\n').length;
    if (lines > 20 + text.length / 1000) {
      findings.push({
        rule: 'ServerlessPatterns-LargeDeploymentPackage[Unminified]',
        level: 'error',
        bundle,
        message: `${lines} lines in ${kib.toFixed(1)} KiB: the bundle is not minified; minified bundles load faster on a cold start.`,
      });
    }
    for (const input of inputs.filter((file) => !file.includes('node_modules/') && /\.[cm]?[jt]s$/.test(file))) {
      const source = path.join(projectDir, input);
      if (fs.existsSync(source) && SLEEPING_LOOP.test(fs.readFileSync(source, 'utf8'))) {
        findings.push({
          rule: 'ServerlessPatterns-SynchronousWaiting[PollingLoop]',
          level: 'warning',
          bundle,
          message: `${input} waits in a loop that sleeps: the function bills while it polls. Let Step Functions wait (a Wait state and a status check, or a task token).`,
        });
      }
    }
  }
  return findings;
}

/** One line per finding, for the bundle task's output. */
export function formatFindings(findings: BundleFinding[]): string {
  return findings.map((finding) => `[${finding.level}] ${finding.rule} ${finding.bundle}: ${finding.message}`).join('\n');
}
