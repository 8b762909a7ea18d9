import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { Readable } from 'node:stream';
import { AwsJsonApi, awsJsonCall } from './aws-json';
import { LocalKinesisStream } from './local-app';
import { KinesisRecordData, ShardPosition, StreamReader, StreamShard } from './stream-event-source';

/** Kinesis running locally, with the app's streams. */
export interface LocalKinesis {
  /** `http://127.0.0.1:<port>`: the app's `AWS_ENDPOINT_URL_KINESIS`. */
  readonly endpoint: string;
  /** How long starting kinesalite and creating the streams took. */
  readonly startupMs: number;
  /** What the streams use that is not emulated: said at start. */
  readonly limitations: string[];
  /** What reads a stream of the app for its event source mappings. */
  reader(stream: LocalKinesisStream): KinesisStreamReader;
  close(): Promise<void>;
}

/** kinesalite's factory: an HTTP server speaking Kinesis's API, in memory. */
type Kinesalite = (options: { createStreamMs: number; deleteStreamMs: number; updateStreamMs: number; shardLimit: number }) => http.Server;
type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** The connection preface of HTTP/2 with prior knowledge, what the SDK's HTTP/2 handler sends first. */
const HTTP2_PREFACE = 'PRI * HTTP/2.0';

/**
 * Starts kinesalite (Kinesis in memory, in this process) and creates the app's streams: their
 * names, shard counts (an `ON_DEMAND` stream has `LOCAL_ON_DEMAND_SHARDS` shards, which do not
 * scale) and retention (kinesalite drops records older than it).
 *
 * The AWS SDK v3's `KinesisClient` speaks HTTP/2 to an `http://` endpoint, kinesalite HTTP/1.1:
 * one port serves both, HTTP/2 connections (told by their preface) going to an HTTP/2 server with
 * kinesalite's handler, so that unmodified handlers reach it through `AWS_ENDPOINT_URL_KINESIS`
 * whatever their client's HTTP handler. Requests that name the stream by `StreamARN` (which
 * kinesalite does not know) are given its `StreamName`.
 *
 * Not emulated: enhanced fan-out (`RegisterStreamConsumer`, `SubscribeToShard`: a mapping of a
 * stream consumer polls the stream instead, as a shared-throughput consumer), resharding of
 * on-demand streams, encryption, tags. kinesalite is loaded from the app's dependencies.
 */
