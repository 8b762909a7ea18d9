/** The checks of `costBudget` and `costEstimate`: amounts, assumptions and traffic are numbers in range, the region one with prices. */
import { PRICE_TABLE } from '../../cost/prices/price-table';
import { CostBudgetOptions, CostEstimateOptions } from '../options';

/** The problems of the cost options. */
export function checkCost(budget: CostBudgetOptions | undefined, estimate: CostEstimateOptions | undefined): string[] {
  const problems: string[] = [];
  const amount = (where: string, value: number | undefined, min: number, max: number, what: string) => {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)) {
      problems.push(`\`${where}\` must be ${what}; got ${value}.`);
    }
  };
  amount('costBudget.idleMonthlyUsd', budget?.idleMonthlyUsd, 0, Number.MAX_SAFE_INTEGER, 'US dollars a month, 0 or more');
  amount('costEstimate.durationMs', estimate?.durationMs, 1, 900_000, 'milliseconds from 1 to 900,000 (Lambda\'s 15 minutes)');
  amount('costEstimate.logKiB', estimate?.logKiB, 0, 1024 * 1024, 'KiB, 0 or more');
  amount('costEstimate.payloadKiB', estimate?.payloadKiB, 0.001, 1024 * 1024, 'KiB, more than 0');
  const regions = Object.keys(PRICE_TABLE.regions);
  if (estimate?.region !== undefined && !regions.includes(estimate.region)) {
    problems.push(`\`costEstimate.region\` must be a region of the price table, ${regions.join(', ')}; got '${estimate.region}'.`);
  }
  for (const [entry, perMonth] of Object.entries(estimate?.traffic ?? {})) {
    if (!(Number.isInteger(perMonth) && perMonth >= 0)) {
      problems.push(`\`costEstimate.traffic['${entry}']\` must be a whole number of requests or events a month, 0 or more; got ${perMonth}.`);
    }
  }
  return problems;
}
