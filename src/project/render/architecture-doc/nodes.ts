/** The Mermaid node ids and labels of the diagram. */
import { routeMarks } from './text';
import { FunctionModel, RouteModel, WorkflowModel } from '../../model';

/** Mermaid node ids: prefixed, so that a service named like a keyword (`end`) cannot break the diagram. */
export function id(name: string): string {
  return name.replace(/-/g, '_');
}

export function functionNode(fn: FunctionModel): string {
  return `fn_${id(fn.service)}_${id(fn.name)}`;
}

export function tableNode(service: string): string {
  return `table_${id(service)}`;
}

export function workflowNode(workflow: WorkflowModel): string {
  return `wf_${id(workflow.service)}_${id(workflow.name)}`;
}

export function apiNode(propertyName: string): string {
  return `rest_${propertyName}`;
}

/** Where an asynchronously invoked function sends what failed. */
export function deadLetterNode(fn: FunctionModel): string {
  return `dlq_${id(fn.service)}_${id(fn.name)}`;
}

export function bucketNode(service: string, bucket: string): string {
  return `bucket_${id(service)}_${id(bucket)}`;
}

export function streamNode(service: string, stream: string | undefined): string {
  return stream === undefined ? `tablestream_${id(service)}` : `stream_${id(service)}_${id(stream)}`;
}

export function queueNode(service: string, queue: string): string {
  return `queue_${id(service)}_${id(queue)}`;
}

export function lakeNode(service: string, part: 'raw' | 'processed' | 'catalog' | 'athena' | 'results'): string {
  return `lake_${id(service)}_${part}`;
}

export function idempotencyNode(service: string): string {
  return `idempotency_${id(service)}`;
}

/** `POST /orders (authorized, validated)`. */
export function routeLabel(route: RouteModel): string {
  const marks = routeMarks(route);
  return label(`${route.method} ${route.path}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
}

/** Text for a quoted Mermaid label: a double quote would end it. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}

/** `incoming/*.csv`, `*`: the keys a prefix and suffix match (they hold no `*` of their own). */
export function keys(prefix: string, suffix: string): string {
  return label(`${prefix}*${suffix}`);
}
