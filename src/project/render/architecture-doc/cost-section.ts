/**
 * The cost section of `docs/architecture.md`: the idle floor and the cost per million of each
 * way in, priced from the model by the same code that prices the synthesized templates in the
 * build (`serverless-patterns-cost`), so the two agree for a stack of the same region.
 */
import { centsText, CostConfig, pricesText, STAND_IN_REGION } from '../../../cost';
import { AppModel } from '../../model';
import { estimateModel } from '../cost';
import { lines } from '../typescript';

/** `## Cost`, from the model and the cost options. */
export function costSection(app: AppModel, config: CostConfig): string {
  const estimate = estimateModel(app, config);
  const stack = estimate.stacks[0];
  const region = config.region ?? STAND_IN_REGION;
  const a = config.assumptions;
  return lines(
    '## Cost',
    '',
    `Estimated from the options with ${pricesText(estimate)} (on-demand list prices in US dollars, free tiers not counted, 730 hours a month), `
      + `${config.region ? 'the region of `costEstimate.region`' : `${region}, as \`costEstimate.region\` is not set`}. `
      + '`npx projen build` prices the synthesized stacks the same way, each at its own region (`npx projen cost` prints the details); '
      + (estimate.idleBudgetUsd === undefined ? 'no `costBudget` is set.' : `it fails when the idle floor passes \`costBudget.idleMonthlyUsd\`, ${centsText(estimate.idleBudgetUsd)} a month.`),
    '',
    `**Idle floor: ${centsText(stack.idleUsd)} a month**${stack.idleMissing ? ` and ${stack.idleMissing} lines without a ${region} price` : ''}. `
      + 'Tables, buckets, logs and the event archive cost by what they hold, nothing when empty.',
    '',
    stack.idle.length > 0 && lines(
      '| Resource | Billed | Quantity | $ a month | Made by |',
      '|---|---|---|---|---|',
      ...stack.idle.map((line) => `| \`${line.resource}\` | ${line.item} | ${line.quantity} | ${line.usd === undefined ? 'no price' : centsText(line.usd)} | ${escape(line.cause)} |`),
      '',
    ),
    stack.entries.length > 0 && lines(
      `**Per million requests or events**, assuming ${a.durationMs} ms per invocation, ${a.logKiB} KiB of function logs per invocation and ${a.payloadKiB} KiB per record or message:`,
      '',
      `| Way in | Kind | $ per million |${estimate.monthlyUsd !== undefined ? ' A month | $ a month |' : ''}`,
      `|---|---|---|${estimate.monthlyUsd !== undefined ? '---|---|' : ''}`,
      ...stack.entries.map((entry) => `| \`${entry.name}\` | ${entry.kind} | ${centsText(entry.perMillionUsd)}${entry.missing ? ` (${entry.missing} lines without a price)` : ''} |`
        + (estimate.monthlyUsd !== undefined ? ` ${entry.perMonth?.toLocaleString('en-US') ?? '-'} | ${entry.monthlyUsd === undefined ? '-' : centsText(entry.monthlyUsd)} |` : '')),
      '',
    ),
    estimate.monthlyUsd !== undefined && lines(`With the traffic of \`costEstimate.traffic\`: **${centsText(estimate.monthlyUsd)} a month**, idle floor and X-Ray's reservoir included.`, ''),
  );
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
