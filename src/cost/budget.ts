/**
 * `costBudget.idleMonthlyUsd`: the idle floor a build may not pass. Over it, the build fails
 * listing what costs the most first, grouped by what made it, each with what would lower it.
 */
import { Estimate } from './estimate';
import { IdleLine } from './idle';
import { centsText } from './lines';

/** The budget's verdict. */
export interface BudgetVerdict {
  /** Whether the build may go on: no budget, or an idle floor priced in full and within it. */
  readonly ok: boolean;
  /** What to print. */
  readonly message: string;
}

/** Checks `estimate` against its idle budget. */
export function checkBudget(estimate: Estimate): BudgetVerdict {
  const budget = estimate.idleBudgetUsd;
  if (budget === undefined) {
    return { ok: true, message: '' };
  }
  const lines = estimate.stacks.flatMap((stack) => stack.idle);
  const priced = `(${pricesText(estimate)})`;
  if (estimate.idleUsd > budget) {
    return {
      ok: false,
      message: [
        `cost: the idle floor is ${centsText(estimate.idleUsd)}/month, over costBudget.idleMonthlyUsd (${centsText(budget)}) by ${centsText(estimate.idleUsd - budget)} ${priced}:`,
        ...groups(lines.filter((line) => line.usd !== undefined)).map((group) => `  - ${group}`),
        ...unpriced(lines),
      ].join('\n'),
    };
  }
  if (estimate.idleMissing > 0) {
    return {
      ok: false,
      message: [
        `cost: the idle floor cannot be checked against costBudget.idleMonthlyUsd (${centsText(budget)}): ${estimate.idleMissing} of its lines have no price ${priced}:`,
        ...unpriced(lines),
        '  Refresh the price table (docs/cost.md of projen-serverless-patterns) or set `costEstimate.region` to a region it has.',
      ].join('\n'),
    };
  }
  return { ok: true, message: `cost: idle floor ${centsText(estimate.idleUsd)}/month, within costBudget.idleMonthlyUsd (${centsText(budget)}) ${priced}` };
}

/** `us-east-1 prices read 2026-12-06`, for the regions the stacks were priced at. */
export function pricesText(estimate: Estimate): string {
  const regions = [...new Set(estimate.stacks.map((stack) => stack.pricedAt))];
  return `${regions.join(', ') || 'no stack'} prices read ${estimate.pricesRead}`;
}

/**
 * The priced idle lines grouped by what made them, costliest first: `10 functions on
 * LATENCY_SENSITIVE: provisioned concurrency $302.66/month, ...; set preset or ...`.
 */
export function groups(lines: IdleLine[]): string[] {
  const byGroup = new Map<string, IdleLine[]>();
  for (const line of lines) {
    const key = line.group ?? `${line.resource}\u0000${line.cause}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), line]);
  }
  return [...byGroup.values()]
    .map((members) => ({ members, usd: members.reduce((sum, line) => sum + line.usd!, 0) }))
    .sort((a, b) => b.usd - a.usd)
    .map(({ members }) => {
      const first = members[0];
      const resources = [...new Set(members.map((line) => line.resource))];
      const costs = [...new Set(members.map((line) => line.what))].map((what) =>
        `${what} ${centsText(members.filter((line) => line.what === what).reduce((sum, line) => sum + line.usd!, 0))}/month`);
      if (first.group) {
        return `${resources.length} ${resources.length === 1 ? first.groupOne ?? first.group : first.group}: ${costs.join(', ')}; ${first.groupLower ?? first.lower} (${resources.join(', ')})`;
      }
      return `${first.resource}: ${costs.join(', ')} (${first.cause}); ${first.lower}`;
    });
}

function unpriced(lines: IdleLine[]): string[] {
  return lines.filter((line) => line.usd === undefined).map((line) => `  - ${line.resource}: ${line.what}, no price (${line.missing})`);
}
