import type { PoolClient } from 'pg';
import { int4Array, textArray } from '../db/pg-binary';
import { LEVEL_INDEX, LEVELS } from '../shared/levels';
import { lineageCte } from '../units/unit-tree.sql';
import type { DossierVersion } from './dossier';
import { emitContribution, ROLLUP_COUNTERS } from './dossier-contribution';

const COUNTERS = ROLLUP_COUNTERS.length;
// A rollup row's key packed into one number (exact below 2^53): product (field and procedure,
// numbered per delta) × 2^38 + unit id × 2^18 + level × 2^16 + local day (days since 1970).
const DAY_SPAN = 2 ** 16;
const LEVEL_SPAN = 2 ** 18;
const UNIT_SPAN = 2 ** 38;
const MAX_UNIT_ID = 2 ** 20;
const MAX_PRODUCTS = 2 ** 15;

/**
 * The change a set of dossier writes makes to the rollups: each replaced version's contribution
 * subtracted, each new one's added, summed per rollup row before anything is written, so a chunk
 * costs one statement whatever its size. Rows are keyed by numbers, not strings: adding a dossier
 * allocates nothing once its row exists.
 */
export class RollupDelta {
  private readonly rows = new Map<number, Int32Array>();
  /** Field and procedure codes of the rows, numbered in order of first use. */
  private readonly products: { fieldCode: string; procedureCode: string }[] = [];
  private readonly productIndex = new Map<string, Map<string, number>>();
  /** The key of the dossier being added, without its day. */
  private base = 0;
  private readonly sink = (day: number, counter: number, n: number): void => {
    // A day outside the key's field would be counted on another unit's row: refuse, never wrap.
    if (!(day >= 0 && day < DAY_SPAN)) throw new Error(`day ${day} is out of the rollup key's range`);
    const key = this.base + day;
    let counts = this.rows.get(key);
    if (counts === undefined) {
      counts = new Int32Array(COUNTERS);
      this.rows.set(key, counts);
    }
    counts[counter] += n;
  };

  /** Rows in the delta, including any whose changes cancelled out. */
  get size(): number {
    return this.rows.size;
  }

  add(version: DossierVersion, sign: 1 | -1): void {
    if (!(version.unitId >= 0 && version.unitId < MAX_UNIT_ID)) throw new Error(`unit id ${version.unitId} is out of the rollup key's range`);
    this.base = this.product(version.fieldCode, version.procedureCode) * UNIT_SPAN + version.unitId * LEVEL_SPAN + LEVEL_INDEX[version.level] * DAY_SPAN;
    emitContribution(version, sign, this.sink);
  }

  private product(fieldCode: string, procedureCode: string): number {
    let byField = this.productIndex.get(procedureCode);
    if (byField === undefined) this.productIndex.set(procedureCode, (byField = new Map<string, number>()));
    let index = byField.get(fieldCode);
    if (index === undefined) {
      index = this.products.length;
      if (index >= MAX_PRODUCTS) throw new Error('too many procedures in one rollup delta');
      this.products.push({ fieldCode, procedureCode });
      byField.set(fieldCode, index);
    }
    return index;
  }

  /**
   * Adds the delta to dossier_daily and dossier_monthly, and per unit and level to
   * dossier_subtree_daily and dossier_subtree_monthly for the unit and every unit above it (rows
   * in key order: no deadlock between writers).
   * Returns the number of daily rows changed.
   */
  async write(client: PoolClient): Promise<number> {
    const daily = this.parameters();
    if (!daily) return 0;
    // The coarser rows are summed here rather than grouped in SQL: the statement then inserts
    // them all from its parameters, with nothing to materialise, group or truncate to months.
    const monthly = new Map<number, Int32Array>();
    const unitDaily = new Map<number, Int32Array>();
    const unitMonthly = new Map<number, Int32Array>();
    const fieldOf: number[] = [];
    const fieldIndex = new Map<string, number>();
    const fields: string[] = [];
    for (const { fieldCode } of this.products) {
      let index = fieldIndex.get(fieldCode);
      if (index === undefined) fieldIndex.set(fieldCode, (index = fields.push(fieldCode) - 1));
      fieldOf.push(index);
    }
    for (const [key, counts] of this.rows) {
      const product = Math.floor(key / UNIT_SPAN);
      const day = key % DAY_SPAN;
      const unitDay = key - product * UNIT_SPAN;
      const unitMonth = unitDay - day + monthStartDay(day);
      addTo(monthly, fieldOf[product] * UNIT_SPAN + unitMonth, counts);
      addTo(unitDaily, unitDay, counts);
      addTo(unitMonthly, unitMonth, counts);
    }
    // One statement, one round trip, for the four tables.
    const statements = [INSERT_DAILY];
    const params = [...daily];
    const also = (statement: (first: number) => string, rows: unknown[] | null) => {
      if (!rows) return;
      statements.push(statement(params.length));
      params.push(...rows);
    };
    const months = unpack(monthly);
    also(insertMonthly, months && [...months.keys, textArray(fields), ...months.counters]);
    const unitDays = unpack(unitDaily);
    const unitMonths = unpack(unitMonthly);
    let lineage = '';
    if (unitDays) {
      // Every row of a unit counts in its own subtree and in the subtree of every unit above it.
      lineage = `RECURSIVE ${lineageCte('lineage', `id = ANY($${params.push(int4Array([...new Set(unitDays.unitIds)]))}::int[])`)}, `;
      also((first) => insertSubtree('dossier_subtree_daily', 'day', first), [...unitDays.keys.slice(0, 3), ...unitDays.counters]);
      also((first) => insertSubtree('dossier_subtree_monthly', 'month', first), unitMonths && [...unitMonths.keys.slice(0, 3), ...unitMonths.counters]);
    }
    const last = statements.pop()!;
    await client.query(statements.length ? `WITH ${lineage}${statements.map((s, i) => `w${i} AS (${s})`).join(', ')} ${last}` : last, params);
    return (daily[0] as Buffer).readInt32BE(12);
  }

