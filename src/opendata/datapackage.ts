import type { Dataset } from './dataset';
import { LICENCE, PUBLISHER } from './licence';

/**
 * The Frictionless Data Package (v2) that describes the CSV downloads: one tabular resource per
 * dataset with its Table Schema (types, descriptions, required columns, primary and foreign keys),
 * so that a tool can load and join them without reading any documentation.
 */
export function dataPackage(datasets: readonly Dataset[], base: string, modified: Date | null) {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'vn-administrative-procedures',
    title: "Vietnam's administrative procedures: a province's catalogue (Thủ tục hành chính)",
    description:
      'The catalogue of administrative procedures of a province, as related tables joined by stable codes. ' +
      'Rows marked is_representative are generated (representative) records, not real procedures.',
    homepage: `${base}/`,
    version: '1.0.0',
    ...(modified && { created: modified.toISOString() }),
    licenses: [LICENCE],
    contributors: [{ title: PUBLISHER.name, roles: ['publisher'] }],
    keywords: ['administrative procedures', 'thủ tục hành chính', 'public services', 'Vietnam'],
    resources: datasets.map((dataset) => ({
      name: dataset.id,
      type: 'table',
      path: `${base}/opendata/${dataset.id}.csv`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      title: dataset.title.en,
      description: `${dataset.description.en} / ${dataset.description.vi}`,
      licenses: [LICENCE],
      dialect: { $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json', delimiter: ',', lineTerminator: '\r\n', header: true },
      schema: {
        $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
        fields: dataset.columns.map((column) => ({
          name: column.name,
          type: column.type,
          description: column.description,
          ...(column.type === 'boolean' && { trueValues: ['true'], falseValues: ['false'] }),
          constraints: { required: column.required },
        })),
        missingValues: [''],
        primaryKey: [...dataset.primaryKey],
        // Table Schema v2 wants at least one key when the property is there.
        ...(dataset.foreignKeys.length > 0 && {
          foreignKeys: dataset.foreignKeys.map((key) => ({
            fields: key.fields,
            // A key into the same table names no resource.
            reference: key.reference.resource === dataset.id ? { fields: key.reference.fields } : key.reference,
          })),
        }),
      },
    })),
  };
}
