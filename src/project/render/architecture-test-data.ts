import { DataLakeColumn, DataLakeFormat } from '../../constructs/data-lake-schema';
import { EVENT_DELIVERY } from '../../constructs/event-delivery';
import { AppModel, FunctionModel, ServiceModel } from '../model';
import { KinesisStreamMode, ObjectEvent } from '../options';
import { RUNTIMES } from '../runtimes';
import { describeKeys } from './service';
import { lines, literal, str } from './typescript';

/**
 * The data processing part of `test/generated/architecture.test.ts`: buckets and their object
 * events, Kinesis streams and their consumers, the table's stream, queues behind API routes,
 * data lakes, idempotency tables and the workflows that objects start. As in the rest of the
 * file, every expected value is computed from the options (the model), not read from the stack.
 * An app that uses none of these options gets none of it: its test is what it was before.
 */

/** The S3 event types an object event is delivered as: a notification of the whole family. */
const S3_EVENT_TYPES: Record<ObjectEvent, string> = {
  [ObjectEvent.CREATED]: 's3:ObjectCreated:*',
  [ObjectEvent.REMOVED]: 's3:ObjectRemoved:*',
};

/** How the table reads each format: the Glue classification and the SerDe. */
const TABLE_FORMATS: Record<DataLakeFormat, { classification: string; serde: string }> = {
  [DataLakeFormat.JSON]: { classification: 'json', serde: 'org.openx.data.jsonserde.JsonSerDe' },
  [DataLakeFormat.PARQUET]: { classification: 'parquet', serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

/** Days a versioned bucket keeps a previous version, as the `versioned` option says. */
const NONCURRENT_VERSION_DAYS = 30;
/** Lambda's advice, which the `visibilityTimeoutSeconds` option follows: six timeouts of the consumer. */
const VISIBILITY_PER_TIMEOUT = 6;
/** SQS's own visibility timeout, for a queue without a consumer. */
const SQS_DEFAULT_VISIBILITY_SECONDS = 30;
/** What Powertools idempotency does with its records. */
const IDEMPOTENCY_ACTIONS = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Whether the app uses a data processing option; only then are these tests written. */
export function usesDataProcessing(app: AppModel): boolean {
  // every function-level option names a bucket, stream, queue, lake or table stream of its service, or has an idempotency table
  return app.services.some((service) => service.buckets.length > 0 || service.streams.length > 0 || service.queues.length > 0
    || service.dataLake !== undefined || service.tableStreamView !== undefined || service.hasIdempotencyTable);
}

/** Whether the app has buckets, whose notifications CDK sets with a (Python) function of its own. */
export function hasBucketNotifications(app: AppModel): boolean {
  return app.services.some((service) => service.buckets.length > 0 || service.dataLake !== undefined);
}

/** Whether the queues' body schemas are read from their files. */
export function usesQueueSchemaFiles(app: AppModel): boolean {
  return app.services.some((service) => service.queues.some((queue) => queue.route.bodySchemaFile));
}

/**
 * Whether functions get DynamoDB permissions besides their `tableAccess`: idempotency records,
 * or the reading of the table's stream.
 */
function grantsDynamodbApart(app: AppModel): boolean {
  return app.functions.some((fn) => fn.idempotency || (fn.streamEvents && fn.streamEvents.stream === undefined));
}

/**
 * The count of the app's own functions: CDK's handler of the buckets' notifications, a Python
 * function, is not one of them.
 */
export function renderHandlerCount(app: AppModel): string | false {
  if (!hasBucketNotifications(app)) {
    return false;
  }
  return lines(
    "    // CDK's handler of the buckets' notifications is a function of its own, in Python",
    "    const handlers = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler'",
    `      && r.Properties.Runtime === ${str(RUNTIMES[app.nodeRuntime].cloudFormation)});`,
  );
}

/** The table access test, when functions get DynamoDB permissions apart from `tableAccess`. */
export function renderTableAccessTest(app: AppModel): string | false {
  if (!grantsDynamodbApart(app)) {
    return false;
  }
  return lines(
    "  test.each(functions)('$name: table access $tableAccess', ({ fn, tableAccess }) => {",
    "    // idempotency records and the reading of the table's stream are granted apart, and tested with them",
    '    const dynamodb = (statementsOf(fn) as Statement[])',
    '      .filter((s) => !grantedApart(s))',
    '      .flatMap((s) => ([] as string[]).concat(s.Action))',
    "      .filter((action) => action.startsWith('dynamodb:'));",
    '    const writes = dynamodb.filter((action) => /Put|Update|Delete|Write/.test(action));',
    "    expect(dynamodb.length > 0).toBe(tableAccess !== 'NONE');",
    "    expect(writes.length > 0).toBe(tableAccess === 'READ_WRITE');",
    '  });',
  );
}

/** A section of the tests, and the helpers it calls. */
interface Section {
  readonly text: string;
  readonly helpers: Helper[];
}

type Helper = 'Statement' | 'actionsOn' | 'resourcesOf' | 'objectsArn' | 'mappingsOf' | 'notificationsOf';

/** `stack.ingestService`. */
function serviceRef(service: ServiceModel): string {
  return `stack.${service.propertyName}`;
}

/** `stack.ingestService.createFunction`. */
function functionRef(fn: FunctionModel, app: AppModel): string {
  return `${serviceRef(serviceOf(fn, app))}.${fn.propertyName}`;
}

function serviceOf(fn: FunctionModel, app: AppModel): ServiceModel {
  return app.services.find((service) => service.name === fn.service)!;
}

/** `{ a: 1, b: stack.x }`: fields whose values are code. */
function row(fields: Record<string, string>): string {
  return `{ ${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
}

function orUndefined(value: number | undefined): string {
  return value === undefined ? 'undefined' : String(value);
}

/** `test.each` rows, one a line. */
function rowLines(name: string, rows: string[], type?: string): string {
  return lines(`  const ${name}${type ? `: ${type}[]` : ''} = [`, ...rows.map((r) => `    ${r},`), '  ];');
}

/**
 * The helpers the sections call, before the tests (`idempotencyTables` and `grantedApart` for
 * the table access test), or nothing when the app has no data processing.
 */
export function renderDataHelpers(app: AppModel): string | false {
  if (!usesDataProcessing(app)) {
    return false;
  }
  const needed = new Set(dataSections(app).flatMap((section) => section.helpers));
  const apart = grantsDynamodbApart(app);
  const idempotencyServices = app.services.filter((service) => service.hasIdempotencyTable);
  const uses = (helper: Helper) => needed.has(helper) || (helper === 'Statement' && apart);
  return lines(
    uses('Statement') && lines(
      '',
      '/** A statement of a policy. */',
      'interface Statement {',
      '  readonly Action: string | string[];',
      '  readonly Resource?: unknown;',
      '}',
    ),
    uses('actionsOn') && lines(
      '',
      '/** The actions the function\'s role may call on a resource of the stack: on its ARN, or on ARNs built from it. */',
      'function actionsOn(fn: lambda.IFunction, resource: IConstruct): string[] {',
      '  const id = JSON.stringify(logicalId(resource));',
      '  return (statementsOf(fn) as Statement[])',
      '    .filter((s) => JSON.stringify(s.Resource).includes(id))',
      '    .flatMap((s) => ([] as string[]).concat(s.Action));',
      '}',
    ),
    uses('resourcesOf') && lines(
      '',
      '/** The resources on which the function\'s role may call `action`. */',
      'function resourcesOf(fn: lambda.IFunction, action: string): unknown[] {',
      '  return (statementsOf(fn) as Statement[])',
      '    .filter((s) => ([] as string[]).concat(s.Action).includes(action))',
      '    .flatMap((s) => ([] as unknown[]).concat(s.Resource));',
      '}',
    ),
    uses('objectsArn') && lines(
      '',
      '/** The ARN of a bucket\'s objects under a key prefix: `arn...:bucket/<prefix>*`. */',
      'function objectsArn(bucket: IConstruct, prefix: string): object {',
      "  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(bucket), 'Arn'] }, `/${prefix}*`]] };",
      '}',
    ),
    uses('mappingsOf') && lines(
      '',
      '/** The properties of the event source mappings that invoke the function (through its alias when it has one). */',
      "function mappingsOf(fn: ServiceFunction): Array<(typeof resources)[string]['Properties']> {",
      '  const id = JSON.stringify(logicalId(fn.invocable));',
      '  return Object.values(resources)',
      "    .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.FunctionName).includes(id))",
      '    .map((r) => r.Properties);',
      '}',
    ),
    uses('notificationsOf') && lines(
      '',
      '/** The notification configuration of a bucket, which CDK sets with a custom resource. */',
      "function notificationsOf(bucket: IConstruct): (typeof resources)[string]['Properties'] {",
      "  const notifications = Object.values(resources).filter((r) => r.Type === 'Custom::S3BucketNotifications'",
      '    && JSON.stringify(r.Properties.BucketName) === JSON.stringify({ Ref: logicalId(bucket) }));',
      '  expect(notifications).toHaveLength(1);',
      '  return notifications[0].Properties.NotificationConfiguration;',
      '}',
    ),
    idempotencyServices.length > 0 && lines(
      '',
      '/** The tables of the services\' idempotency records. */',
      'const idempotencyTables: IConstruct[] = [',
      ...idempotencyServices.map((service) => `  ${serviceRef(service)}.idempotencyTable!,`),
      '];',
    ),
    apart && lines(
      '',
      '/** Whether a statement grants what the data options add to `tableAccess`: idempotency records, or the reading of the table\'s stream. */',
      'function grantedApart(statement: Statement): boolean {',
      '  const resource = JSON.stringify(statement.Resource);',
      "  return resource.includes('\"StreamArn\"')",
      idempotencyServices.length > 0
        ? lines(
          "    || ([] as string[]).concat(statement.Action).includes('dynamodb:ListStreams')",
          '    || idempotencyTables.some((table) => resource.includes(JSON.stringify(logicalId(table))));',
        )
        : "    || ([] as string[]).concat(statement.Action).includes('dynamodb:ListStreams');",
      '}',
    ),
  );
}

/** The tests of the data processing options, after the others; nothing when the app has none. */
export function renderDataTests(app: AppModel): string | false {
  if (!usesDataProcessing(app)) {
    return false;
  }
  return lines(...dataSections(app).map((section) => section.text));
}

function dataSections(app: AppModel): Section[] {
  return [
    bucketSection(app),
    objectRouteSection(app),
    writerSection(app),
    kinesisSection(app),
    consumerSection(app),
    tableStreamSection(app),
    queueSection(app),
    ...app.services.filter((service) => service.dataLake).map((service) => dataLakeSection(service, app)),
    idempotencySection(app),
    workflowRouteSection(app),
  ].filter((section): section is Section => section !== undefined);
}

function bucketSection(app: AppModel): Section | undefined {
  const bucketRow = (name: string, ref: string, versioned: boolean, expireAfterDays?: number, transitionAfterDays?: number) => {
    const lifecycle = [
      expireAfterDays === undefined ? 'objects never expire' : `objects expire after ${expireAfterDays} days`,
      transitionAfterDays === undefined ? 'stay in S3 Standard' : `move to Standard-IA after ${transitionAfterDays} days`,
    ].join(', ');
    return row({
      name: str(name),
      bucket: `${ref}.bucket`,
      versioning: str(versioned ? `versioned, previous versions deleted after ${NONCURRENT_VERSION_DAYS} days` : 'not versioned'),
      versioned: String(versioned),
      lifecycle: str(lifecycle),
      expireAfterDays: orUndefined(expireAfterDays),
      transitionAfterDays: orUndefined(transitionAfterDays),
    });
  };
  const rows = app.services.flatMap((service) => [
    ...service.buckets.map((bucket) => bucketRow(`${service.name}/${bucket.name}`, `${serviceRef(service)}.${bucket.propertyName}`,
      bucket.versioned, bucket.expireAfterDays, bucket.transitionToInfrequentAccessAfterDays)),
    // the data lake's buckets are versioned, but for Athena's query results, which expire
    ...(service.dataLake ? [
      bucketRow(`${service.name}/data lake raw`, `${serviceRef(service)}.dataLake.rawBucket`, true),
      bucketRow(`${service.name}/data lake processed`, `${serviceRef(service)}.dataLake.processedBucket`, true),
      bucketRow(`${service.name}/data lake query results`, `${serviceRef(service)}.dataLake.queryResultsBucket`, false,
        service.dataLake.queryResultsExpireAfterDays),
    ] : []),
  ]);
  if (rows.length === 0) {
    return undefined;
  }
  return {
    helpers: [],
    text: lines(
      '',
      "describe('buckets', () => {",
      rowLines('buckets', rows),
      '',
      "  test.each(buckets)('$name: SSE-S3 encrypted, public access blocked, ACLs disabled', ({ bucket }) => {",
      '    expect(resources[logicalId(bucket)].Properties).toMatchObject({',
      "      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },",
      '      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },',
      "      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },",
      '    });',
      '  });',
      '',
      "  test.each(buckets)('$name: its policy denies every request without TLS', ({ bucket }) => {",
      "    const arn = { 'Fn::GetAtt': [logicalId(bucket), 'Arn'] };",
      "    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy'",
      '      && JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: logicalId(bucket) }));',
      '    expect(policies).toHaveLength(1);',
      '    expect(policies[0].Properties.PolicyDocument.Statement).toContainEqual({',
      "      Effect: 'Deny',",
      "      Principal: { AWS: '*' },",
      "      Action: 's3:*',",
      "      Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],",
      "      Condition: { Bool: { 'aws:SecureTransport': 'false' } },",
      '    });',
      '  });',
      '',
      "  test.each(buckets)('$name: $versioning', ({ bucket, versioned }) => {",
      '    const props = resources[logicalId(bucket)].Properties;',
      "    expect(props.VersioningConfiguration).toEqual(versioned ? { Status: 'Enabled' } : undefined);",
      '    expect(props.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration)',
      `      .toEqual(versioned ? { NoncurrentDays: ${NONCURRENT_VERSION_DAYS} } : undefined);`,
      '  });',
      '',
      "  test.each(buckets)('$name: $lifecycle', ({ bucket, expireAfterDays, transitionAfterDays }) => {",
      '    const rules = resources[logicalId(bucket)].Properties.LifecycleConfiguration.Rules;',
      "    expect(rules).toEqual([expect.objectContaining({ Status: 'Enabled' })]);",
      '    expect(rules[0].ExpirationInDays).toBe(expireAfterDays);',
      '    expect(rules[0].Transitions).toEqual(transitionAfterDays === undefined',
      '      ? undefined',
      "      : [{ StorageClass: 'STANDARD_IA', TransitionInDays: transitionAfterDays }]);",
      '  });',
      '});',
    ),
  };
}

/** The functions S3 invokes: those with `objectEvents`, and the data lakes' transforms. */
function objectRouteSection(app: AppModel): Section | undefined {
  const routeRow = (fn: FunctionModel, bucketName: string, bucketRef: string, route: { prefix: string; suffix: string; events: ObjectEvent[] }) => {
    const filterRules = [
      ...(route.prefix ? [{ Name: 'prefix', Value: route.prefix }] : []),
      ...(route.suffix ? [{ Name: 'suffix', Value: route.suffix }] : []),
    ];
    const on = `objects ${route.events.map((event) => event.toLowerCase()).join(' or ')} in ${bucketName}${describeKeys(route)}`;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      bucket: bucketRef,
      on: str(on),
      events: literal([...new Set(route.events.map((event) => S3_EVENT_TYPES[event]))].sort()),
      prefix: str(route.prefix),
      filterRules: literal(filterRules),
    });
  };
  const rows = app.functions.flatMap((fn) => {
    const service = serviceOf(fn, app);
    if (fn.objectEvents) {
      const bucket = service.buckets.find((b) => b.name === fn.objectEvents!.bucket)!;
      return [routeRow(fn, bucket.name, `${serviceRef(service)}.${bucket.propertyName}.bucket`, fn.objectEvents)];
    }
    const lake = service.dataLake;
    if (fn.dataLakeTransform && lake) {
      return [routeRow(fn, 'the data lake raw bucket', `${serviceRef(service)}.dataLake.rawBucket.bucket`,
        { prefix: lake.rawPrefix, suffix: lake.rawSuffix, events: [ObjectEvent.CREATED] })];
    }
    return [];
  });
  if (rows.length === 0) {
    return undefined;
  }
  return {
    helpers: ['Statement', 'resourcesOf', 'objectsArn', 'notificationsOf'],
    text: lines(
      '',
      "describe('functions invoked by S3 object events', () => {",
      '  interface LambdaConfiguration {',
      '    readonly Events: string[];',
      '    readonly Filter?: { Key: { FilterRules: Array<{ Name: string; Value: string }> } };',
      '    readonly LambdaFunctionArn: unknown;',
      '  }',
      '',
      rowLines('objectRoutes', rows),
      '',
      "  test.each(objectRoutes)('$name: S3 notifies it of $on', ({ fn, bucket, events, filterRules }) => {",
      '    const id = JSON.stringify(logicalId(fn.invocable));',
      '    const configurations = (notificationsOf(bucket).LambdaFunctionConfigurations as LambdaConfiguration[])',
      '      .filter((c) => JSON.stringify(c.LambdaFunctionArn).includes(id));',
      '    // one configuration per event type, each with the key filter',
      '    expect(configurations.flatMap((c) => c.Events).sort()).toEqual(events);',
      '    for (const configuration of configurations) {',
      '      const rules = configuration.Filter?.Key.FilterRules ?? [];',
      '      expect(rules).toHaveLength(filterRules.length);',
      '      expect(rules).toEqual(expect.arrayContaining(filterRules));',
      '    }',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: S3 may invoke it for the events of the bucket only', ({ fn, bucket }) => {",
      '    const id = JSON.stringify(logicalId(fn.invocable));',
      "    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission'",
      "      && r.Properties.Principal === 's3.amazonaws.com' && JSON.stringify(r.Properties.FunctionName).includes(id));",
      '    expect(permissions.map((p) => p.Properties)).toEqual([expect.objectContaining({',
      "      Action: 'lambda:InvokeFunction',",
      "      SourceArn: { 'Fn::GetAtt': [logicalId(bucket), 'Arn'] },",
      "      SourceAccount: { Ref: 'AWS::AccountId' },",
      '    })]);',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: S3 invokes it asynchronously: what fails lands in its dead-letter queue', ({ fn }) => {",
      '    expect(fn.deadLetterQueue).toBeDefined();',
      '    expect(resources[logicalId(fn)].Properties.DeadLetterConfig).toEqual({',
      "      TargetArn: { 'Fn::GetAtt': [logicalId(fn.deadLetterQueue!), 'Arn'] },",
      '    });',
      '  });',
      '',
      "  test.each(objectRoutes)('$name: may read the objects under \\'$prefix\\' of the bucket, no others', ({ fn, bucket, prefix }) => {",
      "    expect(resourcesOf(fn, 's3:GetObject')).toEqual([objectsArn(bucket, prefix)]);",
      '  });',
      '});',
    ),
  };
}

/** Where each function may write objects: its `bucketWrites`, and a transform's processed prefix. */
function writerSection(app: AppModel): Section | undefined {
  if (!hasBucketNotifications(app)) {
    return undefined;
  }
  const rows = app.functions.map((fn) => {
    const service = serviceOf(fn, app);
    const writes = fn.bucketWrites.map((write) => {
      const bucket = service.buckets.find((b) => b.name === write.bucket)!;
      return { name: `the ${bucket.name} bucket`, ref: `${serviceRef(service)}.${bucket.propertyName}.bucket`, prefix: write.prefix };
    });
    if (fn.dataLakeTransform && service.dataLake) {
      writes.push({ name: 'the data lake processed bucket', ref: `${serviceRef(service)}.dataLake.processedBucket.bucket`, prefix: service.dataLake.processedPrefix });
    }
    const puts = writes.length === 0 ? 'may put no objects'
      : `may put objects ${writes.map((write) => (write.prefix ? `under ${write.prefix} of ${write.name}` : `anywhere in ${write.name}`)).join(', ')}, nowhere else`;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      puts: str(puts),
      writes: `[${writes.map((write) => `{ bucket: ${write.ref}, prefix: ${str(write.prefix)} }`).join(', ')}]`,
    });
  });
  return {
    helpers: ['Statement', 'resourcesOf', 'objectsArn'],
    text: lines(
      '',
      "describe('writes to buckets', () => {",
      '  interface Writer {',
      '    readonly name: string;',
      '    readonly fn: ServiceFunction;',
      '    readonly puts: string;',
      '    readonly writes: Array<{ bucket: IConstruct; prefix: string }>;',
      '  }',
      '',
      rowLines('writers', rows, 'Writer'),
      '',
      "  test.each(writers)('$name: $puts', ({ fn, writes }) => {",
      "    const puts = resourcesOf(fn, 's3:PutObject');",
      '    expect(puts).toHaveLength(writes.length);',
      '    expect(puts).toEqual(expect.arrayContaining(writes.map(({ bucket, prefix }) => objectsArn(bucket, prefix))));',
      '  });',
      '});',
    ),
  };
}

function kinesisSection(app: AppModel): Section | undefined {
  const rows = app.services.flatMap((service) => service.streams.map((stream) => row({
    name: str(`${service.name}/${stream.name}`),
    stream: `${serviceRef(service)}.${stream.propertyName}`,
    capacity: str(stream.mode === KinesisStreamMode.PROVISIONED ? `${stream.mode} with ${stream.shardCount} shards` : stream.mode),
    mode: str(stream.mode),
    shardCount: orUndefined(stream.mode === KinesisStreamMode.PROVISIONED ? stream.shardCount : undefined),
    retentionHours: String(stream.retentionHours),
  })));
  if (rows.length === 0) {
    return undefined;
  }
  const producers = app.functions.flatMap((fn) => fn.streamWrites.map((name) => {
    const service = serviceOf(fn, app);
    const stream = service.streams.find((s) => s.name === name)!;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      streamName: str(stream.name),
      stream: `${serviceRef(service)}.${stream.propertyName}`,
      variable: str(stream.environmentVariable),
    });
  }));
  return {
    helpers: producers.length > 0 ? ['Statement', 'actionsOn'] : [],
    text: lines(
      '',
      "describe('Kinesis streams', () => {",
      rowLines('streams', rows),
      '',
      "  test.each(streams)('$name: $capacity, records kept $retentionHours hours, encrypted with KMS', ({ stream, mode, shardCount, retentionHours }) => {",
      '    const props = resources[logicalId(stream)].Properties;',
      '    expect(props).toMatchObject({',
      '      StreamModeDetails: { StreamMode: mode },',
      '      RetentionPeriodHours: retentionHours,',
      "      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },",
      '    });',
      '    expect(props.ShardCount).toBe(shardCount);',
      '  });',
      producers.length > 0 && lines(
        '',
        rowLines('producers', producers),
        '',
        "  test.each(producers)('$name: may put records to the $streamName stream, named by $variable', ({ fn, stream, variable }) => {",
        "    expect(actionsOn(fn, stream).filter((action) => action.startsWith('kinesis:Put')).sort()).toEqual(['kinesis:PutRecord', 'kinesis:PutRecords']);",
        '    expect(resources[logicalId(fn)].Properties.Environment.Variables[variable]).toEqual({ Ref: logicalId(stream) });',
        '  });',
      ),
      '});',
    ),
  };
}

function consumerSection(app: AppModel): Section | undefined {
  const consumers = app.functions.filter((fn) => fn.streamEvents);
  if (consumers.length === 0) {
    return undefined;
  }
  const rows = consumers.map((fn) => {
    const events = fn.streamEvents!;
    const service = serviceOf(fn, app);
    const kinesis = events.stream === undefined ? undefined : service.streams.find((s) => s.name === events.stream)!;
    const fanOut = kinesis !== undefined && events.enhancedFanOut;
    const mapping = {
      BatchSize: events.batchSize,
      MaximumBatchingWindowInSeconds: events.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: events.bisectBatchOnError,
      MaximumRetryAttempts: events.retryAttempts,
      MaximumRecordAgeInSeconds: events.maxRecordAgeSeconds,
      StartingPosition: events.startingPosition,
      ParallelizationFactor: events.parallelizationFactor,
    };
    const filterCriteria = events.filters.length === 0 ? 'undefined'
      : `{ Filters: [${events.filters.map((pattern) => `{ Pattern: JSON.stringify(${literal(pattern)}) }`).join(', ')}] }`;
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      consumer: `${serviceRef(service)}.${fn.propertyName.replace(/Function$/, 'Consumer')}`,
      reads: str(kinesis ? `the ${kinesis.name} stream${fanOut ? ' through an enhanced fan-out consumer of its own' : ''}` : "the table's stream"),
      source: kinesis ? `${serviceRef(service)}.${kinesis.propertyName}` : `${serviceRef(service)}.table!`,
      sourceAttribute: str(kinesis ? 'Arn' : 'StreamArn'),
      enhancedFanOut: String(fanOut),
      readAction: str(kinesis ? (fanOut ? 'kinesis:SubscribeToShard' : 'kinesis:GetRecords') : 'dynamodb:GetRecords'),
      mapping: literal(mapping),
      filterCriteria,
    });
  });
  const fanOuts = consumers.filter((fn) => fn.streamEvents!.stream !== undefined && fn.streamEvents!.enhancedFanOut).length;
  return {
    helpers: ['Statement', 'resourcesOf', 'mappingsOf'],
    text: lines(
      '',
      "describe('stream consumers', () => {",
      rowLines('consumers', rows),
      '',
      "  test.each(consumers)('$name: batches of $mapping.BatchSize, retried $mapping.MaximumRetryAttempts times, failures reported', ({ fn, consumer, mapping, filterCriteria }) => {",
      '    const mappings = mappingsOf(fn);',
      '    expect(mappings).toHaveLength(1);',
      '    expect(mappings[0]).toMatchObject({',
      '      ...mapping,',
      "      FunctionResponseTypes: ['ReportBatchItemFailures'],",
      '      // what Lambda gives up on is described in the failure queue',
      "      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(consumer.failureQueue), 'Arn'] } } },",
      '    });',
      '    expect(mappings[0].FilterCriteria).toEqual(filterCriteria);',
      '  });',
      '',
      "  test.each(consumers)('$name: reads $reads', ({ fn, source, sourceAttribute, enhancedFanOut }) => {",
      "    const sourceArn = { 'Fn::GetAtt': [logicalId(source), sourceAttribute] };",
      '    const eventSourceArn = mappingsOf(fn)[0].EventSourceArn;',
      '    if (!enhancedFanOut) {',
      '      expect(eventSourceArn).toEqual(sourceArn);',
      '      return;',
      '    }',
      "    const consumerId = eventSourceArn['Fn::GetAtt'][0];",
      "    expect(eventSourceArn).toEqual({ 'Fn::GetAtt': [consumerId, 'ConsumerARN'] });",
      "    expect(resources[consumerId]).toMatchObject({ Type: 'AWS::Kinesis::StreamConsumer', Properties: { StreamARN: sourceArn } });",
      '  });',
      '',
      "  test.each(consumers)('$name: may read what it reads ($readAction) and send to its failure queue', ({ fn, consumer, readAction }) => {",
      '    expect(resourcesOf(fn, readAction)).toContainEqual(mappingsOf(fn)[0].EventSourceArn);',
      "    expect(resourcesOf(fn, 'sqs:SendMessage')).toContainEqual({ 'Fn::GetAtt': [logicalId(consumer.failureQueue), 'Arn'] });",
      '  });',
      '',
      `  test('one enhanced fan-out consumer per function that asks for one: ${fanOuts}', () => {`,
      `    template.resourceCountIs('AWS::Kinesis::StreamConsumer', ${fanOuts});`,
      '  });',
      '});',
    ),
  };
}

function tableStreamSection(app: AppModel): Section | undefined {
  if (!app.services.some((service) => service.tableStreamView)) {
    return undefined;
  }
  const rows = app.services.filter((service) => service.partitionKey).map((service) => row({
    name: str(service.name),
    table: `${serviceRef(service)}.table!`,
    stream: str(service.tableStreamView ? `streams ${service.tableStreamView}` : 'has no stream'),
    view: service.tableStreamView ? str(service.tableStreamView) : 'undefined',
  }));
  return {
    helpers: [],
    text: lines(
      '',
      "describe('table streams', () => {",
      rowLines('tables', rows),
      '',
      "  test.each(tables)('the $name table $stream', ({ table, view }) => {",
      '    expect(resources[logicalId(table)].Properties.StreamSpecification).toEqual(view ? { StreamViewType: view } : undefined);',
      '  });',
      '});',
    ),
  };
}

function queueSection(app: AppModel): Section | undefined {
  const queues = app.services.flatMap((service) => service.queues.map((queue) => ({ service, queue })));
  if (queues.length === 0) {
    return undefined;
  }
  const queueRef = (service: ServiceModel, propertyName: string) => `${serviceRef(service)}.${propertyName}`;
  const rows = queues.map(({ service, queue }) => {
    const consumerTimeout = queue.consumer?.timeoutSeconds;
    const visibilityTimeout = queue.visibilityTimeoutSeconds
      ?? (consumerTimeout === undefined ? SQS_DEFAULT_VISIBILITY_SECONDS : VISIBILITY_PER_TIMEOUT * consumerTimeout);
    const visibility = `${visibilityTimeout} s${consumerTimeout === undefined ? ''
      : `, at least ${VISIBILITY_PER_TIMEOUT} timeouts of its consumer (${consumerTimeout} s)`}`;
    return row({
      name: str(`${service.name}/${queue.name}`),
      queue: queueRef(service, queue.propertyName),
      api: `stack.${service.api!.propertyName}`,
      route: str(`${queue.route.method} ${queue.route.path}`),
      authorized: String(queue.route.authorized),
      retentionDays: String(queue.retentionDays),
      maxReceiveCount: String(queue.maxReceiveCount),
      visibility: str(visibility),
      visibilityTimeout: String(visibilityTimeout),
      consumerTimeout: orUndefined(consumerTimeout),
    });
  });
  const validated = queues.filter(({ queue }) => queue.route.bodySchemaFile).map(({ service, queue }) => row({
    name: str(`${service.name}/${queue.name}`),
    queue: queueRef(service, queue.propertyName),
    api: `stack.${service.api!.propertyName}`,
    schemaFile: str(queue.route.bodySchemaFile!),
  }));
  const consumed = queues.filter(({ queue }) => queue.consumer).map(({ service, queue }) => {
    const events = queue.consumer!.queueEvents!;
    return row({
      name: str(`${service.name}/${queue.name}`),
      queue: queueRef(service, queue.propertyName),
      consumerName: str(`${queue.consumer!.service}/${queue.consumer!.name}`),
      fn: functionRef(queue.consumer!, app),
      batchSize: String(events.batchSize),
      // a window of 0 is no window
      batchingWindow: orUndefined(events.maxBatchingWindowSeconds || undefined),
      maxConcurrency: orUndefined(events.maxConcurrency),
    });
  });
  return {
    helpers: consumed.length > 0 ? ['Statement', 'actionsOn', 'mappingsOf'] : [],
    text: lines(
      '',
      "describe('queues behind API routes', () => {",
      rowLines('queues', rows),
      '',
      "  test.each(queues)('$name: SQS-managed encryption, kept $retentionDays days, dead-lettered after $maxReceiveCount receives', ({ queue, retentionDays, maxReceiveCount }) => {",
      '    expect(resources[logicalId(queue.queue)].Properties).toMatchObject({',
      '      SqsManagedSseEnabled: true,',
      '      MessageRetentionPeriod: retentionDays * 24 * 60 * 60,',
      "      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(queue.deadLetterQueue), 'Arn'] }, maxReceiveCount },",
      '    });',
      '    expect(resources[logicalId(queue.deadLetterQueue)].Properties).toMatchObject({ SqsManagedSseEnabled: true });',
      '  });',
      '',
      "  test.each(queues)('$name: a message stays invisible $visibility', ({ queue, visibilityTimeout, consumerTimeout }) => {",
      '    const visibility = resources[logicalId(queue.queue)].Properties.VisibilityTimeout;',
      '    expect(visibility).toBe(visibilityTimeout);',
      '    if (consumerTimeout !== undefined) {',
      '      // a message a throttled consumer still works on does not come back mid-batch',
      `      expect(visibility).toBeGreaterThanOrEqual(${VISIBILITY_PER_TIMEOUT} * consumerTimeout);`,
      '    }',
      '  });',
      '',
      "  test.each(queues)('$name: $route sends the body to the queue through an SQS integration, authorized $authorized', ({ queue, api, route, authorized }) => {",
      '    const methods = api.api.methods.filter((m) => `${m.httpMethod} ${m.resource.path}` === route);',
      '    expect(methods.map((m) => logicalId(m))).toEqual([logicalId(queue.method)]);',
      '    const method = resources[logicalId(queue.method)].Properties;',
      '    expect(method.Integration).toMatchObject({',
      "      Type: 'AWS',",
      "      IntegrationHttpMethod: 'POST',",
      "      Credentials: { 'Fn::GetAtt': [logicalId(queue.role), 'Arn'] },",
      "      Uri: { 'Fn::Join': ['', expect.arrayContaining([':sqs:path/', { 'Fn::GetAtt': [logicalId(queue.queue), 'QueueName'] }])] },",
      '    });',
      '    if (authorized) {',
      "      expect(method).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: logicalId(api.authorizer as unknown as IConstruct) } });",
      '    } else {',
      "      expect(method.AuthorizationType).toBe('NONE');",
      '    }',
      '  });',
      '',
      "  test.each(queues)('$name: API Gateway sends with a role that may sqs:SendMessage to the queue, nothing else', ({ queue }) => {",
      '    const role = logicalId(queue.role);',
      '    const statements = Object.values(resources)',
      "      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(JSON.stringify(role)))",
      '      .flatMap((r) => r.Properties.PolicyDocument.Statement);',
      "    expect(statements).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] } }]);",
      '    expect(resources[role].Properties).toMatchObject({',
      "      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } }] },",
      '    });',
      '    expect(resources[role].Properties.ManagedPolicyArns).toBeUndefined();',
      '    expect(resources[role].Properties.Policies).toBeUndefined();',
      '  });',
      validated.length > 0 && lines(
        '',
        rowLines('validatedQueues', validated),
        '',
        "  test.each(validatedQueues)('$name: API Gateway validates the body against $schemaFile', ({ queue, api, schemaFile }) => {",
        '    const method = resources[logicalId(queue.method)].Properties;',
        "    const model = resources[method.RequestModels['application/json'].Ref].Properties;",
        "    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', schemaFile), 'utf8'));",
        "    expect(model).toMatchObject({ ContentType: 'application/json', Schema: schema });",
        '    expect(method.RequestValidatorId).toEqual({ Ref: logicalId(api.requestValidator) });',
        '    expect(resources[logicalId(api.requestValidator)].Properties).toMatchObject({ ValidateRequestBody: true });',
        '  });',
      ),
      consumed.length > 0 && lines(
        '',
        rowLines('queueConsumers', consumed),
        '',
        "  test.each(queueConsumers)('$name: $consumerName reads it in batches of $batchSize, reporting the messages that failed', ({ queue, fn, batchSize, batchingWindow, maxConcurrency }) => {",
        '    const mappings = mappingsOf(fn);',
        '    expect(mappings).toHaveLength(1);',
        '    expect(mappings[0]).toMatchObject({',
        "      EventSourceArn: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] },",
        '      BatchSize: batchSize,',
        "      FunctionResponseTypes: ['ReportBatchItemFailures'],",
        '    });',
        '    expect(mappings[0].MaximumBatchingWindowInSeconds).toBe(batchingWindow);',
        '    expect(mappings[0].ScalingConfig?.MaximumConcurrency).toBe(maxConcurrency);',
        "    expect(actionsOn(fn, queue.queue)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));",
        '  });',
      ),
      '});',
    ),
  };
}

function dataLakeSection(service: ServiceModel, app: AppModel): Section {
  const lake = service.dataLake!;
  const transform = service.functions.find((fn) => fn.name === lake.transform)!;
  const format = TABLE_FORMATS[lake.format];
  const column = (c: DataLakeColumn) => literal({
    Name: c.name,
    Type: c.type.trim(),
    ...(c.comment !== undefined ? { Comment: c.comment } : {}),
  });
  const columns = lake.columns;
  const describeColumns = columns && [
    columns.map((c) => `${c.name} ${c.type.trim()}`).join(', '),
    lake.partitionKeys.length > 0 && `partitioned by ${lake.partitionKeys.map((c) => c.name).join(', ')}`,
  ].filter(Boolean).join(', ');
  return {
    helpers: [],
    text: lines(
      '',
      `describe(${str(`the ${service.name} data lake`)}, () => {`,
      `  const lake = ${serviceRef(service)}.dataLake;`,
      '',
      "  test('a Glue database', () => {",
      '    expect(resources[stack.getLogicalId(lake.database)]).toMatchObject({',
      "      Type: 'AWS::Glue::Database',",
      "      Properties: { CatalogId: { Ref: 'AWS::AccountId' }, DatabaseInput: { Name: lake.databaseName } },",
      '    });',
      '  });',
      '',
      columns ? lines(
        `  test(${str(`a Glue table over ${lake.processedPrefix || '/'} of the processed bucket, ${lake.format}: ${describeColumns}`)}, () => {`,
        '    const table = resources[stack.getLogicalId(lake.table!)].Properties;',
        '    expect(table.DatabaseName).toEqual({ Ref: stack.getLogicalId(lake.database) });',
        '    expect(table.TableInput).toMatchObject({',
        "      TableType: 'EXTERNAL_TABLE',",
        `      Parameters: { classification: ${str(format.classification)} },`,
        '      StorageDescriptor: {',
        `        Location: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(lake.processedBucket.bucket) }, ${str(`/${lake.processedPrefix}`)}]] },`,
        `        SerdeInfo: { SerializationLibrary: ${str(format.serde)} },`,
        '      },',
        '    });',
        `    expect(table.TableInput.StorageDescriptor.Columns).toEqual([${columns.map(column).join(', ')}]);`,
        `    expect(table.TableInput.PartitionKeys).toEqual(${lake.partitionKeys.length > 0 ? `[${lake.partitionKeys.map(column).join(', ')}]` : 'undefined'});`,
        '  });',
      ) : lines(
        "  test('no Glue table: the options declare no columns', () => {",
        '    expect(lake.table).toBeUndefined();',
        '  });',
      ),
      '',
      `  test(${str(`an Athena workgroup that enforces its settings: results encrypted (SSE-S3), at most ${lake.bytesScannedCutoffPerQuery} bytes scanned per query`)}, () => {`,
      '    expect(resources[stack.getLogicalId(lake.workGroup)].Properties.WorkGroupConfiguration).toMatchObject({',
      '      EnforceWorkGroupConfiguration: true,',
      `      BytesScannedCutoffPerQuery: ${lake.bytesScannedCutoffPerQuery},`,
      '      ResultConfiguration: {',
      "        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },",
      "        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(lake.queryResultsBucket.bucket) }, '/']] },",
      '      },',
      '    });',
      '  });',
      '',
      `  test(${str(`the transform, ${transform.service}/${transform.name}, is told where to write: PROCESSED_BUCKET and PROCESSED_PREFIX ${lake.processedPrefix}`)}, () => {`,
      `    expect(resources[logicalId(${functionRef(transform, app)})].Properties.Environment.Variables).toMatchObject({`,
      '      PROCESSED_BUCKET: { Ref: logicalId(lake.processedBucket.bucket) },',
      `      PROCESSED_PREFIX: ${str(lake.processedPrefix)},`,
      '    });',
      '  });',
      '});',
    ),
  };
}

function idempotencySection(app: AppModel): Section | undefined {
  const withTable = app.services.filter((service) => service.hasIdempotencyTable);
  if (withTable.length === 0) {
    return undefined;
  }
  const without = app.services.filter((service) => !service.hasIdempotencyTable);
  const tables = app.services.filter((service) => service.partitionKey).length + withTable.length;
  const rows = app.functions.map((fn) => {
    const service = serviceOf(fn, app);
    return row({
      name: str(`${fn.service}/${fn.name}`),
      fn: functionRef(fn, app),
      keeps: str(fn.idempotency ? 'keeps idempotency records in its service\'s table' : 'keeps no idempotency records'),
      idempotency: String(fn.idempotency),
      table: service.hasIdempotencyTable ? `${serviceRef(service)}.idempotencyTable` : 'undefined',
    });
  });
  return {
    helpers: ['Statement', 'actionsOn'],
    text: lines(
      '',
      "describe('idempotency', () => {",
      `  test(${str(`one table of idempotency records per service whose functions keep them: ${withTable.map((service) => service.name).join(', ')}`)}, () => {`,
      "    // the services' own tables, and an idempotency table for each of these",
      `    template.resourceCountIs('AWS::DynamoDB::Table', ${tables});`,
      ...without.map((service) => `    expect(${serviceRef(service)}.idempotencyTable).toBeUndefined();`),
      '  });',
      '',
      rowLines('idempotencyServices', withTable.map((service) => row({ name: str(service.name), table: `${serviceRef(service)}.idempotencyTable!` }))),
      '',
      "  test.each(idempotencyServices)('$name: its idempotency table is keyed by id, records expire on expiration', ({ table }) => {",
      '    expect(resources[logicalId(table)].Properties).toMatchObject({',
      "      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],",
      "      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],",
      "      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },",
      "      BillingMode: 'PAY_PER_REQUEST',",
      '      SSESpecification: { SSEEnabled: true },',
      '    });',
      '  });',
      '',
      rowLines('idempotentFunctions', rows),
      '',
      "  test.each(idempotentFunctions)('$name: $keeps', ({ fn, idempotency, table }) => {",
      '    const variables = resources[logicalId(fn)].Properties.Environment.Variables;',
      '    const granted = idempotencyTables.flatMap((t) => actionsOn(fn, t));',
      '    if (!idempotency) {',
      '      expect(variables.IDEMPOTENCY_TABLE_NAME).toBeUndefined();',
      '      expect(granted).toEqual([]);',
      '      return;',
      '    }',
      '    expect(variables.IDEMPOTENCY_TABLE_NAME).toEqual({ Ref: logicalId(table!) });',
      `    expect(actionsOn(fn, table!).sort()).toEqual(${literal(IDEMPOTENCY_ACTIONS)});`,
      '    // and on no other service\'s table',
      `    expect(granted).toHaveLength(${IDEMPOTENCY_ACTIONS.length});`,
      '  });',
      '});',
    ),
  };
}

/** The EventBridge matcher of `detail.object.key` for a prefix and suffix: both need a wildcard. */
function keyMatcher(prefix: string, suffix: string): object | undefined {
  if (prefix && suffix) {
    return { wildcard: `${prefix.replace(/\\/g, '\\\\')}*${suffix.replace(/\\/g, '\\\\')}` };
  }
  return prefix ? { prefix } : suffix ? { suffix } : undefined;
}

function workflowRouteSection(app: AppModel): Section | undefined {
  const routes = app.services.flatMap((service) => service.workflows
    .filter((workflow) => workflow.trigger?.objectCreated)
    .map((workflow) => ({ service, workflow, created: workflow.trigger!.objectCreated! })));
  if (routes.length === 0) {
    return undefined;
  }
  const rows = routes.map(({ service, workflow, created }) => {
    const bucket = service.buckets.find((b) => b.name === created.bucket)!;
    const key = keyMatcher(created.prefix ?? '', created.suffix ?? '');
    const object = {
      ...(key ? { key: [key] } : {}),
      ...(created.minSizeBytes !== undefined ? { size: [{ numeric: ['>=', created.minSizeBytes] }] } : {}),
    };
    const on = `objects created in ${bucket.name}${describeKeys({ prefix: created.prefix ?? '', suffix: created.suffix ?? '' })}`
      + `${created.minSizeBytes !== undefined ? `, ${created.minSizeBytes} bytes or more` : ''}`;
    return row({
      name: str(`${service.name}/${workflow.name}`),
      workflow: `${serviceRef(service)}.${workflow.propertyName}`,
      bucket: `${serviceRef(service)}.${bucket.propertyName}`,
      on: str(on),
      pattern: literal({
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: ['BUCKET_NAME'] }, ...(Object.keys(object).length > 0 ? { object } : {}) },
      }).replace("'BUCKET_NAME'", '{ Ref: logicalId(' + `${serviceRef(service)}.${bucket.propertyName}` + '.bucket) }'),
    });
  });
  return {
    helpers: ['notificationsOf'],
    text: lines(
      '',
      "describe('workflows started by objects', () => {",
      rowLines('workflowRoutes', rows),
      '',
      "  test.each(workflowRoutes)('$name: started by $on, through a rule on the default bus', ({ workflow, bucket, pattern }) => {",
      '    const stateMachine = { Ref: logicalId(workflow.stateMachine) };',
      "    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule'",
      '      && r.Properties.Targets.some((t: { Arn: unknown }) => JSON.stringify(t.Arn) === JSON.stringify(stateMachine)));',
      '    expect(rules).toHaveLength(1);',
      '    const rule = rules[0].Properties;',
      '    // S3 sends its events to the default bus',
      '    expect(rule.EventBusName).toBeUndefined();',
      '    expect(rule.EventPattern).toEqual(pattern);',
      '    expect(rule.Targets).toHaveLength(1);',
      '    expect(rule.Targets[0]).toMatchObject({',
      `      RetryPolicy: { MaximumRetryAttempts: ${EVENT_DELIVERY.defaultRetryAttempts}, MaximumEventAgeInSeconds: ${EVENT_DELIVERY.defaultEventAgeSeconds} },`,
      '      // what EventBridge could not start lands in the bucket\'s dead-letter queue of its workflow routes',
      "      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(bucket.workflowDeadLetterQueue!), 'Arn'] } },",
      '    });',
      "    const role = rule.Targets[0].RoleArn['Fn::GetAtt'][0];",
      '    const statements = Object.values(resources)',
      "      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(JSON.stringify(role)))",
      '      .flatMap((r) => r.Properties.PolicyDocument.Statement);',
      "    expect(statements).toContainEqual(expect.objectContaining({ Action: 'states:StartExecution', Resource: stateMachine }));",
      '  });',
      '',
      "  test.each(workflowRoutes)('$name: the bucket sends its events to EventBridge', ({ bucket }) => {",
      '    expect(notificationsOf(bucket.bucket).EventBridgeConfiguration).toEqual({});',
      '  });',
      '});',
    ),
  };
}
