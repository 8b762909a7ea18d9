/** A service's data lake: the Glue database and table, the Athena workgroup, and what the transform is told. */
import { functionRef, Section, serviceRef } from './helpers';
import { DataLakeColumn, DataLakeFormat } from '../../../constructs/data-lake-schema';
import { AppModel, ServiceModel } from '../../model';
import { lines, literal, str } from '../typescript';

/** How the table reads each format: the Glue classification and the SerDe. */
const TABLE_FORMATS: Record<DataLakeFormat, { classification: string; serde: string }> = {
  [DataLakeFormat.JSON]: { classification: 'json', serde: 'org.openx.data.jsonserde.JsonSerDe' },
  [DataLakeFormat.PARQUET]: { classification: 'parquet', serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

export function dataLakeSection(service: ServiceModel, app: AppModel): Section {
  const lake = service.dataLake!;
  const kms = app.controlTower?.encryptionKey ?? false;
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
      '    expect(resourceOf(lake.database)).toMatchObject({',
      "      Type: 'AWS::Glue::Database',",
      "      Properties: { CatalogId: { Ref: 'AWS::AccountId' }, DatabaseInput: { Name: lake.databaseName } },",
      '    });',
      '  });',
      '',
      columns ? lines(
        `  test(${str(`a Glue table over ${lake.processedPrefix || '/'} of the processed bucket, ${lake.format}: ${describeColumns}`)}, () => {`,
        '    const table = resourceOf(lake.table!).Properties;',
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
      `  test(${str(`an Athena workgroup that enforces its settings: results encrypted (${kms ? 'SSE-KMS, the compliance key' : 'SSE-S3'}), at most ${lake.bytesScannedCutoffPerQuery} bytes scanned per query`)}, () => {`,
      '    expect(resourceOf(lake.workGroup).Properties.WorkGroupConfiguration).toMatchObject({',
      '      EnforceWorkGroupConfiguration: true,',
      `      BytesScannedCutoffPerQuery: ${lake.bytesScannedCutoffPerQuery},`,
      '      ResultConfiguration: {',
      kms
        ? "        EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: expect.anything() },"
        : "        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },",
      "        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(lake.queryResultsBucket.bucket) }, '/']] },",
      '      },',
      '    });',
      ...(kms ? [
        '    const key = resourceOf(lake.workGroup).Properties.WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration.KmsKey;',
        "    expect(refersTo(key, stack.node.findChild('Compliance').node.findChild('Key'), lake.workGroup)).toBe(true);",
      ] : []),
      '  });',
      '',
      `  test(${str(`the transform, ${transform.service}/${transform.name}, is told where to write: PROCESSED_BUCKET and PROCESSED_PREFIX ${lake.processedPrefix}`)}, () => {`,
      `    expect(resourceOf(${functionRef(transform, app)}).Properties.Environment.Variables).toMatchObject({`,
      '      PROCESSED_BUCKET: { Ref: logicalId(lake.processedBucket.bucket) },',
      `      PROCESSED_PREFIX: ${str(lake.processedPrefix)},`,
      '    });',
      '  });',
      '});',
    ),
  };
}
