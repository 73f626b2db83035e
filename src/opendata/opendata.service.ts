import type { Pool } from 'pg';
import { AppError } from '../shared/errors';
import { CATALOGUE_DATASETS } from './catalogue-datasets';
import type { Dataset } from './dataset';
import { dcatCatalog, type DatasetEntry } from './dcat';
import { csvOf, withBom } from './formats/csv';
import { crlf } from './formats/crlf';
import { ndjsonOf } from './formats/ndjson';
import { parquetOf } from './formats/parquet';
import { RECORD_DATASETS, type RecordDataset } from './record-datasets';
import { STATISTICS_DATASETS } from './statistics-datasets';
import { Snapshot } from './snapshot';

/** The formats of a tabular dataset, by file extension. */
export const FORMATS = {
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', title: 'CSV' },
  ndjson: { mediaType: 'application/x-ndjson; charset=utf-8', title: 'NDJSON' },
  parquet: { mediaType: 'application/vnd.apache.parquet', title: 'Parquet' },
} as const;
export type Format = keyof typeof FORMATS;

const isFormat = (extension: string): extension is Format => Object.hasOwn(FORMATS, extension);

/** A file that can be downloaded: a table in one of its formats, or a dataset of whole records. */
export interface Download {
  id: string;
  extension: string;
  mediaType: string;
  /** Whether it takes `asOf`. */
  asOf: boolean;
  changesWith: 'catalogue' | 'statistics';
  file(snapshot: Snapshot, day: string, options: { bom: boolean; base: string }): AsyncGenerator<Buffer>;
}

const FILE = /^([a-z][a-z-]{0,40})\.([a-z]{1,10})$/;
const TABLES: readonly Dataset[] = [...CATALOGUE_DATASETS, ...STATISTICS_DATASETS];

/**
 * The open-data downloads: every dataset computed by the statements the catalogue is stored and
 * read with, streamed from one snapshot in constant memory, in each format.
 */
export class OpenDataService {
  /** `pool`: the reader role's pool (a download holds one connection while it streams). */
  constructor(private readonly pool: Pool) {}

  /** The tabular datasets, in the order they are listed. */
  datasets(): readonly Dataset[] {
    return TABLES;
  }

  /** The datasets of whole records. */
  recordDatasets(): readonly RecordDataset[] {
    return RECORD_DATASETS;
  }

  /** The download a file name (`procedures.csv`) stands for: NOT_FOUND for an unknown dataset, NOT_ACCEPTABLE for a format it does not come in. */
  download(name: string): Download {
    const [, id, extension] = FILE.exec(name) ?? [];
    const table = TABLES.find((dataset) => dataset.id === id);
    const records = RECORD_DATASETS.find((dataset) => dataset.id === id);
    if (table && isFormat(extension)) {
      return {
        id,
        extension,
        mediaType: FORMATS[extension].mediaType,
        asOf: table.asOf,
        changesWith: table.changesWith,
        file: (snapshot, day, { bom }) => {
          const rows = snapshot.rows(table, day);
          if (extension === 'csv') return table.csv ? withBom(crlf(table.csv(snapshot, day)), bom) : csvOf(table.columns, rows, bom);
          return extension === 'parquet' ? parquetOf(table.columns, rows) : ndjsonOf(rows);
        },
      };
    }
    if (records && records.extension === extension) {
      return {
        id,
        extension,
        mediaType: records.mediaType,
        asOf: true,
        changesWith: 'catalogue',
        file: (snapshot, day, { base }) => records.file(snapshot, day, base),
      };
    }
    if (table || records) {
      const formats = table ? Object.keys(FORMATS) : [records!.extension];
      throw new AppError('NOT_ACCEPTABLE', `${id} is published as ${formats.join(', ')}, not ${extension}`);
    }
    throw new AppError('NOT_FOUND', `no dataset is published as ${name}; the list is at /opendata/datapackage.json and in the datasets query`);
  }

  /** What the DCAT catalogue says of every dataset: its files, its time span and its last change. */
  async catalog(base: string, today: string): Promise<Record<string, unknown>> {
    const { rows } = await this.pool.query<{
      catalogue_start: string | null;
      statistics_start: string | null;
      statistics_end: string | null;
      catalogue_modified: Date | null;
      statistics_modified: Date | null;
      province_code: string;
      province_name: string;
    }>(
      `SELECT (SELECT to_char(min(valid_from), 'YYYY-MM-DD') FROM procedure) AS catalogue_start,
              (SELECT to_char(min(month), 'YYYY-MM-DD') FROM dossier_monthly) AS statistics_start,
              (SELECT to_char(max(month) + interval '1 month' - interval '1 day', 'YYYY-MM-DD') FROM dossier_monthly) AS statistics_end,
              (SELECT max(recorded_at) FROM procedure_change) AS catalogue_modified,
              (SELECT changed_at FROM statistics_version) AS statistics_modified,
              u.code AS province_code, u.name AS province_name
         FROM administrative_unit u WHERE u.parent_id IS NULL ORDER BY u.code LIMIT 1`,
    );
    const [facts] = rows;
    const url = (id: string, extension: string) => `${base}/opendata/${id}.${extension}`;
    const catalogueSpan = facts?.catalogue_start ? { start: facts.catalogue_start, end: today } : null;
    const statisticsSpan = facts?.statistics_start && facts.statistics_end ? { start: facts.statistics_start, end: facts.statistics_end } : null;
    const entries: DatasetEntry[] = [
      ...TABLES.map((dataset) => {
        const statistics = dataset.changesWith === 'statistics';
        return {
          id: dataset.id,
          title: dataset.title,
          description: dataset.description,
          distributions: (Object.keys(FORMATS) as Format[]).map((format) => ({
            format,
            mediaType: FORMATS[format].mediaType,
            url: url(dataset.id, format),
            byteSize: null,
            title: `${dataset.title.en} (${FORMATS[format].title})`,
          })),
          temporal: statistics ? statisticsSpan : catalogueSpan,
          modified: (statistics ? facts?.statistics_modified : facts?.catalogue_modified)?.toISOString() ?? null,
        };
      }),
      ...RECORD_DATASETS.map((dataset) => ({
        id: dataset.id,
        title: dataset.title,
        description: dataset.description,
        distributions: [
          {
            format: dataset.extension,
            mediaType: dataset.mediaType,
            url: url(dataset.id, dataset.extension),
            byteSize: null,
            title: `${dataset.title.en} (${dataset.formatTitle})`,
          },
        ],
        temporal: catalogueSpan,
        modified: facts?.catalogue_modified?.toISOString() ?? null,
      })),
    ];
    return dcatCatalog(entries, {
      base,
      modified: facts?.catalogue_modified?.toISOString() ?? null,
      spatial: { code: facts?.province_code ?? '', name: facts?.province_name ?? '' },
    });
  }

  /** A snapshot for one download, which may take `timeoutMs`. */
  snapshot(timeoutMs: number): Promise<Snapshot> {
    return Snapshot.open(this.pool, timeoutMs);
  }
}
