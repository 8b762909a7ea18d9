/**
 * The streams of a template, as local mode runs them: Kinesis data streams (mode, shards,
 * retention) with their enhanced fan-out consumers, and where the mappings of streams start
 * reading and how old a record they still process.
 *
 * @module
 */
import { LOCAL_ON_DEMAND_SHARDS, LocalEventSourceMapping, LocalKinesisStream } from '../local-app';
import { StackTemplate } from './template';

/** Kinesis's default retention, in hours. */
const DEFAULT_RETENTION_HOURS = 24;
const STARTING_POSITIONS = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;

/**
 * The Kinesis data streams of the template. An `ON_DEMAND` stream gets `LOCAL_ON_DEMAND_SHARDS`
 * shards (AWS scales an on-demand stream's shards with its traffic; locally they stay as created).
 */
export function readKinesisStreams(template: StackTemplate): LocalKinesisStream[] {
  const consumers = template.ofType('AWS::Kinesis::StreamConsumer').map(([logicalId]) => {
    const values = template.valuesOf(logicalId)!;
    return {
      logicalId,
      name: String(values.attributes.ConsumerName),
      arn: String(values.attributes.ConsumerARN),
      streamArn: String(values.attributes.StreamARN),
    };
  });
  return template.ofType('AWS::Kinesis::Stream').map(([logicalId]) => {
    const values = template.valuesOf(logicalId)!;
    const arn = String(values.attributes.Arn);
    const mode = template.string(logicalId, 'StreamModeDetails.StreamMode') ?? 'PROVISIONED';
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      return template.fail(logicalId, 'StreamModeDetails.StreamMode', `must be PROVISIONED or ON_DEMAND, got ${mode}.`);
    }
    const shardCount = mode === 'ON_DEMAND' ? LOCAL_ON_DEMAND_SHARDS : template.number(logicalId, 'ShardCount', 1);
    if (!Number.isInteger(shardCount) || shardCount < 1) {
      return template.fail(logicalId, 'ShardCount', `must be a whole number of at least 1, got ${shardCount}.`);
    }
    return {
      logicalId,
      name: String(values.ref),
      arn,
      mode,
      shardCount,
      retentionHours: template.number(logicalId, 'RetentionPeriodHours', DEFAULT_RETENTION_HOURS),
      consumers: consumers.filter((consumer) => consumer.streamArn === arn)
        .map(({ logicalId: id, name, arn: consumerArn }) => ({ logicalId: id, name, arn: consumerArn })),
    };
  });
}

/**
 * The mappings, those of streams with where they start reading (`StartingPosition`, required by
 * Lambda for streams; TRIM_HORIZON when the template has none) and their `MaximumRecordAgeInSeconds`
 * (-1, no limit, when absent).
 */
export function withStreamSettings(template: StackTemplate, mappings: LocalEventSourceMapping[]): LocalEventSourceMapping[] {
  return mappings.map((mapping) => {
    if (mapping.sourceKind === 'queue') {
      return mapping;
    }
    const { logicalId } = mapping;
    const position = template.string(logicalId, 'StartingPosition') ?? 'TRIM_HORIZON';
    if (!(STARTING_POSITIONS as readonly string[]).includes(position)) {
      return template.fail(logicalId, 'StartingPosition', `must be ${STARTING_POSITIONS.join(', ')}, got ${position}.`);
    }
    const startingPosition = position as LocalEventSourceMapping['startingPosition'];
    const timestamp = template.prop(logicalId, 'StartingPositionTimestamp') === undefined
      ? undefined : template.number(logicalId, 'StartingPositionTimestamp', 0);
    if (startingPosition === 'AT_TIMESTAMP' && (mapping.sourceKind !== 'kinesis' || timestamp === undefined)) {
      return template.fail(logicalId, 'StartingPosition', 'AT_TIMESTAMP needs a Kinesis stream and StartingPositionTimestamp.');
    }
    return {
      ...mapping,
      startingPosition,
      ...(timestamp !== undefined && { startingPositionTimestamp: timestamp }),
      maxRecordAgeSeconds: template.number(logicalId, 'MaximumRecordAgeInSeconds', -1),
    };
  });
}
