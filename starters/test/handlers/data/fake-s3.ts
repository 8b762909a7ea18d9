import { Readable } from 'node:stream';
import type { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { ObjectReader } from '../../../src/handlers/data/s3-io';

/** An S3 notification record as Lambda receives it; `key` is written as S3 writes it (URL-encoded, `+` for a space). */
export function s3Record(bucket: string, key: string, options: { eventName?: string; size?: number; versionId?: string } = {}): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2024-01-01T00:00:00.000Z',
    eventName: options.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AROAEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.10' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'route-1',
      bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key, size: options.size ?? 64, eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: options.versionId, sequencer: '0055AED6DCD90281E5' },
    },
  };
}

/** A key as S3 notifications write it: URL-encoded, `/` kept, `+` for a space. */
export function encodedKey(key: string): string {
  return key.split('/').map((part) => encodeURIComponent(part).replace(/%20/g, '+')).join('/');
}

export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

/**
 * An S3 client that answers GetObject with the content stored under `bucket/key`, as a stream
 * of the chunks given, and records the commands it is sent.
 */
export function fakeReader(objects: Record<string, string[]>): ObjectReader & { sent: GetObjectCommand[] } {
  const sent: GetObjectCommand[] = [];
  return {
    sent,
    send: async (command) => {
      sent.push(command);
      const chunks = objects[`${command.input.Bucket}/${command.input.Key}`];
      if (!chunks) {
        throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      }
      return { Body: Readable.from(chunks.map((chunk) => Buffer.from(chunk))) };
    },
  };
}

/** The whole content of a stream, as text. */
export async function textOf(body: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString();
  }
  return text;
}