export async function startKinesis(streams: LocalKinesisStream[], port: number = 0): Promise<LocalKinesis> {
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const kinesalite = require('kinesalite') as Kinesalite;
  const emulator = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 10_000 });
  const handler = withStreamNames(emulator.listeners('request')[0] as Handler);
  const http1 = http.createServer(handler);
  const h2 = http2.createServer(handler as unknown as (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void);
  const sockets = new Set<net.Socket>();
  await listen(h2, 0);
  const h2Port = (h2.address() as net.AddressInfo).port;
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk) => {
      if (chunk.toString('latin1', 0, HTTP2_PREFACE.length) === HTTP2_PREFACE) {
        // an HTTP/2 session reads its socket natively, past what is unshifted: it gets a connection of its own
        const upstream = net.connect(h2Port, '127.0.0.1');
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => socket.destroy());
        socket.on('close', () => upstream.destroy());
        upstream.write(chunk);
        socket.pipe(upstream).pipe(socket);
      } else {
        socket.pause();
        socket.unshift(chunk);
        http1.emit('connection', socket);
        socket.resume();
      }
    });
  });
  await listen(front, port);
  const endpoint = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
  const close = async () => {
    sockets.forEach((socket) => socket.destroy());
    await Promise.all([closeServer(front), closeServer(h2), closeServer(http1)]);
    await new Promise<void>((resolve) => emulator.close(() => resolve()));
  };
  try {
    for (const stream of streams) {
      await kinesisCall(endpoint, 'CreateStream', { StreamName: stream.name, ShardCount: stream.shardCount });
      if (stream.retentionHours > 24) {
        await kinesisCall(endpoint, 'IncreaseStreamRetentionPeriod', { StreamName: stream.name, RetentionPeriodHours: stream.retentionHours });
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  const consumers = streams.flatMap((stream) => stream.consumers.map((consumer) => `${stream.name}/${consumer.name}`));
  const limitations = consumers.length > 0
    ? [`Kinesis enhanced fan-out (${consumers.join(', ')}): their mappings poll the stream as shared-throughput consumers; SubscribeToShard is not emulated`]
    : [];
  return {
    endpoint,
    startupMs: Date.now() - started,
    limitations,
    reader: (stream) => new KinesisStreamReader(endpoint, stream.name),
    close,
  };
}

/** Reads a Kinesis stream with `ListShards`, `GetShardIterator` and `GetRecords`. */
export class KinesisStreamReader implements StreamReader {
  constructor(private readonly endpoint: string, private readonly streamName: string) {}

  public async shards(): Promise<StreamShard[]> {
    const shards: StreamShard[] = [];
    let token: string | undefined;
    do {
      const page = await kinesisCall(this.endpoint, 'ListShards', token ? { NextToken: token } : { StreamName: this.streamName }) as {
        Shards: Array<{ ShardId: string; ParentShardId?: string }>; NextToken?: string;
      };
      shards.push(...page.Shards.map((shard) => ({ shardId: shard.ShardId, ...(shard.ParentShardId && { parentShardId: shard.ParentShardId }) })));
      token = page.NextToken;
    } while (token);
    return shards;
  }

  public async iterator(shardId: string, position: ShardPosition): Promise<string> {
    const request = {
      StreamName: this.streamName,
      ShardId: shardId,
      ShardIteratorType: position.type,
      ...(position.type === 'AFTER_SEQUENCE_NUMBER' && { StartingSequenceNumber: position.sequenceNumber }),
      ...(position.type === 'AT_TIMESTAMP' && { Timestamp: position.timestamp }),
    };
    return (await kinesisCall(this.endpoint, 'GetShardIterator', request) as { ShardIterator: string }).ShardIterator;
  }

  public async read(iterator: string, limit: number): Promise<{ records: KinesisRecordData[]; next?: string }> {
    const page = await kinesisCall(this.endpoint, 'GetRecords', { ShardIterator: iterator, Limit: limit }) as {
      Records: Array<{ SequenceNumber: string; PartitionKey: string; Data: string; ApproximateArrivalTimestamp: number }>;
      NextShardIterator?: string;
    };
    return {
      records: page.Records.map((record) => ({
        kind: 'kinesis',
        sequenceNumber: record.SequenceNumber,
        partitionKey: record.PartitionKey,
        data: Buffer.from(record.Data, 'base64'),
        arrivalMs: Math.round(record.ApproximateArrivalTimestamp * 1000),
      })),
      ...(page.NextShardIterator && { next: page.NextShardIterator }),
    };
  }
}

/**
 * kinesalite's handler, with `StreamARN` turned into the `StreamName` it knows in JSON requests
 * (the SDK's `PutRecords({ StreamARN })`, which AWS accepts since 2023).
 */
function withStreamNames(handler: Handler): Handler {
  return (request, response) => {
    const type = String(request.headers['content-type'] ?? '');
    if (request.method !== 'POST' || !type.startsWith('application/x-amz-json')) {
      handler(request, response);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        const data = JSON.parse(body.toString('utf8'));
        const name = typeof data?.StreamARN === 'string' ? /:stream\/([^/]+)/.exec(data.StreamARN)?.[1] : undefined;
        if (name !== undefined) {
          delete data.StreamARN;
          data.StreamName ??= name;
          body = Buffer.from(JSON.stringify(data));
        }
      } catch {
        // not JSON: kinesalite answers it
      }
      const replay = Object.assign(Readable.from(body.length > 0 ? [body] : []), {
        headers: request.headers,
        method: request.method,
        url: request.url,
      });
      handler(replay as unknown as http.IncomingMessage, response);
    });
  };
}

/** Kinesis's API. */
export const KINESIS_API: AwsJsonApi = { name: 'Kinesis', targetPrefix: 'Kinesis_20131202', version: '1.1' };

/** One call of Kinesis's API. */
export function kinesisCall(endpoint: string, action: string, body: object): Promise<unknown> {
  return awsJsonCall(endpoint, KINESIS_API, action, body);
}

function listen(server: net.Server | http2.Http2Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function closeServer(server: net.Server | http2.Http2Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
