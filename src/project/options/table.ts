/** Type of a DynamoDB key attribute. */
export enum KeyType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BINARY = 'BINARY',
}

/** What a DynamoDB stream record holds of the changed item. */
export enum TableStreamView {
  /** The item before and after the change: what most consumers need to see what changed. */
  NEW_AND_OLD_IMAGES = 'NEW_AND_OLD_IMAGES',
  /** The item after the change. */
  NEW_IMAGE = 'NEW_IMAGE',
  /** The item before the change. */
  OLD_IMAGE = 'OLD_IMAGE',
  /** Only the key attributes. */
  KEYS_ONLY = 'KEYS_ONLY',
}

/** A key attribute of a table. */
export interface KeyOptions {
  /** Attribute name. */
  readonly name: string;

  /**
   * Attribute type.
   *
   * @default KeyType.STRING
   */
  readonly type?: KeyType;
}

/** A service's own DynamoDB table. */
export interface TableOptions {
  /** The partition key. */
  readonly partitionKey: KeyOptions;

  /**
   * The sort key.
   *
   * @default - no sort key
   */
  readonly sortKey?: KeyOptions;

  /**
   * What the table's stream records hold of each changed item; a function with
   * `streamEvents.table` reads the stream.
   *
   * @default - TableStreamView.NEW_AND_OLD_IMAGES when a function reads the stream, else no stream
   */
  readonly streamView?: TableStreamView;
}
