import { Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { DataLakeColumn, DataLakeFormat } from './data-lake-schema';

/** What the table of a data lake is built from. */
export interface CatalogTableSettings {
  readonly databaseName: string;
  readonly tableName: string;
  readonly location: string;
  readonly columns: DataLakeColumn[];
  readonly partitionKeys: DataLakeColumn[];
  readonly format: DataLakeFormat;
}

/** Athena's rule for database, table and column names. */
const NAME = /^[a-z0-9_]{1,255}$/;
const PRIMITIVE = /^(boolean|tinyint|smallint|int|integer|bigint|float|double|string|binary|date|timestamp|decimal(\(\d+,\s*\d+\))?|(var)?char\(\d+\))$/i;
const COMPLEX = /^(array|map|struct)<.+>$/i;

const FORMATS: Record<DataLakeFormat, { classification: string; inputFormat: string; outputFormat: string; serializationLibrary: string }> = {
  [DataLakeFormat.JSON]: {
    classification: 'json',
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
  },
  [DataLakeFormat.PARQUET]: {
    classification: 'parquet',
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  },
};

/** Problems with a database or table name, naming the option. */
export function nameErrors(option: string, name: string): string[] {
  if (Token.isUnresolved(name) || NAME.test(name)) {
    return [];
  }
  return [`\`${option}\` must be 1-255 lowercase letters, digits and underscores, as Athena requires; got '${name}'.`];
}

/** Problems with the columns and partition keys: names, types, duplicates. */
export function columnErrors(columns: DataLakeColumn[] | undefined, partitionKeys: DataLakeColumn[] | undefined): string[] {
  const errors: string[] = [];
  if (columns !== undefined && columns.length === 0) {
    errors.push('`columns` must name at least one column; leave it out for a lake without a table.');
  }
  if (columns === undefined && partitionKeys !== undefined) {
    errors.push('`partitionKeys` partition the table of `columns`; give `columns` too.');
  }
  const seen = new Set<string>();
  for (const [option, list] of [['columns', columns ?? []], ['partitionKeys', partitionKeys ?? []]] as const) {
    list.forEach((column, index) => {
      const where = `\`${option}[${index}]\``;
      if (!NAME.test(column.name)) {
        errors.push(`${where}.name must be lowercase letters, digits and underscores, as Athena requires; got '${column.name}'.`);
      }
      const type = column.type.trim();
      if (!PRIMITIVE.test(type) && !COMPLEX.test(type)) {
        errors.push(`${where}.type must be a Hive type such as string, bigint, double, boolean, timestamp, date, decimal(10,2), array<...>, map<...> or struct<...>; got '${column.type}'.`);
      }
      if (seen.has(column.name)) {
        errors.push(`${where}.name '${column.name}' is used twice: columns and partition keys share one namespace.`);
      }
      seen.add(column.name);
    });
  }
  return errors;
}

/**
 * An external table over `location`, in `format`: Athena reads its schema from here, so no
 * crawler (and no crawler role, schedule or guessed types) is needed.
 */
export function createCatalogTable(scope: Construct, id: string, database: glue.CfnDatabase, settings: CatalogTableSettings): glue.CfnTable {
  const format = FORMATS[settings.format];
  const toColumn = (column: DataLakeColumn): glue.CfnTable.ColumnProperty => ({
    name: column.name,
    type: column.type.trim(),
    comment: column.comment,
  });
  return new glue.CfnTable(scope, id, {
    catalogId: Stack.of(scope).account,
    databaseName: database.ref,
    tableInput: {
      name: settings.tableName,
      tableType: 'EXTERNAL_TABLE',
      parameters: { classification: format.classification, EXTERNAL: 'TRUE' },
      partitionKeys: settings.partitionKeys.length > 0 ? settings.partitionKeys.map(toColumn) : undefined,
      storageDescriptor: {
        location: settings.location,
        columns: settings.columns.map(toColumn),
        inputFormat: format.inputFormat,
        outputFormat: format.outputFormat,
        serdeInfo: { serializationLibrary: format.serializationLibrary },
      },
    },
  });
}