  /**
   * Appends the delta's rows to `table` (columns as dossier_daily's) with a plain INSERT and
   * forgets them; with `beforeDay` (days since 1970), only the rows of earlier days. For loads too
   * large for one delta: when nothing added later can fall before that day, those rows are final.
   */
  async stage(client: PoolClient, table: string, beforeDay = Infinity): Promise<number> {
    const params = this.parameters(beforeDay);
    if (!params) return 0;
    await client.query(`INSERT INTO ${table} (unit_id, day, level, field_code, procedure_code, ${COLUMNS}) ${DELTA_ROWS}`, params);
    return (params[0] as Buffer).readInt32BE(12);
  }

  /**
   * The rows as statement parameters. Days go as numbers, levels and codes as positions in short
   * lists, every array in binary: less to send and to parse. Null when there is nothing to write.
   */
  private parameters(beforeDay = Infinity): unknown[] | null {
    let rows: Map<number, Int32Array> = this.rows;
    if (beforeDay !== Infinity) {
      rows = new Map();
      for (const [key, counts] of this.rows) {
        if (key % DAY_SPAN >= beforeDay) continue;
        this.rows.delete(key);
        rows.set(key, counts);
      }
    }
    const daily = unpack(rows);
    if (!daily) return null;
    return [
      ...daily.keys,
      textArray(this.products.map((p) => p.fieldCode)),
      textArray(this.products.map((p) => p.procedureCode)),
      textArray(LEVELS),
      ...daily.counters,
    ];
  }
}

function addTo(rows: Map<number, Int32Array>, key: number, counts: Int32Array): void {
  let sums = rows.get(key);
  if (sums === undefined) rows.set(key, (sums = new Int32Array(COUNTERS)));
  for (let i = 0; i < COUNTERS; i++) sums[i] += counts[i];
}

/** The first day of the month of a day (both as days since 1970). */
function monthStartDay(day: number): number {
  const date = new Date(day * 86_400_000);
  return day - date.getUTCDate() + 1;
}

/**
 * Packed rows as binary array parameters: unit ids, days, levels (1-based positions in LEVELS),
 * products (1-based: field and procedure codes for daily rows, field codes for monthly), then
 * one array per counter. Rows whose counts all cancelled out are left out; null when none is left.
 */
function unpack(rows: Map<number, Int32Array>): { keys: Buffer[]; counters: Buffer[]; unitIds: number[] } | null {
  const unitIds: number[] = [];
  const days: number[] = [];
  const levels: number[] = [];
  const products: number[] = [];
  const counters: number[][] = ROLLUP_COUNTERS.map(() => []);
  for (const [key, counts] of rows) {
    if (counts.every((n) => n === 0)) continue;
    const product = Math.floor(key / UNIT_SPAN);
    const rest = key - product * UNIT_SPAN;
    unitIds.push(Math.floor(rest / LEVEL_SPAN));
    levels.push(Math.floor((rest % LEVEL_SPAN) / DAY_SPAN) + 1);
    days.push(rest % DAY_SPAN);
    products.push(product + 1);
    for (let i = 0; i < COUNTERS; i++) counters[i].push(counts[i]);
  }
  if (!unitIds.length) return null;
  return { keys: [int4Array(unitIds), int4Array(days), int4Array(levels), int4Array(products)], counters: counters.map(int4Array), unitIds };
}

const COLUMNS = ROLLUP_COUNTERS.join(', ');
/** The delta's rows from RollupDelta.parameters(). Codes are joined, not subscripted: subscripting a text array walks it from the start. */
const DELTA_ROWS = `
  SELECT d.unit_id, date '1970-01-01' + d.day AS day, ($7::text[])[d.level] AS level, p.field_code, p.procedure_code, ${COLUMNS}
  FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], ${ROLLUP_COUNTERS.map((_, i) => `$${i + 8}::int[]`).join(', ')})
    AS d(unit_id, day, level, product, ${COLUMNS})
  JOIN unnest($5::text[], $6::text[]) WITH ORDINALITY AS p(field_code, procedure_code, product) USING (product)`;
