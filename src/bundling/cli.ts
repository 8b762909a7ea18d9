#!/usr/bin/env node
import * as fs from 'node:fs';
import { bundleFunctions, formatSizes } from './bundle';
import { BundleConfig } from './config';
import { formatFindings } from '../checks/bundle-checks';

/** `serverless-patterns-bundle [config]`: the `bundle` task of a ServerlessApp. */
async function main(configPath = 'src/generated/bundle.json'): Promise<void> {
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as BundleConfig;
  const started = Date.now();
  const { sizes, findings } = await bundleFunctions(config, process.cwd());
  console.log(`bundled ${sizes.length} function${sizes.length === 1 ? '' : 's'} in ${Date.now() - started} ms`);
  console.log(formatSizes(sizes));
  if (findings.length > 0) {
    console.log(formatFindings(findings));
  }
  if (findings.some((finding) => finding.level === 'error')) {
    throw new Error('bundle checks failed: see the errors above (docs/checks.md of projen-serverless-patterns)');
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
