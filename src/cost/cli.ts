#!/usr/bin/env node
import * as path from 'node:path';
import { checkBudget } from './budget';
import { formatEstimate, formatSummary } from './report';
import { ESTIMATE_FILE, estimateAssembly, readConfig } from './run';

/**
 * `serverless-patterns-cost [--summary] [--assembly cdk.out] [--config src/generated/cost.json]`: the
 * `cost` task of a ServerlessApp (the table), and the step of its build after the synth (one line,
 * and the budget's verdict). Exits 1 when the idle floor passes `costBudget.idleMonthlyUsd`.
 */
function main(argv: string[]): void {
  const summary = argv.includes('--summary');
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const assemblyDir = path.resolve(option('--assembly') ?? 'cdk.out');
  const config = readConfig(option('--config') ?? 'src/generated/cost.json');
  const result = estimateAssembly(assemblyDir, config);
  const verdict = checkBudget(result);
  if (!summary) {
    console.log(formatEstimate(result));
    console.log(`\nWritten to ${path.relative(process.cwd(), path.join(assemblyDir, ESTIMATE_FILE))}.`);
  }
  console.log(verdict.message || (summary ? formatSummary(result) : ''));
  if (!verdict.ok) {
    process.exitCode = 1;
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
