/**
 * The entries of a `PutEvents` request as EventBridge reads them: their fields checked against the
 * API's types, their size as EventBridge counts it, their time, and the part of an event a target's
 * `InputPath` selects.
 *
 * @module
 */
import { EventBridgeRequestError, PutEventsRequestEntry } from './model';

/**
 * The size EventBridge counts for an entry against the 256 KB limit: 14 bytes for `Time` when present, plus
 * the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 *
 * @param entry a `PutEvents` entry
 * @returns its size in bytes
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  for (const resource of Array.isArray(entry.Resources) ? entry.Resources : []) size += bytes(resource);
  return size;
}

/**
 * The part of an event a target's `InputPath` selects. The JSONPath syntax EventBridge supports: `$` (the whole
 * event), dot notation (`$.detail.order-id`), array indices (`$.resources[0]`) and bracketed names
 * (`$.detail['order id']`). Wildcards and filters are not supported here.
 *
 * @param event the matched event
 * @param path the target's `InputPath`; none or `$` selects the whole event
 * @returns `{ value }`, or undefined when the path selects nothing (or is not syntax supported here)
 */
export function selectInputPath(event: unknown, path: string | undefined): { value: unknown } | undefined {
  if (path === undefined || path.trim() === '$') return { value: event };
  const text = path.trim();
  if (!text.startsWith('$')) return undefined;
  const step = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let value: unknown = event;
  let offset = 1;
  while (offset < text.length) {
    step.lastIndex = offset;
    const match = step.exec(text);
    if (!match) return undefined;
    offset = step.lastIndex;
    if (match[2] !== undefined) {
      const index = Number(match[2]);
      if (!Array.isArray(value) || index >= value.length) return undefined;
      value = value[index];
    } else {
      const key = match[1] ?? match[3] ?? match[4] ?? '';
      if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
      value = value[key];
    }
  }
  return { value };
}


/** The entries of a `PutEvents` body, their fields checked against the API's types (a mismatch is a `SerializationException`). */
export function readEntries(request: unknown): PutEventsRequestEntry[] {
  const serialization = (message: string) => new EventBridgeRequestError('SerializationException', message);
  if (!isObject(request)) throw serialization('The request body must be a JSON object.');
  const entries = request.Entries;
  if (entries === undefined || entries === null) {
    throw new EventBridgeRequestError('ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  }
  if (!Array.isArray(entries)) throw serialization('Entries must be a list.');
  return entries.map((entry: unknown, index) => {
    if (!isObject(entry)) throw serialization(`Entries[${index}] must be a structure.`);
    for (const field of ['Source', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader']) {
      if (entry[field] !== undefined && entry[field] !== null && typeof entry[field] !== 'string') {
        throw serialization(`Entries[${index}].${field} must be a string.`);
      }
    }
    const resources = entry.Resources;
    if (resources !== undefined && resources !== null
      && !(Array.isArray(resources) && resources.every((resource) => typeof resource === 'string'))) {
      throw serialization(`Entries[${index}].Resources must be a list of strings.`);
    }
    const time = entry.Time;
    if (time !== undefined && time !== null && typeof time !== 'number' && typeof time !== 'string') {
      throw serialization(`Entries[${index}].Time must be a timestamp.`);
    }
    return entry as PutEventsRequestEntry;
  });
}


/** A JSON text's value when it is an object, else undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An entry's `Time` as a date: epoch seconds (the JSON protocol's timestamps), an RFC 3339 string or a date. */
export function toDate(time: Date | string | number): Date | undefined {
  const date = typeof time === 'number' ? new Date(time * 1000) : time instanceof Date ? time : new Date(time);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? undefined : date;
}

/** A time as EventBridge writes events' `time`: UTC, to the second, `2024-01-01T00:00:00Z`. */
export function formatTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}


export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

