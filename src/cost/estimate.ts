/**
 * The estimate of an app: per stack, its idle floor and the cost per million of each way in,
 * priced with the table of the stack's region; with traffic, the monthly total.
 */
import { CostAssumptions, CostConfig } from './config';
import { idleLines, IdleLine } from './idle';
import { EntryKind, StackInventory } from './inventory';
import { CostLine, numberText, priced, SECONDS_PER_MONTH, total } from './lines';
import { perMillionLines, X_RAY_SAMPLED_SHARE } from './per-million';
import { PRICE_TABLE } from './prices/price-table';
import { RegionPrices } from './prices/types';

/** The region whose prices stand in when a stack's region is unknown and the options name none. */
export const STAND_IN_REGION = 'us-east-1';

/** A way in, priced per million. */
export interface EntryEstimate {
  readonly kind: EntryKind;
  readonly name: string;
  readonly service?: string;
  readonly lines: CostLine[];
  /** US dollars a million requests or events cost, the lines without a price left out. */
  readonly perMillionUsd: number;
  /** Lines without a price. */
  readonly missing: number;
  /** Requests or events a month, from `costEstimate.traffic`. */
  readonly perMonth?: number;
  /** US dollars a month at `perMonth`. */
  readonly monthlyUsd?: number;
}

/** The estimate of one stack. */
export interface StackEstimate {
  readonly stack: string;
  /** The stack's region, if known. */
  readonly region?: string;
  /** The region whose prices were used. */
  readonly pricedAt: string;
  /** Why the prices are not the stack's region's, when they are not. */
  readonly regionNote?: string;
  readonly idle: IdleLine[];
  readonly idleUsd: number;
  readonly idleMissing: number;
  readonly entries: EntryEstimate[];
  /** X-Ray's reservoir (one trace a second) beyond the sampled share, with traffic. */
  readonly xRayReservoir?: CostLine;
  /** Idle floor plus traffic, with traffic. */
  readonly monthlyUsd?: number;
}

/** The estimate of an app. */
export interface Estimate {
  /** The day the prices were read. */
  readonly pricesRead: string;
  readonly assumptions: CostAssumptions;
  readonly stacks: StackEstimate[];
  readonly idleUsd: number;
  /** Idle lines without a price, in all stacks. */
  readonly idleMissing: number;
  /** The app's monthly total, when traffic is given. */
  readonly monthlyUsd?: number;
  /** `costBudget.idleMonthlyUsd`. */
  readonly idleBudgetUsd?: number;
}

/** Prices `stacks` as `config` says. */
export function estimate(stacks: StackInventory[], config: CostConfig): Estimate {
  const hasTraffic = Object.keys(config.traffic).length > 0;
  const estimates = stacks.map((stack) => estimateStack(stack, withRelatives(stack, stacks), config, hasTraffic));
  const idle = estimates.reduce((sum, stack) => sum + stack.idleUsd, 0);
  return {
    pricesRead: PRICE_TABLE.read,
    assumptions: config.assumptions,
    stacks: estimates,
    idleUsd: idle,
    idleMissing: estimates.reduce((sum, stack) => sum + stack.idleMissing, 0),
    ...(hasTraffic ? { monthlyUsd: estimates.reduce((sum, stack) => sum + (stack.monthlyUsd ?? 0), 0) } : {}),
    ...(config.idleBudgetUsd !== undefined ? { idleBudgetUsd: config.idleBudgetUsd } : {}),
  };
}

/**
 * `stack` with the functions and REST APIs of its parent and nested stacks after its own: a nested
 * stack's route is priced with the API of the stack that holds it (`shop` for `shop/ItemsStack`).
 */
function withRelatives(stack: StackInventory, stacks: StackInventory[]): StackInventory {
  const related = stacks.filter((other) => other !== stack
    && (stack.name.startsWith(`${other.name}/`) || other.name.startsWith(`${stack.name}/`)));
  return {
    ...stack,
    functions: [...stack.functions, ...related.flatMap((other) => other.functions)],
    restApis: [...stack.restApis, ...related.flatMap((other) => other.restApis)],
  };
}

