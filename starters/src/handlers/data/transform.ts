import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Context, S3Event } from 'aws-lambda';
import { createdObjects, linesOf, ObjectReader, ObjectRef, openObject } from './s3-io';
import { requiredEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { observed, traced } from '../shared/observability';

/**
 * The data lake's `rawPrefix`: the prefix of the raw objects that invoke this function. A raw
 * object's key relative to it is its processed object's key relative to `PROCESSED_PREFIX`, so
 * Hive-style partition folders (`year=2024/`) carry over.
 */
export const RAW_PREFIX = 'incoming/';

/** A record of a raw object: one line of JSON Lines. Write the fields your producers send here. */
export type RawRecord = Record<string, unknown>;

/** A record of a processed object, as the lake's Glue table reads it: one field per column. */
export type ProcessedRecord = Record<string, unknown>;

/**
 * The transformation, apart from the Lambda adapter: replace it with yours (rename fields to the
 * table's columns, convert types, drop what the table does not have). Return `undefined` to
 * leave the record out. It runs again when a raw object is processed again: keep it a pure
 * function of the record.
 */
export function transformRecord(record: RawRecord): ProcessedRecord | undefined {
  return record;
}

/** Where processed objects go: the lake's processed bucket and prefix. */
export interface Destination {
  readonly bucket: string;
  readonly prefix: string;
}

/** Writes a stream as an object; `uploader` streams it to S3, tests pass a fake. */
export type WriteObject = (bucket: string, key: string, body: Readable) => Promise<void>;

/** How many records a transformation read and wrote. */
export interface TransformCounts {
  read: number;
  written: number;
}

/** What became of a raw object: its processed object's key, and the counts. */
export interface TransformResult extends TransformCounts {
  readonly key: string;
}

/** A raw object this function cannot transform: fixing it takes a new upload, not a retry. */
export class InvalidObjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidObjectError';
  }
}

/** The key of a raw object's processed object: its key relative to `RAW_PREFIX`, under `prefix`. */
export function processedKey(rawKey: string, prefix: string): string {
  if (!rawKey.startsWith(RAW_PREFIX)) {
    throw new Error(`object key '${rawKey}' is not under RAW_PREFIX '${RAW_PREFIX}': set RAW_PREFIX to the data lake's \`rawPrefix\``);
  }
  return `${prefix}${rawKey.slice(RAW_PREFIX.length)}`;
}

/**
 * JSON Lines in, JSON Lines out: each line a JSON object, transformed and written on one line,
 * as the OpenX JSON SerDe of the lake's table reads it. Blank lines are skipped; a line that is
 * not a JSON object fails the object, naming its line number.
 */
export async function* transformLines(lines: AsyncIterable<string>, where: string, counts: TransformCounts): AsyncGenerator<string> {
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') {
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new InvalidObjectError(`${where}: line ${number} is not JSON`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new InvalidObjectError(`${where}: line ${number} is not a JSON object`);
    }
    counts.read++;
    const transformed = transformRecord(record as RawRecord);
    if (transformed !== undefined) {
      counts.written++;
      yield `${JSON.stringify(transformed)}\n`;
    }
  }
}

/**
 * Transforms a raw object into its processed object, streaming: lines are read, transformed and
 * written as they arrive.
 *
 * The processed object goes to the processed bucket, never back into the raw one: the raw bucket
 * invokes this function for each object created under `RAW_PREFIX`, so an object written there
 * would invoke it again, and again (spec: Recursive Lambda Pattern, the runaway-cost
 * anti-pattern). The lake grants this function writes to the processed bucket only; the check
 * below fails before anything is read if the environment says otherwise.
 */
export async function transformObject(
  object: ObjectRef,
  reader: ObjectReader,
  write: WriteObject,
  destination: Destination,
): Promise<TransformResult> {
  if (destination.bucket === object.bucket) {
    throw new Error(`PROCESSED_BUCKET is '${object.bucket}', the bucket that invokes this function: each object written there would invoke it again`);
  }
  const key = processedKey(object.key, destination.prefix);
  const counts: TransformCounts = { read: 0, written: 0 };
  const where = `s3://${object.bucket}/${object.key}`;
  const body = await openObject(reader, object);
  await write(destination.bucket, key, Readable.from(transformLines(linesOf(body), where, counts)));
  return { key, ...counts };
}

/**
 * Streams each object to S3 with `Upload`: in 5 MB parts (a multipart upload) once it is larger
 * than one, a few parts in memory at a time; a failure mid-way aborts the upload, so no partial
 * object is left for the table to read. (PutObject would need the length, known only at the end.)
 */
export function uploader(client: S3Client): WriteObject {
  return async (bucket, key, body) => {
    await new Upload({ client, params: { Bucket: bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' } }).done();
  };
}

/** The `PROCESSED_PREFIX` the lake sets, which may be empty. */
function processedPrefix(): string {
  const prefix = process.env.PROCESSED_PREFIX;
  if (prefix === undefined) {
    throw new Error('environment variable PROCESSED_PREFIX is not set');
  }
  return prefix;
}

let client: S3Client | undefined;

/**
 * S3 invokes the function asynchronously: a throw fails the invocation, which Lambda retries
 * twice and then sends to the function's dead-letter queue, with the event. A retry writes the
 * same processed key again, replacing what an earlier attempt wrote.
 */
export const handler = observed(async (event: S3Event, context: Context): Promise<void> => {
  logger.addContext(context);
  client ??= traced(new S3Client({}));
  const destination = { bucket: requiredEnv('PROCESSED_BUCKET'), prefix: processedPrefix() };
  const write = uploader(client);
  for (const object of createdObjects(event)) {
    try {
      const result = await transformObject(object, client, write, destination);
      logger.info('object transformed', { key: object.key, processedKey: result.key, read: result.read, written: result.written });
    } catch (error) {
      logger.error('object not transformed', { bucket: object.bucket, key: object.key, error });
      throw error;
    }
  }
});