const SUMS = ROLLUP_COUNTERS.map((c) => `sum(${c})::int`).join(', ');
const accumulate = (table: string) => ROLLUP_COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
const unnestCounters = (first: number) => ROLLUP_COUNTERS.map((_, i) => `$${first + i}::int[]`).join(', ');
/** A chunk's daily rows (from RollupDelta.parameters(), keys unique) added to dossier_daily, in key order. */
const INSERT_DAILY = `
  INSERT INTO dossier_daily (unit_id, day, level, field_code, procedure_code, ${COLUMNS})
  ${DELTA_ROWS}
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (unit_id, day, level, field_code, procedure_code) DO UPDATE SET ${accumulate('dossier_daily')}`;
/** Monthly rows summed in JS (keys, field codes, counters from parameter `$first` on) added to dossier_monthly, in key order. */
const insertMonthly = (first: number) => `
  INSERT INTO dossier_monthly (unit_id, month, level, field_code, ${COLUMNS})
  SELECT m.unit_id, date '1970-01-01' + m.month, ($7::text[])[m.level], f.field_code, ${ROLLUP_COUNTERS.map((c) => `m.${c}`).join(', ')}
  FROM unnest($${first + 1}::int[], $${first + 2}::int[], $${first + 3}::int[], $${first + 4}::int[], ${unnestCounters(first + 6)})
    AS m(unit_id, month, level, field, ${COLUMNS})
  JOIN unnest($${first + 5}::text[]) WITH ORDINALITY AS f(field_code, field) USING (field)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (unit_id, month, level, field_code) DO UPDATE SET ${accumulate('dossier_monthly')}`;
/**
 * Rows per unit and level summed in JS (unit ids, days, levels, counters from parameter `$first`
 * on) added to the subtree rows of the unit and of every unit above it (CTE `lineage`), in key order.
 */
const insertSubtree = (table: string, dateColumn: 'day' | 'month', first: number) => `
  INSERT INTO ${table} (unit_id, ${dateColumn}, level, ${COLUMNS})
  SELECT l.ancestor_id, date '1970-01-01' + u.day, ($7::text[])[u.level], ${SUMS}
  FROM unnest($${first + 1}::int[], $${first + 2}::int[], $${first + 3}::int[], ${unnestCounters(first + 4)}) AS u(unit_id, day, level, ${COLUMNS})
  JOIN lineage l USING (unit_id)
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (unit_id, ${dateColumn}, level) DO UPDATE SET ${accumulate(table)}`;
/** Adds rows of `source` (the rollup key and counters; a key may repeat) to dossier_daily, in key order. */
const addToDaily = (source: string) => `
  INSERT INTO dossier_daily (unit_id, day, level, field_code, procedure_code, ${COLUMNS})
  SELECT unit_id, day, level, field_code, procedure_code, ${SUMS} FROM ${source} GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (unit_id, day, level, field_code, procedure_code) DO UPDATE SET ${accumulate('dossier_daily')}`;
/** The same rows summed by month into dossier_monthly. */
const addToMonthly = (source: string) => `
  INSERT INTO dossier_monthly (unit_id, month, level, field_code, ${COLUMNS})
  SELECT unit_id, date_trunc('month', day)::date, level, field_code, ${SUMS}
  FROM ${source} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (unit_id, month, level, field_code) DO UPDATE SET ${accumulate('dossier_monthly')}`;

/** Adds rows in `source` (a table or a parenthesised query with dossier_daily's columns; keys may repeat) to dossier_daily. */
export async function addToDailyRollup(client: PoolClient, source: string, values: unknown[] = []): Promise<void> {
  await client.query(addToDaily(source), values);
}

const SUBTREE = [
  { table: 'dossier_subtree_daily', key: 'day', date: 'day' },
  { table: 'dossier_subtree_monthly', key: 'month', date: `date_trunc('month', day)::date` },
];

/** Adds rows in `source` (as for addToDailyRollup) to dossier_monthly, summed by month, and to the subtree tables. */
export async function addToCoarserRollups(client: PoolClient, source: string, values: unknown[] = []): Promise<void> {
  await client.query(addToMonthly(source), values);
  for (const { table, key, date } of SUBTREE) {
    await client.query(
      `WITH RECURSIVE ${lineageCte('lineage', 'true')}
       INSERT INTO ${table} (unit_id, ${key}, level, ${COLUMNS})
       SELECT l.ancestor_id, ${date}, level, ${SUMS} FROM ${source} JOIN lineage l USING (unit_id) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
       ON CONFLICT (unit_id, ${key}, level) DO UPDATE SET ${accumulate(table)}`,
      values,
    );
  }
}
