import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Column, Row } from '../../../src/opendata/dataset';
import { parquetOf, ROWS_PER_GROUP } from '../../../src/opendata/formats/parquet';

const column = (name: string, type: Column['type'], required = false): Column => ({ name, type, description: name, required });

const COLUMNS: Column[] = [
  column('code', 'string', true),
  column('name', 'string'),
  column('fee', 'integer'),
  column('dossiers', 'integer'),
  column('on_time_share', 'number'),
  column('online', 'boolean'),
  column('effective_on', 'date'),
  column('updated_at', 'datetime'),
];

const ROWS: Row[] = [
  {
    code: '1.001',
    name: 'Đăng ký khai sinh',
    fee: 1_000_000_000,
    dossiers: '9007199254740993',
    on_time_share: 1.5,
    online: true,
    effective_on: '2024-01-15',
    updated_at: '2024-01-15T10:30:00.123+07:00',
  },
  { code: '1.002', name: null, fee: null, dossiers: null, on_time_share: null, online: null, effective_on: null, updated_at: null },
  // Before 1970: the library refuses such day and millisecond numbers, so the writer gives it Dates.
  {
    code: '1.003',
    name: 'Cấp bản sao trích lục hộ tịch',
    fee: -8000,
    dossiers: 0,
    on_time_share: '0.25',
    online: false,
    effective_on: '1969-12-31',
    updated_at: '1965-05-01 00:00:00+07',
  },
];

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

let dir: string;
let instance: DuckDBInstance;
let duck: DuckDBConnection;

beforeAll(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'parquet-test-'));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});

afterAll(async () => {
  duck?.closeSync();
  instance?.closeSync();
  await fs.promises.rm(dir, { recursive: true, force: true });
});

/** Writes the stream to a file in the temporary folder, for DuckDB to read. */
async function fileOf(name: string, bytes: AsyncIterable<Buffer>): Promise<string> {
  const file = path.join(dir, name);
  await pipeline(Readable.from(bytes), fs.createWriteStream(file));
  return file;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson();
}

