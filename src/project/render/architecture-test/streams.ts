/** Kinesis streams and their producers, the stream consumers (table or Kinesis), and the tables' streams. */
import { functionRef, orUndefined, row, rowLines, Section, serviceOf, serviceRef } from './helpers';
import { AppModel } from '../../model';
import { KinesisStreamMode } from '../../options';
import { lines, literal, str } from '../typescript';

export function kinesisSection(app: AppModel): Section | undefined {
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
      '    const props = resourceOf(stream).Properties;',
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
        '    expect(resourceOf(fn).Properties.Environment.Variables[variable]).toEqual({ Ref: logicalId(stream) });',
        '  });',
      ),
      '});',
    ),
  };
}

export function consumerSection(app: AppModel): Section | undefined {
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
      "    expect(templateOf(fn)[consumerId]).toMatchObject({ Type: 'AWS::Kinesis::StreamConsumer', Properties: { StreamARN: sourceArn } });",
      '  });',
      '',
      "  test.each(consumers)('$name: may read what it reads ($readAction) and send to its failure queue', ({ fn, consumer, readAction }) => {",
      '    expect(resourcesOf(fn, readAction)).toContainEqual(mappingsOf(fn)[0].EventSourceArn);',
      "    expect(resourcesOf(fn, 'sqs:SendMessage')).toContainEqual({ 'Fn::GetAtt': [logicalId(consumer.failureQueue), 'Arn'] });",
      '  });',
      '',
      `  test('one enhanced fan-out consumer per function that asks for one: ${fanOuts}', () => {`,
      `    expect(countOf('AWS::Kinesis::StreamConsumer')).toBe(${fanOuts});`,
      '  });',
      '});',
    ),
  };
}

export function tableStreamSection(app: AppModel): Section | undefined {
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
      '    expect(resourceOf(table).Properties.StreamSpecification).toEqual(view ? { StreamViewType: view } : undefined);',
      '  });',
      '});',
    ),
  };
}
