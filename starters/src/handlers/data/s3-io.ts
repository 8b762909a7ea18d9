import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';

/** An object an S3 event names: its bucket, its key (decoded), its size and the version the event is about. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly versionId?: string;
}

/** What reading needs of an `S3Client`; tests pass a fake. */
export interface ObjectReader {
  send(command: GetObjectCommand): Promise<{ Body?: unknown }>;
}

/** An object key as S3 notifications write it, decoded: URL-encoded, with `+` for a space. */
export function decodeKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The objects the event's records created (other event types, e.g. ObjectRemoved, name nothing to read). */
export function createdObjects(event: S3Event): ObjectRef[] {
  return event.Records
    .filter((record) => record.eventName.startsWith('ObjectCreated:'))
    .map(({ s3 }) => ({ bucket: s3.bucket.name, key: decodeKey(s3.object.key), size: s3.object.size, versionId: s3.object.versionId }));
}

/**
 * The object's content, as a stream that reads it as it arrives: never buffered whole, so the
 * function's memory does not bound the object's size. In a versioned bucket it is the version
 * the event is about, even when the key has been written again since.
 */
export async function openObject(reader: ObjectReader, object: ObjectRef): Promise<Readable> {
  const out = await reader.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }));
  if (!(out.Body instanceof Readable)) {
    throw new Error(`s3://${object.bucket}/${object.key}: GetObject returned no readable stream`);
  }
  return out.Body;
}

/** The lines of a stream of UTF-8 text, without their line ends (`\n` or `\r\n`), as they arrive. */
export async function* linesOf(body: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  for await (const chunk of body) {
    const lines = (partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
    partial = lines.pop()!;
    yield* lines.map(withoutCarriageReturn);
  }
  partial += decoder.end();
  if (partial !== '') {
    yield withoutCarriageReturn(partial);
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
