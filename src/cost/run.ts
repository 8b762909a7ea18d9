/** One estimate of a synthesized app: its assembly read, priced with its config, written next to the templates. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAssembly } from './assembly';
import { BARE_CONFIG, CostConfig } from './config';
import { estimate, Estimate } from './estimate';
import { estimateJson } from './report';
import { inventoryOf } from './template-inventory';

/** The JSON estimate's file, in the assembly's folder. */
export const ESTIMATE_FILE = 'cost-estimate.json';

/** Estimates the app synthesized into `assemblyDir` with `config`, and writes `cost-estimate.json` beside its templates. */
export function estimateAssembly(assemblyDir: string, config: CostConfig = BARE_CONFIG): Estimate {
  const stacks = readAssembly(assemblyDir).map((template) => inventoryOf(template, config.names));
  const result = estimate(stacks, config);
  fs.writeFileSync(path.join(assemblyDir, ESTIMATE_FILE), estimateJson(result));
  return result;
}

/** Reads the config `serverless-patterns-cost` is given; the defaults where it has none. */
export function readConfig(file: string | undefined): CostConfig {
  if (file === undefined || !fs.existsSync(file)) {
    return BARE_CONFIG;
  }
  return { ...BARE_CONFIG, ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CostConfig>) };
}
