import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The environment variable that names the table to the functions it is granted to. */
export const IDEMPOTENCY_TABLE_ENV = 'IDEMPOTENCY_TABLE_NAME';

/**
 * Properties of an `IdempotencyTable`.
 */
export interface IdempotencyTableProps {
  /**
   * What happens to the table when it leaves the stack. Its records expire within hours: they
   * are not data to keep.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The table Powertools idempotency (`DynamoDBPersistenceLayer`) keeps its records in, with the
 * layout it expects by default: partition key `id` (a string) and TTL on `expiration`, so that
 * records are deleted when they expire. On-demand, encrypted, with point-in-time recovery.
 * Consumers of at-least-once sources (SQS, EventBridge, S3, streams) use it to process each
 * event once (spec: Summary, Idempotent).
 */
export class IdempotencyTable extends dynamodb.Table {
  constructor(scope: Construct, id: string, props: IdempotencyTableProps = {}) {
    super(scope, id, {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
  }

  /**
   * Lets `fn` keep its idempotency records here: the four item actions Powertools uses, and
   * `IDEMPOTENCY_TABLE_NAME` in its environment.
   */
  public grantIdempotency(fn: lambda.Function): iam.Grant {
    fn.addEnvironment(IDEMPOTENCY_TABLE_ENV, this.tableName);
    return this.grant(fn, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
  }
}
