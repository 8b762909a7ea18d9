/** What the page's text and diagram share: names of functions, keys, sizes and formats as they are written. */
import { DataLakeFormat } from '../../../constructs/data-lake-schema';
import { FunctionModel, RouteModel } from '../../model';

/** The Glue table over the processed objects, as `ServerlessDataLake` names it. */
export const LAKE_TABLE_NAME = 'processed';

export const FORMATS: Record<DataLakeFormat, string> = {
  [DataLakeFormat.JSON]: 'JSON Lines',
  [DataLakeFormat.PARQUET]: 'Parquet',
};

/** `` `ingest/process-upload`, `ingest/fulfil` ``. */
export function names(functions: FunctionModel[]): string {
  return functions.map((fn) => `\`${fn.service}/${fn.name}\``).join(', ');
}

/** ` under `incoming/` ending in `.csv``, or nothing for any key. */
export function keysText(prefix: string, suffix: string): string {
  return `${prefix ? ` under ${code(prefix)}` : ''}${suffix ? ` ending in ${code(suffix)}` : ''}`;
}

/** A table cell's code, `-` when empty. */
export function code(text: string): string {
  return text ? `\`${text.replace(/\|/g, '\\|')}\`` : '-';
}

/** `100 MiB`, `100 GB`, `1500 bytes`: the largest unit that divides it, binary or decimal. */
export function bytes(count: number): string {
  const units: Array<[number, string]> = [
    [1024 ** 4, 'TiB'], [1e12, 'TB'], [1024 ** 3, 'GiB'], [1e9, 'GB'], [1024 ** 2, 'MiB'], [1e6, 'MB'], [1024, 'KiB'], [1e3, 'kB'],
  ];
  const unit = units.find(([size]) => count >= size && count % size === 0);
  return unit ? `${count / unit[0]} ${unit[1]}` : `${count} bytes`;
}

/** `` `POST /orders` (authorized, validated) ``: a route in a table cell. */
export function routeCell(route: RouteModel): string {
  const marks = routeMarks(route);
  return `${code(`${route.method} ${route.path}`)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
}

export function routeMarks(route: RouteModel): string[] {
  return [route.authorized && 'authorized', route.cacheTtlSeconds !== undefined && 'cached', route.bodySchemaFile && 'validated']
    .filter((mark): mark is string => typeof mark === 'string');
}
