/**
 * The format the transform writes the processed objects in, and the table reads them in.
 */
export enum DataLakeFormat {
  /** JSON Lines: one JSON object per line, read by the OpenX JSON SerDe. */
  JSON = 'JSON',
  /** Apache Parquet: columnar and compressed, so Athena scans (and bills) only the columns a query reads. */
  PARQUET = 'PARQUET',
}

/**
 * A column of the processed data's table.
 */
export interface DataLakeColumn {
  /** Name: lowercase letters, digits and underscores, as Athena requires. */
  readonly name: string;

  /**
   * Hive type, e.g. `string`, `bigint`, `double`, `boolean`, `timestamp`, `date`,
   * `decimal(10,2)`, `array<string>`, `struct<city:string,zip:string>`.
   */
  readonly type: string;

  /**
   * What the column holds.
   *
   * @default - no comment
   */
  readonly comment?: string;
}
