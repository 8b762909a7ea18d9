/** The estimate as a table for the terminal, a one-line summary for the build, and JSON for tools. */
import { pricesText } from './budget';
import { Estimate, StackEstimate } from './estimate';
import { centsText, CostLine, numberText, usdText } from './lines';
import { ACCESS_LOG_KIB, EXECUTION_LOG_KIB, X_RAY_SAMPLED_SHARE } from './per-million';
import { PRICE_TABLE } from './prices/price-table';

/** The full report: per stack, the idle floor line by line, then each way in per million, with its lines. */
export function formatEstimate(estimate: Estimate): string {
  const a = estimate.assumptions;
  return [
    `Cost estimate (${pricesText(estimate)}; on-demand list prices in USD, free tiers not counted, 730 hours a month)`,
    `Assumed: ${a.durationMs} ms per invocation, ${a.logKiB} KiB of function logs per invocation, ${a.payloadKiB} KiB per record or message, `
      + `${ACCESS_LOG_KIB} KiB of access log and ${EXECUTION_LOG_KIB} KiB of INFO execution log per API request, X-Ray recording ${X_RAY_SAMPLED_SHARE * 100}% of requests, `
      + 'one read or write of the table per request as the function\'s access allows, one event per request of a function that publishes.',
    ...estimate.stacks.flatMap(formatStack),
    '',
    `Idle floor of the app: ${centsText(estimate.idleUsd)}/month${estimate.idleMissing ? ` (${estimate.idleMissing} lines without a price left out)` : ''}`
      + (estimate.idleBudgetUsd !== undefined ? `; costBudget.idleMonthlyUsd ${centsText(estimate.idleBudgetUsd)}` : ''),
    ...(estimate.monthlyUsd !== undefined ? [`With the traffic of costEstimate.traffic: ${centsText(estimate.monthlyUsd)}/month`] : []),
  ].join('\n');
}

function formatStack(stack: StackEstimate): string[] {
  return [
    '',
    `Stack ${stack.stack} (${stack.regionNote ?? `region ${stack.region}, priced at its prices`})`,
    `  Idle floor: ${centsText(stack.idleUsd)}/month${stack.idleMissing ? `, ${stack.idleMissing} lines without a price` : ''}`,
    ...table(['service', 'resource', 'billed', 'quantity', 'price', '$/month', 'made by'], stack.idle.map((line) => [
      line.service ?? '-', line.resource, line.item, line.quantity, line.price, amount(line), line.cause,
    ])).map((row) => `    ${row}`),
    ...(stack.idle.length === 0 ? ['    nothing is billed by time'] : []),
    '  Per million requests or events:',
    ...table(['service', 'way in', 'kind', '$ per 1M', 'per month', '$/month'], stack.entries.map((entry) => [
      entry.service ?? '-', entry.name, entry.kind, `${centsText(entry.perMillionUsd)}${entry.missing ? ` (+${entry.missing} unpriced)` : ''}`,
      entry.perMonth === undefined ? '-' : numberText(entry.perMonth), entry.monthlyUsd === undefined ? '-' : centsText(entry.monthlyUsd),
    ])).map((row) => `    ${row}`),
    ...stack.entries.flatMap((entry) => [
      `  ${entry.name}, per million:`,
      ...table(['billed', 'quantity', 'price', '$'], entry.lines.map((line) => [line.item, line.quantity, line.price, amount(line)]))
        .slice(2).map((row) => `    ${row}`),
    ]),
    ...(stack.xRayReservoir ? [`  ${stack.xRayReservoir.item}: ${stack.xRayReservoir.quantity} = ${amount(stack.xRayReservoir)}/month`] : []),
    ...(stack.monthlyUsd !== undefined ? [`  With traffic: ${centsText(stack.monthlyUsd)}/month`] : []),
  ];
}

/** The one line `npx projen build` prints when no budget is set. */
export function formatSummary(estimate: Estimate): string {
  const entries = estimate.stacks.flatMap((stack) => stack.entries);
  const perMillion = entries.map((entry) => entry.perMillionUsd);
  const unpriced = entries.filter((entry) => entry.missing > 0).length;
  const notes = estimate.stacks.filter((stack) => stack.regionNote).map((stack) => `${stack.stack}: region unknown or not in the table, priced at ${stack.pricedAt}`);
  return `cost: idle floor ${centsText(estimate.idleUsd)}/month${estimate.idleMissing ? ` (+${estimate.idleMissing} unpriced)` : ''}`
    + (entries.length > 0 ? `; ${entries.length} ways in, ${centsText(Math.min(...perMillion))} to ${centsText(Math.max(...perMillion))} per million` : '')
    + (unpriced > 0 ? ` (${unpriced} of them with lines without a price)` : '')
    + (estimate.monthlyUsd !== undefined ? `; ${centsText(estimate.monthlyUsd)}/month with the given traffic` : '')
    + ` (${pricesText(estimate)}${notes.length ? `; ${notes.join('; ')}` : ''}). npx projen cost prints the table.`;
}

/** The estimate for tools: everything above, with the prices used and where each was read. */
export function estimateJson(estimate: Estimate): string {
  const regions = [...new Set(estimate.stacks.map((stack) => stack.pricedAt))];
  return `${JSON.stringify({ ...estimate, prices: Object.fromEntries(regions.map((region) => [region, PRICE_TABLE.regions[region]])) }, null, 2)}\n`;
}

function amount(line: CostLine): string {
  return line.usd === undefined ? 'no price' : usdText(round(line.usd));
}

/** To a hundredth of a cent, or six decimals for less than a cent: what a hand-check of a line needs. */
function round(usd: number): number {
  return usd >= 0.01 ? Math.round(usd * 10_000) / 10_000 : Math.round(usd * 1e6) / 1e6;
}

/** Rows padded into columns, with a header and a rule. */
function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) {
    return [];
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]) => row.map((cell, column) => column === row.length - 1 ? cell : cell.padEnd(widths[column])).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)];
}
