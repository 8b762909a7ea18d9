/**
 * The cost estimate's side of the project type: `src/generated/cost.json` for the build's
 * estimate of the templates, the model priced for `docs/architecture.md`, and the check that
 * `costEstimate.traffic` names ways in the app has.
 */
import { renderCostConfig } from './cost-config';
import { modelInventory } from './model-inventory';
import { CostConfig, estimate, Estimate } from '../../../cost';
import { AppModel } from '../../model';
import { ServerlessAppOptions } from '../../options';
import { InvalidOptionsError } from '../../validation';

export { renderCostConfig } from './cost-config';
export { modelInventory, functionKey } from './model-inventory';

/** The app priced from its model, at `costEstimate.region` (us-east-1 otherwise, said as such). */
export function estimateModel(app: AppModel, config: CostConfig): Estimate {
  return estimate([modelInventory(app, config.region)], config);
}

/**
 * Fails when `costEstimate.traffic` names a way in the app does not have: the estimate would
 * price nothing for it without a word.
 */
export function checkTraffic(options: ServerlessAppOptions, app: AppModel): void {
  const traffic = options.costEstimate?.traffic ?? {};
  const names = new Set(modelInventory(app).entries.map((entry) => entry.name));
  const unknown = Object.keys(traffic).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    const known = [...names].sort().map((name) => `'${name}'`).join(', ');
    throw new InvalidOptionsError(unknown.map((name) =>
      `\`costEstimate.traffic\` names '${name}', which is no way into the app; it has ${known || 'none'}.`));
  }
}

/** `renderCostConfig`, then the traffic checked. */
export function costConfigOf(options: ServerlessAppOptions, app: AppModel): CostConfig {
  checkTraffic(options, app);
  return renderCostConfig(options, app);
}
