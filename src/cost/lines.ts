/** A priced line of the estimate, and the arithmetic every line shares. */
import { Price } from './prices/types';

/** Hours in a month, as AWS's pricing examples count them. */
export const HOURS_PER_MONTH = 730;
/** Seconds in a month of `HOURS_PER_MONTH`. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** One priced line. */
export interface CostLine {
  /** What is billed: `Lambda duration`. */
  readonly item: string;
  /** How much of it: `1M × 100 ms × 0.25 GB = 25,000 GB-s`. */
  readonly quantity: string;
  /** The unit price: `$0.0000133334 per GB-second`; `no price` when missing. */
  readonly price: string;
  /** US dollars; undefined when the price is missing for the region. */
  readonly usd?: number;
  /** Why the price is missing. */
  readonly missing?: string;
}

/** A line of `quantity` units of `price`, where the price is per `per` units (1M requests: 1e6). */
export function priced(item: string, quantityText: string, price: Price, quantity: number, per = 1): CostLine {
  const unitPrice = price.usd === undefined ? 'no price' : `${usdText(price.usd)} per ${price.unit}`;
  return price.usd === undefined
    ? { item, quantity: quantityText, price: unitPrice, missing: price.missing }
    : { item, quantity: quantityText, price: unitPrice, usd: (price.usd * quantity) / per };
}

/** The sum of the lines that have a price, and how many have none. */
export function total(lines: readonly CostLine[]): { usd: number; missing: number } {
  return {
    usd: lines.reduce((sum, line) => sum + (line.usd ?? 0), 0),
    missing: lines.filter((line) => line.usd === undefined).length,
  };
}

/** `$0.0000133334`, `$3.50`, `$1,234.56`: a price as AWS writes it, a total to the cent. */
export function usdText(usd: number): string {
  if (usd !== 0 && Math.abs(usd) < 0.01) {
    return `$${usd.toPrecision(6).replace(/0+$/, '').replace(/\.$/, '')}`;
  }
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 }).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** A total to the cent: `$0.00`, `$302.66`. */
export function centsText(usd: number): string {
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `1,000,000`, `0.25`, `1.728`: a quantity with at most `digits` decimals. */
export function numberText(value: number, digits = 3): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Memory in GB, as Lambda bills it: MB / 1024. */
export function gb(memoryMb: number): number {
  return memoryMb / 1024;
}