/** `stack`'s estimate; the ways in are priced with `lookup`, the stack with its relatives' functions and APIs. */
function estimateStack(stack: StackInventory, lookup: StackInventory, config: CostConfig, hasTraffic: boolean): StackEstimate {
  const { prices, note } = pricesFor(stack.region, config.region);
  const describe = (key: string, owner?: string) => {
    const fn = stack.functions.find((each) => each.key === key);
    const service = owner ?? fn?.service;
    return { name: fn?.name ?? config.names[key] ?? key, ...(service ? { service } : {}) };
  };
  const idle = idleLines(stack, prices, config.sources, describe);
  const idleTotal = total(idle);
  const entries = stack.entries.map((entry): EntryEstimate => {
    const lines = perMillionLines(entry, lookup, prices, config.assumptions);
    const sum = total(lines);
    const perMonth = config.traffic[entry.name];
    return {
      kind: entry.kind,
      name: entry.name,
      ...(entry.service ? { service: entry.service } : {}),
      lines,
      perMillionUsd: sum.usd,
      missing: sum.missing,
      ...(perMonth !== undefined ? { perMonth, monthlyUsd: (sum.usd * perMonth) / 1e6 } : {}),
    };
  });
  const reservoir = hasTraffic ? xRayReservoir(stack, entries, prices) : undefined;
  return {
    stack: stack.name,
    ...(stack.region ? { region: stack.region } : {}),
    pricedAt: prices.region,
    ...(note ? { regionNote: note } : {}),
    idle,
    idleUsd: idleTotal.usd,
    idleMissing: idleTotal.missing,
    entries,
    ...(reservoir ? { xRayReservoir: reservoir } : {}),
    ...(hasTraffic ? { monthlyUsd: idleTotal.usd + entries.reduce((sum, entry) => sum + (entry.monthlyUsd ?? 0), 0) + (reservoir?.usd ?? 0) } : {}),
  };
}

/**
 * The prices of `region`; an unknown region, or one the table does not have, is priced at
 * `fallback` (`costEstimate.region`) or us-east-1, and the note says so.
 */
export function pricesFor(region: string | undefined, fallback: string | undefined): { prices: RegionPrices; note?: string } {
  if (region !== undefined && PRICE_TABLE.regions[region]) {
    return { prices: PRICE_TABLE.regions[region] };
  }
  const standIn = fallback !== undefined && PRICE_TABLE.regions[fallback] ? fallback : STAND_IN_REGION;
  const why = region === undefined
    ? 'the stack\'s region is unknown (environment-agnostic: no region at synth, e.g. no CDK_DEFAULT_REGION)'
    : `the price table has no ${region} (it has ${Object.keys(PRICE_TABLE.regions).join(', ')})`;
  const how = standIn === fallback ? 'as `costEstimate.region` says' : 'as a stand-in: set `costEstimate.region`, or the stack\'s region';
  return { prices: PRICE_TABLE.regions[standIn], note: `${why}; priced at ${standIn}'s prices, ${how}` };
}

/**
 * X-Ray's default rule records the first request each second (its reservoir) and 5% of the rest:
 * the entries' lines count 5% of every traced request, this line the other 95% of up to one a second.
 */
function xRayReservoir(stack: StackInventory, entries: EntryEstimate[], prices: RegionPrices): CostLine | undefined {
  const traced = entries
    .filter((entry) => entry.perMonth !== undefined && entry.lines.some((line) => line.item === 'X-Ray traces recorded'))
    .reduce((sum, entry) => sum + entry.perMonth!, 0);
  if (traced === 0 || stack.entries.length === 0) {
    return undefined;
  }
  const reservoir = Math.min(traced, SECONDS_PER_MONTH) * (1 - X_RAY_SAMPLED_SHARE);
  return priced('X-Ray traces of the reservoir (1 a second)', `${(1 - X_RAY_SAMPLED_SHARE) * 100}% × min(${numberText(traced)}, ${numberText(SECONDS_PER_MONTH)}) = ${numberText(reservoir)}`,
    prices.xRayTracesRecorded, reservoir, 1e6);
}
