// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { encodedKey, fakeReader, s3Event, s3Record, textOf } from './fake-s3';
import {
  handler,
  InvalidObjectError,
  processedKey,
  RAW_PREFIX,
  TransformCounts,
  transformLines,
  transformObject,
  uploader,
  WriteObject,
} from '../../../src/handlers/data/transform';

const context = { functionName: 'transform', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

const DESTINATION = { bucket: 'processed-bucket', prefix: 'processed/' };

/** A writer that keeps what it is given, read to the end, by bucket and key. */
function fakeWriter(): WriteObject & { written: Map<string, string> } {
  const written = new Map<string, string>();
  const write = async (bucket: string, key: string, body: Readable) => {
    written.set(`${bucket}/${key}`, await textOf(body));
  };
  return Object.assign(write, { written });
}

/** All the lines `transformLines` writes for the input lines given. */
async function transformed(lines: string[], counts: TransformCounts = { read: 0, written: 0 }): Promise<string[]> {
  const out: string[] = [];
  for await (const line of transformLines(Readable.from(lines), `s3://raw/${RAW_PREFIX}a.json`, counts)) {
    out.push(line);
  }
  return out;
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('processedKey', () => {
  test.each([
    ['a file', `${RAW_PREFIX}a.json`, 'processed/a.json'],
    ['partition folders', `${RAW_PREFIX}year=2024/month=05/a.json`, 'processed/year=2024/month=05/a.json'],
  ])('keeps the key relative to RAW_PREFIX under the prefix: %s', (_case, rawKey, key) => {
    expect(processedKey(rawKey, 'processed/')).toBe(key);
  });

  test('keeps the relative key as it is under an empty prefix', () => {
    expect(processedKey(`${RAW_PREFIX}a.json`, '')).toBe('a.json');
  });

  test('fails on a key outside RAW_PREFIX, saying what to set', () => {
    expect(() => processedKey('other/a.json', 'processed/')).toThrow(
      `object key 'other/a.json' is not under RAW_PREFIX '${RAW_PREFIX}': set RAW_PREFIX to the data lake's \`rawPrefix\``,
    );
  });
});

describe('transformLines', () => {
  test('writes each JSON object on a line of its own, skipping blank lines, and counts them', async () => {
    const counts = { read: 0, written: 0 };
    await expect(transformed(['{"id": 1,\t"name": "a"}', '', '  ', '{"id":2}'], counts)).resolves.toEqual(['{"id":1,"name":"a"}\n', '{"id":2}\n']);
    expect(counts).toEqual({ read: 2, written: 2 });
  });

  test.each([
    ['not JSON', '{"id": 1', 'line 2 is not JSON'],
    ['not an object', '[1, 2]', 'line 2 is not a JSON object'],
  ])('fails on a line that is %s, naming the object and the line', async (_case, line, message) => {
    const transform = transformed(['{"id":1}', line]);
    await expect(transform).rejects.toThrow(InvalidObjectError);
    await expect(transformed(['{"id":1}', line])).rejects.toThrow(`s3://raw/${RAW_PREFIX}a.json: ${message}`);
  });
});

describe('transformObject', () => {
  test('writes the transformed lines to the processed bucket, under the prefix, with the same relative key', async () => {
    // Prepare
    const reader = fakeReader({ [`raw-bucket/${RAW_PREFIX}2024/a b.json`]: ['{"id":1}\n{"id"', ':2}\n'] });
    const write = fakeWriter();
    const object = { bucket: 'raw-bucket', key: `${RAW_PREFIX}2024/a b.json`, size: 18, versionId: 'v1' };

    // Act
    const result = await transformObject(object, reader, write, DESTINATION);

    // Assert
    expect(reader.sent[0].input).toEqual({ Bucket: 'raw-bucket', Key: `${RAW_PREFIX}2024/a b.json`, VersionId: 'v1' });
    expect([...write.written]).toEqual([['processed-bucket/processed/2024/a b.json', '{"id":1}\n{"id":2}\n']]);
    expect(result).toEqual({ key: 'processed/2024/a b.json', read: 2, written: 2 });
  });

  test('never writes into the bucket that invokes it, where each object would invoke it again', async () => {
    const reader = fakeReader({ [`raw-bucket/${RAW_PREFIX}a.json`]: ['{"id":1}\n'] });
    const write = fakeWriter();
    await expect(transformObject({ bucket: 'raw-bucket', key: `${RAW_PREFIX}a.json`, size: 9 }, reader, write, { bucket: 'raw-bucket', prefix: 'processed/' }))
      .rejects.toThrow("PROCESSED_BUCKET is 'raw-bucket', the bucket that invokes this function: each object written there would invoke it again");
    expect(reader.sent).toEqual([]);
    expect(write.written.size).toBe(0);
  });

  test('streams: the first line is written before the last is read', async () => {
    // Prepare: the raw object's second line is only read once the writer has received the first
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => {
      firstWritten = resolve;
    });
    async function* rawObject(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"id":1}\n');
      await written;
      yield Buffer.from('{"id":2}\n');
    }
    const reader = { send: async () => ({ Body: Readable.from(rawObject()) }) };
    const received: string[] = [];
    const write: WriteObject = async (_bucket, _key, body) => {
      for await (const chunk of body) {
        received.push(chunk.toString());
        firstWritten();
      }
    };

    // Act
    await transformObject({ bucket: 'raw-bucket', key: `${RAW_PREFIX}a.json`, size: 18 }, reader, write, DESTINATION);

    // Assert
    expect(received).toEqual(['{"id":1}\n', '{"id":2}\n']);
  });

  test('fails the write when a line is bad, so no processed object is completed', async () => {
    const reader = fakeReader({ [`raw-bucket/${RAW_PREFIX}a.json`]: ['{"id":1}\n', 'oops\n'] });
    await expect(transformObject({ bucket: 'raw-bucket', key: `${RAW_PREFIX}a.json`, size: 14 }, reader, fakeWriter(), DESTINATION))
      .rejects.toThrow(`s3://raw-bucket/${RAW_PREFIX}a.json: line 2 is not JSON`);
  });
});