describe('parquetOf', () => {
  it('writes every column type, with nulls, in a file DuckDB reads back', async () => {
    const file = await fileOf('all-types.parquet', parquetOf(COLUMNS, from(ROWS)));

    const described = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(described.map((d) => [d.column_name, d.column_type])).toEqual([
      ['code', 'VARCHAR'],
      ['name', 'VARCHAR'],
      ['fee', 'BIGINT'],
      ['dossiers', 'BIGINT'],
      ['on_time_share', 'DOUBLE'],
      ['online', 'BOOLEAN'],
      ['effective_on', 'DATE'],
      ['updated_at', 'TIMESTAMP'],
    ]);
    const schema = await query(`SELECT name, repetition_type FROM parquet_schema('${file}') WHERE name <> 'root'`);
    expect(Object.fromEntries(schema.map((s) => [s.name, s.repetition_type]))).toEqual({
      code: 'REQUIRED',
      name: 'OPTIONAL',
      fee: 'OPTIONAL',
      dossiers: 'OPTIONAL',
      on_time_share: 'OPTIONAL',
      online: 'OPTIONAL',
      effective_on: 'OPTIONAL',
      updated_at: 'OPTIONAL',
    });
    const compression = await query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    expect(compression).toEqual([{ compression: 'SNAPPY' }]);

    // Timestamps are UTC instants: DuckDB shows them without a zone.
    expect(await query(`SELECT * FROM read_parquet('${file}') ORDER BY code`)).toEqual([
      {
        code: '1.001',
        name: 'Đăng ký khai sinh',
        fee: '1000000000',
        dossiers: '9007199254740993',
        on_time_share: 1.5,
        online: true,
        effective_on: '2024-01-15',
        updated_at: '2024-01-15 03:30:00.123',
      },
      { code: '1.002', name: null, fee: null, dossiers: null, on_time_share: null, online: null, effective_on: null, updated_at: null },
      {
        code: '1.003',
        name: 'Cấp bản sao trích lục hộ tịch',
        fee: '-8000',
        dossiers: '0',
        on_time_share: 0.25,
        online: false,
        effective_on: '1969-12-31',
        updated_at: '1965-04-30 17:00:00',
      },
    ]);
    // The column statistics let DuckDB skip groups: they must agree with the values.
    expect(await query(`SELECT count(*) AS n FROM read_parquet('${file}') WHERE effective_on < DATE '1970-01-01' AND fee = -8000`)).toEqual([{ n: '1' }]);
  });

  it('writes a valid file with its columns when there are no rows', async () => {
    const file = await fileOf('empty.parquet', parquetOf(COLUMNS, from([])));
    expect(await query(`SELECT count(*) AS n FROM read_parquet('${file}')`)).toEqual([{ n: '0' }]);
    expect((await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).map((d) => d.column_type)).toEqual([
      'VARCHAR',
      'VARCHAR',
      'BIGINT',
      'BIGINT',
      'DOUBLE',
      'BOOLEAN',
      'DATE',
      'TIMESTAMP',
    ]);
  });

  it('streams row groups as they fill, pulling rows only as bytes are taken', async () => {
    const total = 50_000;
    const columns = [column('id', 'integer', true), column('label', 'string'), column('day', 'date')];
    let pulled = 0;
    async function* generated(): AsyncGenerator<Row> {
      for (let id = 1; id <= total; id++) {
        pulled++;
        yield { id, label: id % 7 === 0 ? null : `Thủ tục ${id}`, day: `2024-01-${String(1 + (id % 28)).padStart(2, '0')}` };
      }
    }
    // How many rows had been pulled when each chunk arrived, and its size.
    const arrivals: { pulled: number; bytes: number }[] = [];
    const file = path.join(dir, 'many.parquet');
    const out = await fs.promises.open(file, 'w');
    try {
      for await (const chunk of parquetOf(columns, generated())) {
        arrivals.push({ pulled, bytes: chunk.length });
        await out.write(chunk);
      }
    } finally {
      await out.close();
    }

    // The first group arrives as soon as it is full, before the row after it is pulled.
    const groups = arrivals.filter((a) => a.bytes > 1000);
    expect(groups[0].pulled).toBe(ROWS_PER_GROUP);
    expect(groups.filter((g) => g.pulled < total).length).toBeGreaterThanOrEqual(total / ROWS_PER_GROUP - 1);

    expect(await query(`SELECT count(*) AS n, count(label) AS labels, sum(id) AS ids, max(day) AS last FROM read_parquet('${file}')`)).toEqual([
      { n: String(total), labels: String(total - Math.floor(total / 7)), ids: String((total * (total + 1)) / 2), last: '2024-01-28' },
    ]);
    const rowGroups = await query(`SELECT count(DISTINCT row_group_id) AS n, max(row_group_num_rows) AS largest FROM parquet_metadata('${file}')`);
    expect(rowGroups).toEqual([{ n: String(Math.ceil(total / ROWS_PER_GROUP)), largest: String(ROWS_PER_GROUP) }]);
  });

  it('throws what the rows throw to the consumer', async () => {
    async function* failing(): AsyncGenerator<Row> {
      yield ROWS[0];
      throw new Error('connection lost');
    }
    await expect(fileOf('failing.parquet', parquetOf(COLUMNS, failing()))).rejects.toThrow('connection lost');
  });

  it.each<[string, Row, RegExp]>([
    ['a null in a required column', { ...ROWS[0], code: null }, /row 1 has no value for the required column code/],
    ['text in a boolean column', { ...ROWS[0], online: 'yes' }, /row 1, column online \(boolean\) cannot take "yes"/],
    ['a fraction in an integer column', { ...ROWS[0], fee: 1.5 }, /column fee \(integer\) cannot take 1.5/],
    ['a day that does not exist', { ...ROWS[0], effective_on: '2024-02-30' }, /column effective_on \(date\)/],
    ['a datetime without its offset', { ...ROWS[0], updated_at: '2024-01-15T10:30:00' }, /column updated_at \(datetime\)/],
  ])('refuses %s', async (_, row, message) => {
    await expect(fileOf('wrong.parquet', parquetOf(COLUMNS, from([ROWS[0], row])))).rejects.toThrow(message);
  });

  it('ends the rows, and leaves nothing failing, when the consumer stops early', async () => {
    let ended = false;
    let pulled = 0;
    async function* endless(): AsyncGenerator<Row> {
      try {
        for (;;) {
          pulled++;
          yield { ...ROWS[0], code: String(pulled) };
        }
      } finally {
        ended = true;
      }
    }
    let chunks = 0;
    // The magic bytes, then the first group.
    for await (const _chunk of parquetOf(COLUMNS, endless())) {
      if (++chunks === 2) break;
    }
    expect(ended).toBe(true);
    expect(pulled).toBe(ROWS_PER_GROUP);
    // Jest fails the test on an unhandled rejection: give any promise left behind the time to settle while it runs.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
