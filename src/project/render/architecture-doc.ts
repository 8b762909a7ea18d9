import { AppModel, FunctionModel } from '../model';
import { ARCHITECTURES, RUNTIMES } from '../runtimes';
import { describeFunction } from './service';
import { lines } from './typescript';

/** `docs/architecture.md`: a Mermaid diagram and the tables of functions, presets and triggers. */
export function renderArchitectureDoc(app: AppModel): string {
  return lines(
    `# Architecture of \`${app.stackName}\``,
    '',
    'Generated from `.projenrc.ts` by projen-serverless-patterns: change the options and run',
    '`npx projen` to update this page, the stack and its tests together.',
    '',
    '```mermaid',
    'flowchart LR',
    app.hasApi && '  client(["Client"]) --> api["API Gateway REST API"]',
    app.hasEventBus && '  bus{{"EventBridge bus"}}',
    ...app.services.flatMap((service) => [
      `  subgraph service_${id(service.name)} ["service: ${service.name}"]`,
      ...service.functions.map((fn) => `    ${functionNode(fn)}["${fn.name}"]`),
      service.partitionKey && `    ${tableNode(service.name)}[("table: ${service.partitionKey.name}")]`,
      '  end',
      ...service.functions.flatMap((fn) => [
        fn.route && `  api -- "${fn.route.method} ${fn.route.path}" --> ${functionNode(fn)}`,
        fn.tableAccess !== 'NONE' && `  ${functionNode(fn)} -- "${fn.tableAccess === 'READ' ? 'reads' : 'reads, writes'}" --> ${tableNode(service.name)}`,
        fn.publishes.length > 0 && `  ${functionNode(fn)} -. "${fn.publishes.join(', ')}" .-> bus`,
      ]),
    ]),
    '```',
    '',
    '## Functions',
    '',
    '| Function | Handler | Trigger | Preset | Memory | Timeout | Reserved concurrency | Provisioned concurrency | Table access | Publishes |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...app.functions.map((fn) => `| \`${fn.service}/${fn.name}\` | \`${fn.handlerFile}\` | ${describeFunction(fn)} | ${fn.preset}${fn.overridesPreset ? ' (overridden)' : ''} | ${fn.memorySize} MB | ${fn.timeoutSeconds} s | ${fn.reservedConcurrency ?? '-'} | ${describeProvisioned(fn)} | ${fn.tableAccess} | ${fn.publishes.join(', ') || '-'} |`),
    '',
    `Every function: ${ARCHITECTURES[app.architecture].cloudFormation}, ${RUNTIMES[app.nodeRuntime].cloudFormation}, ` +
      `X-Ray tracing ${app.tracing ? 'on' : 'off'}, JSON logs kept ${app.logRetentionDays} days, code from \`assets/<service>/<function>\` ` +
      '(written by `npx projen bundle`).',
    '',
    ...app.services.filter((service) => service.partitionKey).flatMap((service) => [
      `## Table of \`${service.name}\``,
      '',
      `Partition key \`${service.partitionKey!.name}\` (${service.partitionKey!.type})` +
        (service.sortKey ? `, sort key \`${service.sortKey.name}\` (${service.sortKey.type})` : '') +
        '; on-demand billing, point-in-time recovery, encrypted with the AWS managed key, retained when removed from the stack.',
      '',
    ]),
    app.hasEventBus && lines(
      '## Events',
      '',
      '| Source | Detail type | Published by |',
      '|---|---|---|',
      ...app.services.flatMap((service) => service.events.map((event) =>
        `| \`${service.name}\` | \`${event}\` | ${service.functions.filter((fn) => fn.publishes.includes(event)).map((fn) => `\`${fn.service}/${fn.name}\``).join(', ') || '-'} |`)),
      '',
    ),
  );
}

/** `2-10 at 0.7 (live alias)`, or `-`. */
function describeProvisioned(fn: FunctionModel): string {
  const settings = fn.provisionedConcurrency;
  return settings ? `${settings.minCapacity}-${settings.maxCapacity} at ${settings.utilizationTarget} (\`live\` alias)` : '-';
}

/** Mermaid node ids: prefixed, so that a service named like a keyword (`end`) cannot break the diagram. */
function id(name: string): string {
  return name.replace(/-/g, '_');
}

function functionNode(fn: FunctionModel): string {
  return `fn_${id(fn.service)}_${id(fn.name)}`;
}

function tableNode(service: string): string {
  return `table_${id(service)}`;
}
