// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { fakeReader, s3Event, s3Record } from './fake-s3';
import { handler, processEvent, processObject } from '../../../src/handlers/data/s3-objects';

const context = { functionName: 's3-objects', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

afterEach(() => {
  jest.restoreAllMocks();
});

describe('processObject', () => {
  test('counts the bytes and lines of the stream, chunk by chunk', async () => {
    const body = Readable.from([Buffer.from('a,b\n1,'), Buffer.from('2\n3,4\n')]);
    await expect(processObject({ bucket: 'data', key: 'in/a.csv', size: 12 }, body)).resolves.toEqual({ bucket: 'data', key: 'in/a.csv', bytes: 12, lines: 3 });
  });
});

describe('processEvent', () => {
  test('reads each created object under its decoded key, and skips other events', async () => {
    // Prepare
    const reader = fakeReader({ 'data/in/my file.csv': ['a\n'], 'data/in/b.csv': ['b\nc\n'] });
    const event = s3Event(
      s3Record('data', 'in/my+file.csv'),
      s3Record('data', 'in/old.csv', { eventName: 'ObjectRemoved:Delete' }),
      s3Record('data', 'in/b.csv'),
    );

    // Act
    const summaries = await processEvent(event, reader);

    // Assert
    expect(reader.sent.map((command) => command.input.Key)).toEqual(['in/my file.csv', 'in/b.csv']);
    expect(summaries).toEqual([
      { bucket: 'data', key: 'in/my file.csv', bytes: 2, lines: 1 },
      { bucket: 'data', key: 'in/b.csv', bytes: 4, lines: 2 },
    ]);
  });

  test('fails on an object it cannot read, so the invocation is retried', async () => {
    await expect(processEvent(s3Event(s3Record('data', 'in/missing.csv')), fakeReader({}))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('handler', () => {
  test('reads the object with S3 and logs what it learned', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');
    const send = jest.spyOn(S3Client.prototype, 'send').mockImplementation(async () => ({ Body: Readable.from([Buffer.from('x\ny\n')]) }));

    // Act
    await handler(s3Event(s3Record('data', 'in/a%2Bb.csv', { versionId: 'v2' })), context);

    // Assert
    const [[command]] = send.mock.calls as unknown as Array<[GetObjectCommand]>;
    expect(command.input).toEqual({ Bucket: 'data', Key: 'in/a+b.csv', VersionId: 'v2' });
    expect(info).toHaveBeenCalledWith('object processed', { bucket: 'data', key: 'in/a+b.csv', bytes: 4, lines: 2 });
  });

  test('fails the invocation, logging the keys, when an object cannot be read', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    jest.spyOn(S3Client.prototype, 'send').mockImplementation(async () => Promise.reject(denied));
    await expect(handler(s3Event(s3Record('data', 'in/a.csv')), context)).rejects.toBe(denied);
    expect(error).toHaveBeenCalledWith('event failed', { keys: ['in/a.csv'], error: denied });
  });
});
