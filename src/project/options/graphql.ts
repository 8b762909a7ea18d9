import { GraphqlAuthorization } from '../../constructs/graphql-api';

/** Level of the GraphQL API's field logs. */
export enum GraphqlFieldLogLevel {
  /** No field logs. */
  NONE = 'NONE',
  /** Only fields that failed. */
  ERROR = 'ERROR',
  /** Failed fields and field-level information. */
  INFO = 'INFO',
  /** Everything but full request and response content. */
  DEBUG = 'DEBUG',
  /** Every field. */
  ALL = 'ALL',
}

/** The GraphQL API (AppSync) the `resolver` functions serve. */
export interface GraphqlOptions {
  /**
   * Path of the schema from the project root; a missing file is created with the resolvers'
   * fields.
   *
   * @default "schema.graphql"
   */
  readonly schemaFile?: string;

  /**
   * How callers authenticate.
   *
   * @default GraphqlAuthorization.API_KEY
   */
  readonly authorization?: GraphqlAuthorization;

  /**
   * Days until the API key expires (API_KEY authorization), 1-365.
   *
   * @default 30
   */
  readonly apiKeyExpiryDays?: number;

  /**
   * Level of the field logs.
   *
   * @default GraphqlFieldLogLevel.ERROR
   */
  readonly fieldLogLevel?: GraphqlFieldLogLevel;
}
