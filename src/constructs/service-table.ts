import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * Properties of a `ServiceTable`.
 */
export interface ServiceTableProps {
  /** The partition key. */
  readonly partitionKey: dynamodb.Attribute;

  /**
   * The sort key.
   *
   * @default - no sort key
   */
  readonly sortKey?: dynamodb.Attribute;

  /**
   * What the table's stream records hold of each changed item, for consumers such as
   * `StreamConsumer` (spec: DynamoDB Streams Processing).
   *
   * @default - no stream
   */
  readonly stream?: dynamodb.StreamViewType;

  /**
   * What happens to the table when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A service's own DynamoDB table (database per service) with Well-Architected defaults:
 * on-demand billing, point-in-time recovery, encryption at rest with the AWS managed key,
 * and kept when removed from the stack.
 */
export class ServiceTable extends dynamodb.Table {
  constructor(scope: Construct, id: string, props: ServiceTableProps) {
    super(scope, id, {
      partitionKey: props.partitionKey,
      sortKey: props.sortKey,
      stream: props.stream,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
