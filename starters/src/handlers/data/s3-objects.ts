import type { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { createdObjects, ObjectReader, ObjectRef, openObject } from './s3-io';
import { logger } from '../shared/logger';
import { observed, traced } from '../shared/observability';

/** What the starter learns of an object by reading it: replace it with your result. */
export interface ObjectSummary {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
  readonly lines: number;
}

const NEWLINE = 0x0a;

/**
 * The function's business logic, apart from the Lambda adapter: replace it with yours. It reads
 * the object as a stream, chunk by chunk (`linesOf` of ./s3-io gives its lines), so an object
 * larger than the function's memory can be processed; give the function the timeout its largest
 * objects need, or start a workflow for them instead (spec: S3 Event Processing).
 *
 * Failed invocations are retried, and S3 may deliver an event twice: make this idempotent,
 * keyed on the object's key and version (a result written under a key derived from them is).
 */
export async function processObject(object: ObjectRef, body: Readable): Promise<ObjectSummary> {
  let bytes = 0;
  let lines = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      lines++;
    }
  }
  return { bucket: object.bucket, key: object.key, bytes, lines };
}

/** Reads and processes each object the event created, one after the other. */
export async function processEvent(event: S3Event, reader: ObjectReader): Promise<ObjectSummary[]> {
  const summaries: ObjectSummary[] = [];
  for (const object of createdObjects(event)) {
    const summary = await processObject(object, await openObject(reader, object));
    logger.info('object processed', { ...summary });
    summaries.push(summary);
  }
  return summaries;
}

let client: S3Client | undefined;

/**
 * S3 invokes the function asynchronously: a throw fails the invocation, which Lambda retries
 * twice and then sends to the function's dead-letter queue, with the event.
 */
export const handler = observed(async (event: S3Event, context: Context): Promise<void> => {
  logger.addContext(context);
  client ??= traced(new S3Client({}));
  try {
    await processEvent(event, client);
  } catch (error) {
    logger.error('event failed', { keys: createdObjects(event).map((object) => object.key), error });
    throw error;
  }
});
