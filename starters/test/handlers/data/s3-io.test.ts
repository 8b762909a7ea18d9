import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { encodedKey, fakeReader, s3Event, s3Record, textOf } from './fake-s3';
import { createdObjects, decodeKey, linesOf, ObjectReader, openObject } from '../../../src/handlers/data/s3-io';

/** All the lines of the chunks given. */
async function lines(...chunks: Array<Buffer | string>): Promise<string[]> {
  const found: string[] = [];
  for await (const line of linesOf(Readable.from(chunks))) {
    found.push(line);
  }
  return found;
}

describe('decodeKey', () => {
  test.each([
    ['a space, written as +', 'incoming/my+file.json', 'incoming/my file.json'],
    ['a plus, written as %2B', 'incoming/a%2Bb.json', 'incoming/a+b.json'],
    ['UTF-8, percent-encoded', 'incoming/caf%C3%A9.json', 'incoming/café.json'],
    ['a Hive partition', 'incoming/year%3D2024/a.json', 'incoming/year=2024/a.json'],
  ])('decodes %s', (_case, key, decoded) => {
    expect(decodeKey(key)).toBe(decoded);
  });

  test('gives back the key S3 encoded', () => {
    const key = 'incoming/year=2024/a b+c (1) é.json';
    expect(decodeKey(encodedKey(key))).toBe(key);
  });
});

describe('createdObjects', () => {
  test('names the created objects, keys decoded, versions kept, and skips other events', () => {
    const event = s3Event(
      s3Record('raw', 'incoming/my+file.json', { size: 10, versionId: 'v1' }),
      s3Record('raw', 'incoming/gone.json', { eventName: 'ObjectRemoved:Delete' }),
      s3Record('raw', 'incoming/b.json', { eventName: 'ObjectCreated:CompleteMultipartUpload', size: 20 }),
    );
    expect(createdObjects(event)).toEqual([
      { bucket: 'raw', key: 'incoming/my file.json', size: 10, versionId: 'v1' },
      { bucket: 'raw', key: 'incoming/b.json', size: 20, versionId: undefined },
    ]);
  });
});

describe('openObject', () => {
  test('gets the version the event is about, as a stream', async () => {
    // Prepare
    const reader = fakeReader({ 'raw/incoming/a.json': ['{"a":1}\n', '{"a":2}\n'] });

    // Act
    const body = await openObject(reader, { bucket: 'raw', key: 'incoming/a.json', size: 16, versionId: 'v1' });

    // Assert
    expect(reader.sent).toHaveLength(1);
    expect(reader.sent[0]).toBeInstanceOf(GetObjectCommand);
    expect(reader.sent[0].input).toEqual({ Bucket: 'raw', Key: 'incoming/a.json', VersionId: 'v1' });
    await expect(textOf(body)).resolves.toBe('{"a":1}\n{"a":2}\n');
  });

  test('fails naming the object when the answer has no stream', async () => {
    const reader: ObjectReader = { send: async () => ({ Body: 'text' }) };
    await expect(openObject(reader, { bucket: 'raw', key: 'a.json', size: 4 })).rejects.toThrow('s3://raw/a.json: GetObject returned no readable stream');
  });
});

describe('linesOf', () => {
  test('splits lines across chunks, without their line ends', async () => {
    await expect(lines('one\ntw', 'o\r\nthree')).resolves.toEqual(['one', 'two', 'three']);
  });

  test('keeps a blank line, and adds none for a final line end', async () => {
    await expect(lines('one\n\ntwo\n')).resolves.toEqual(['one', '', 'two']);
  });

  test('decodes a character split between two chunks', async () => {
    const bytes = Buffer.from('café\n');
    await expect(lines(bytes.subarray(0, 4), bytes.subarray(4))).resolves.toEqual(['café']);
  });
});