describe('uploader', () => {
  /** A client of a region, with credentials, whose requests never leave: each test stubs `send`. */
  function s3Client(): S3Client {
    return new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  }

  test('uploads the stream under the bucket and key, as JSON Lines', async () => {
    // Prepare
    const client = s3Client();
    const send = jest.spyOn(client, 'send').mockImplementation(async () => ({ ETag: '"etag"' }));

    // Act
    await uploader(client)('processed-bucket', 'processed/a.json', Readable.from(['{"id":1}\n', '{"id":2}\n']));

    // Assert
    const [[put]] = send.mock.calls as unknown as Array<[PutObjectCommand]>;
    expect(put).toBeInstanceOf(PutObjectCommand);
    expect(put.input).toMatchObject({ Bucket: 'processed-bucket', Key: 'processed/a.json', ContentType: 'application/x-ndjson' });
    expect(Buffer.from(put.input.Body as Uint8Array).toString()).toBe('{"id":1}\n{"id":2}\n');
  });

  test('writes no object when the stream fails before its end', async () => {
    const client = s3Client();
    const send = jest.spyOn(client, 'send').mockImplementation(async () => ({ ETag: '"etag"' }));
    async function* failing(): AsyncGenerator<string> {
      yield '{"id":1}\n';
      throw new InvalidObjectError('line 2 is not JSON');
    }
    await expect(uploader(client)('processed-bucket', 'processed/a.json', Readable.from(failing()))).rejects.toThrow('line 2 is not JSON');
    expect(send).not.toHaveBeenCalled();
  });
});

describe('handler', () => {
  beforeEach(() => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.PROCESSED_BUCKET = 'processed-bucket';
    process.env.PROCESSED_PREFIX = 'processed/';
  });

  test('reads the raw object and writes its processed object to PROCESSED_BUCKET under PROCESSED_PREFIX', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');
    const send = jest.spyOn(S3Client.prototype, 'send').mockImplementation(async (command) => (
      command instanceof GetObjectCommand ? { Body: Readable.from([Buffer.from('{"id":1}\n')]) } : { ETag: '"etag"' }
    ));

    // Act
    await handler(s3Event(s3Record('raw-bucket', encodedKey(`${RAW_PREFIX}year=2024/a b.json`))), context);

    // Assert
    const [[get], [put]] = send.mock.calls as unknown as Array<[GetObjectCommand | PutObjectCommand]>;
    expect(get.input).toMatchObject({ Bucket: 'raw-bucket', Key: `${RAW_PREFIX}year=2024/a b.json` });
    expect(put.input).toMatchObject({ Bucket: 'processed-bucket', Key: 'processed/year=2024/a b.json' });
    expect(info).toHaveBeenCalledWith('object transformed', {
      key: `${RAW_PREFIX}year=2024/a b.json`,
      processedKey: 'processed/year=2024/a b.json',
      read: 1,
      written: 1,
    });
  });

  test.each(['PROCESSED_BUCKET', 'PROCESSED_PREFIX'])('fails naming %s when the stack did not set it', async (name) => {
    delete process.env[name];
    const send = jest.spyOn(S3Client.prototype, 'send');
    await expect(handler(s3Event(s3Record('raw-bucket', encodedKey(`${RAW_PREFIX}a.json`))), context)).rejects.toThrow(`environment variable ${name} is not set`);
    expect(send).not.toHaveBeenCalled();
  });

  test('logs and fails on an object it cannot transform, so Lambda retries it and then dead-letters it', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    jest.spyOn(S3Client.prototype, 'send').mockImplementation(async () => ({ Body: Readable.from([Buffer.from('oops\n')]) }));
    await expect(handler(s3Event(s3Record('raw-bucket', encodedKey(`${RAW_PREFIX}a.json`))), context)).rejects.toThrow(InvalidObjectError);
    expect(error).toHaveBeenCalledWith('object not transformed', { bucket: 'raw-bucket', key: `${RAW_PREFIX}a.json`, error: expect.any(InvalidObjectError) });
  });
});
