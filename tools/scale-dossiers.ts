import 'reflect-metadata';
import crypto from 'node:crypto';
import type { PoolClient } from 'pg';
import { loadConfig } from '../src/config';
import { runMigrations } from '../src/db/migrate';
import type { Sql } from '../src/db/sql';
import { type DossierStatus, type DossierVersion } from '../src/dossiers/dossier';
import { openDatabase } from '../src/db/database';
import { ChannelKind } from '../src/shared/channels';
import { type AdministrativeLevel, LEVELS } from '../src/shared/levels';
import type { DossierInput } from '../src/dossiers/dossier-input';
import { DossierIngestionService } from '../src/dossiers/dossier-ingestion.service';
import { writeDossierVersions } from '../src/dossiers/dossier-rows.sql';
import { localDayNumber } from '../src/dossiers/dossier-contribution';
import { addToCoarserRollups, addToDailyRollup, RollupDelta } from '../src/dossiers/rollup-delta';
import { int4Array } from '../src/db/pg-binary';
import { hashString, mulberry32 } from '../seeds/random';

/**
 * Millions of representative dossiers for load and statistics benches: `npm run seed:dossiers-scale
 * [-- --dossiers N] [-- --province 20]` (default 10,000,000 over Lạng Sơn). Deterministic: the
 * same N gives the same dossiers on every run and machine.
 *
 * Dossiers go to every unit of the province (its desk, each district's, each commune's) for that
 * level's catalogue procedures (a few common ones take most), received on working days from
 * 2022-01-01 to 2025-12-31, more each year and more of them online; they end as their
 * procedure's processing time says (mostly on time), and the last ones are still pending at the
 * end. Like the statistics seed, they are labelled representative.
 *
 * Loading skips the per-chunk ingestion path but not its rules: rows are written by the same
 * function ingestion uses, and the rollup change is the same RollupDelta, summed in memory over
 * many batches; a daily row is written once it is final (its day is behind the generator), the
 * monthly rows are summed from them, all in the same transaction as the dossiers. 10 M load in
 * about four minutes on two cores.
 */

export const SCALE_PREFIX = 'SCALE-';
export const DEFAULT_SCALE_DOSSIERS = 10_000_000;
export const DEFAULT_PROVINCE = '20';
/** Bump when the generator changes what it makes. */
const GENERATOR_VERSION = 1;
const SEED = 20251231;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VN_OFFSET = 7 * HOUR;
/** The first and last local days dossiers are received on. */
export const SCALE_FROM = '2022-01-01';
export const SCALE_TO = '2025-12-31';
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
const FIRST_DAY = dayNumber(SCALE_FROM);
const DAYS = dayNumber(SCALE_TO) - FIRST_DAY + 1;

/** Which dossiers to make: received from `from` to `to` (local days), codes `prefix` + a number. */
export interface ScaleWindow {
  from: string;
  to: string;
  prefix: string;
}
export const SCALE_WINDOW: ScaleWindow = { from: SCALE_FROM, to: SCALE_TO, prefix: SCALE_PREFIX };

interface Window {
  firstDay: number;
  days: number;
  /** What the data says as of: the end of the last day (local time). Later events have not happened yet. */
  snapshot: number;
  prefix: string;
}

/** Dossiers per INSERT statement. */
const BATCH = 25_000;
/** Dossiers generated between writes of the rollup rows that are final. */
const STAGE_EVERY = 250_000;

interface ScaleUnit {
  id: number;
  code: string;
  level: AdministrativeLevel;
}

interface ScaleProcedure {
  code: string;
  fieldCode: string;
  fullOnline: boolean;
  /** Processing time in hours; 0 when the catalogue gives none (no deadline). */
  dueHours: number;
  feeBearing: boolean;
}

export interface ScaleContext {
  province: string;
  units: ScaleUnit[];
  /** Cumulative unit weights, for picking by a uniform number. */
  unitCumulative: Float64Array;
  procedures: Record<AdministrativeLevel, { list: ScaleProcedure[]; cumulative: Float64Array }>;
}

const cumulative = (weights: number[]) => {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
};

/** Index of the first cumulative weight above `u` (binary search). */
function pickIndex(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The province's units and catalogue procedures, weighted. Deterministic for one catalogue. */
export async function loadScaleContext(sql: Sql, province = DEFAULT_PROVINCE): Promise<ScaleContext> {
  const units = await sql.rows<ScaleUnit>(
    `WITH RECURSIVE scope AS (SELECT id FROM administrative_unit WHERE code = $1
                              UNION ALL SELECT c.id FROM administrative_unit c JOIN scope s ON c.parent_id = s.id)
     SELECT u.id, u.code, u.level FROM administrative_unit u JOIN scope USING (id) ORDER BY u.code`,
    [province],
  );
  if (!units.length) throw new Error(`no administrative unit has code ${province}`);
  // Every procedure the catalogue lists, current or not: a dossier keeps the code it was filed under.
  const rows = await sql.rows<{
    code: string;
    level: AdministrativeLevel;
    field_code: string;
    full_online: boolean;
    days: number | null;
    fee: boolean;
    real: boolean;
  }>(
    `SELECT p.code, p.level, f.code AS field_code, p.online_service_level = 'FULL' AS full_online,
            p.min_processing_days::float8 AS days, coalesce(p.min_fee_vnd, 0) > 0 AS fee, NOT p.is_representative AS real
     FROM procedure p JOIN field f ON f.id = p.field_id ORDER BY p.code`,
  );
  const procedures = {} as ScaleContext['procedures'];
  for (const level of LEVELS) {
    // The real national procedures first (they are the common ones: civil status, certification),
    // then the others in a stable shuffled order; demand falls off as a power of the rank.
    const ofLevel = rows.filter((r) => r.level === level);
    const rank = (r: (typeof ofLevel)[number]) => (r.real ? 0 : 1) + hashString(`${SEED}|${r.code}`) / 2 ** 33;
    ofLevel.sort((a, b) => rank(a) - rank(b));
    const list = ofLevel.map((r) => ({
      code: r.code,
      fieldCode: r.field_code,
      fullOnline: r.full_online,
      dueHours: r.days === null ? 0 : r.days < 1 ? 4 : Math.ceil(r.days * 1.4) * 24,
      feeBearing: r.fee,
    }));
    if (!list.length) throw new Error(`the catalogue has no ${level} procedure`);
    procedures[level] = { list, cumulative: cumulative(list.map((_, i) => 1 / (i + 2) ** 1.4)) };
  }
  // The province's desk takes about a sixth of the dossiers, the district desks a third, the
  // communes the rest, each commune as its (hashed) size says.
  const share = { PROVINCE: 0.16, DISTRICT: 0.34, COMMUNE: 0.5 } as const;
  const perLevel = (level: AdministrativeLevel) => units.filter((u) => u.level === level);
  const weights = units.map((u) => {
    const size = 0.4 + 1.6 * (hashString(`${SEED}|unit|${u.code}`) / 2 ** 32);
    const peers = perLevel(u.level);
    const total = peers.reduce((sum, p) => sum + 0.4 + 1.6 * (hashString(`${SEED}|unit|${p.code}`) / 2 ** 32), 0);
    return (share[u.level] * size) / total;
  });
  return { province, units, unitCumulative: cumulative(weights), procedures };
}

/** How many dossiers arrive on each day: working days, growing over the years; sums exactly to `total`. */
function dailyCounts(total: number, window: Window): Int32Array {
  const weights = Array.from({ length: window.days }, (_, d) => {
    const weekday = new Date((window.firstDay + d) * DAY).getUTCDay();
    const week = weekday === 0 ? 0.05 : weekday === 6 ? 0.3 : 1;
    return week * (1 + (0.6 * (window.firstDay + d - FIRST_DAY)) / DAYS);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(window.days);
  let assigned = 0;
  let running = 0;
  weights.forEach((w, d) => {
    running += w;
    const upTo = Math.round((running / sum) * total);
    counts[d] = upTo - assigned;
    assigned = upTo;
  });
  return counts;
}

/**
 * The dossiers, in the order received, in batches of `batch`. Each batch draws from its own
 * seeded stream, so the data depends only on the total and the catalogue.
 */
export function* scaleDossiers(context: ScaleContext, total: number, options: { batch?: number; window?: ScaleWindow } = {}): Generator<DossierVersion[]> {
  const batch = options.batch ?? BATCH;
  const { from, to, prefix } = options.window ?? SCALE_WINDOW;
  if (!(from <= to)) throw new Error(`window ${from}..${to} is empty`);
  const window: Window = { firstDay: dayNumber(from), days: dayNumber(to) - dayNumber(from) + 1, snapshot: (dayNumber(to) + 1) * DAY - VN_OFFSET - 1, prefix };
  const counts = dailyCounts(total, window);
  let day = 0;
  let leftToday = counts[0];
  for (let start = 0; start < total; start += batch) {
    const random = mulberry32(hashString(`${SEED}|${prefix}|${from}|${to}|${total}|${start}`));
    const size = Math.min(batch, total - start);
    const out = new Array<DossierVersion>(size);
    for (let k = 0; k < size; k++) {
      while (leftToday === 0) leftToday = counts[++day];
      leftToday--;
      out[k] = makeDossier(context, window, start + k, day, random);
    }
    yield out;
  }
}

/** Ratings 1 to 5: most satisfied. */
const SATISFACTION = cumulative([0.02, 0.03, 0.1, 0.3, 0.55]);

function makeDossier(context: ScaleContext, window: Window, index: number, day: number, random: () => number): DossierVersion {
  const unit = context.units[pickIndex(context.unitCumulative, random())];
  const level = unit.level;
  const procedures = context.procedures[level];
  const procedure = procedures.list[pickIndex(procedures.cumulative, random())];
  // Years into the scale period: more online, more digitised as it goes.
  const progress = (window.firstDay + day - FIRST_DAY) / DAYS;
  // Office hours, 7:30 to 17:00 local; online ones at any hour.
  const onlineShare = Math.min(0.92, 0.3 + 0.55 * progress + (procedure.fullOnline ? 0.15 : -0.1));
  const u = random();
  const channel = u < onlineShare ? ChannelKind.ONLINE : u < onlineShare + 0.02 ? ChannelKind.POSTAL : ChannelKind.IN_PERSON;
  const midnight = (window.firstDay + day) * DAY - VN_OFFSET;
  const minute = channel === 'ONLINE' ? Math.floor(random() * 24 * 60) : 450 + Math.floor(random() * 570);
  const receivedAt = midnight + minute * 60_000;
  const dueAt =
    procedure.dueHours === 0 ? null : procedure.dueHours < 24 ? receivedAt + procedure.dueHours * HOUR : dayEnd(receivedAt + procedure.dueHours * HOUR);

  // How it ends, and when, if that is before the snapshot.
  const outcome = random();
  let status: DossierStatus;
  let finishedAt: number | null;
  const span = dueAt === null ? 5 * DAY : dueAt - receivedAt;
  if (outcome < 0.015) {
    status = 3; // refused at reception, within a day
    finishedAt = receivedAt + Math.floor(random() * 8 * HOUR);
  } else if (outcome < 0.04) {
    status = 7; // withdrawn part-way
    finishedAt = receivedAt + Math.floor(random() * span);
  } else if (outcome < 0.043) {
    status = 8; // stopped, never ends
    finishedAt = null;
  } else {
    // Resolved: 92 % by the deadline (most well before it), the rest up to three weeks late.
    const late = random() < 0.08;
    finishedAt = late ? receivedAt + span + HOUR + Math.floor(random() * 20 * DAY) : receivedAt + Math.floor(span * (0.15 + 0.85 * random()));
    status = 9;
  }
  let returnedAt: number | null = null;
  if (status === 9 && finishedAt !== null) {
    const back = finishedAt + Math.floor(random() * 2 * DAY);
    if (random() < 0.85 && back <= window.snapshot) {
      status = 10;
      returnedAt = back;
    }
  }
  let paused = false;
  if (finishedAt !== null && finishedAt > window.snapshot) {
    // Not over yet at the snapshot: in process, or waiting on the applicant.
    const p = random();
    status = p < 0.1 ? 5 : p < 0.14 ? 6 : 4;
    paused = status !== 4;
    finishedAt = null;
    returnedAt = null;
  }
  if (status === 8) paused = true;
  const resolved = status === 9 || status === 10;
  const ended = finishedAt !== null;
  const feeBearing = procedure.feeBearing && random() < 0.9;
  const overdueNow = dueAt !== null && (ended ? finishedAt! > dueAt : window.snapshot > dueAt);
  const rating = resolved && random() < 0.25 ? 1 + pickIndex(SATISFACTION, random()) : null;
  const updatedAt = returnedAt ?? finishedAt ?? (paused ? Math.min(window.snapshot, receivedAt + Math.floor(random() * 10 * DAY)) : receivedAt);
  return {
    unitId: unit.id,
    externalCode: `${window.prefix}${String(index + 1).padStart(8, '0')}`,
    procedureCode: procedure.code,
    fieldCode: procedure.fieldCode,
    fullOnlineOffered: procedure.fullOnline,
    level,
    channel,
    status,
    receivedAt,
    dueAt,
    finishedAt,
    returnedAt,
    updatedAt,
    digitisedOnReceipt: random() < (channel === 'ONLINE' ? 0.9 : 0.45 + 0.4 * progress),
    electronicResult: resolved && random() < 0.3 + 0.5 * progress,
    paidOnline: feeBearing && channel === 'ONLINE' && random() < 0.75,
    feeBearing,
    populationDataUsed: random() < 0.2 + 0.5 * progress,
    apologyIssued: overdueNow && random() < 0.6,
    satisfaction: rating,
    isRepresentative: true,
  };
}

/** 17:00 local on the day of `at`. */
function dayEnd(at: number): number {
  const midnight = Math.floor((at + VN_OFFSET) / DAY) * DAY - VN_OFFSET;
  return midnight + 17 * HOUR;
}

/** A dossier as an agency's system would send it (for ingestion benches). */
export function toDossierInput(d: DossierVersion, unitCode: string): DossierInput {
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
  const input: DossierInput = {
    externalCode: d.externalCode,
    procedureCode: d.procedureCode,
    unitCode,
    level: d.level,
    channel: d.channel,
    status: d.status,
    receivedAt: iso(d.receivedAt),
    updatedAt: iso(d.updatedAt),
  };
  if (d.dueAt !== null) input.dueAt = iso(d.dueAt);
  if (d.finishedAt !== null) input.finishedAt = iso(d.finishedAt);
  if (d.returnedAt !== null) input.returnedAt = iso(d.returnedAt);
  for (const flag of ['digitisedOnReceipt', 'electronicResult', 'paidOnline', 'feeBearing', 'populationDataUsed', 'apologyIssued'] as const) {
    if (d[flag]) input[flag] = true;
  }
  if (d.satisfaction !== null) input.satisfaction = d.satisfaction;
  return input;
}

export interface ScaleResult {
  applied: boolean;
  dossiers: number;
  removed: number;
  rollupRows: number;
  seconds: number;
}

/**
 * Loads `total` scale dossiers with their rollups, replacing those of an earlier run; skipped when
 * the same set is already there.
 */
export async function seedScaleDossiers(sql: Sql, options: { dossiers?: number; province?: string; log?: (line: string) => void } = {}): Promise<ScaleResult> {
  const started = Date.now();
  const total = options.dossiers ?? DEFAULT_SCALE_DOSSIERS;
  const log = options.log ?? (() => undefined);
  const context = await loadScaleContext(sql, options.province);
  const checksum = crypto
    .createHash('sha256')
    .update(
      JSON.stringify({
        total,
        GENERATOR_VERSION,
        units: context.units,
        procedures: context.procedures.PROVINCE.list.length + context.procedures.DISTRICT.list.length + context.procedures.COMMUNE.list.length,
      }),
    )
    .digest('hex');
  const stored = await sql.one<{ checksum: string }>(`SELECT checksum FROM seed_run WHERE name = 'scale-dossiers'`);
  const last = await sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM dossier WHERE external_code = $1`, [
    `${SCALE_PREFIX}${String(total).padStart(8, '0')}`,
  ]);
  if (stored?.checksum === checksum && last?.n) return { applied: false, dossiers: total, removed: 0, rollupRows: 0, seconds: 0 };

  const removed = await new DossierIngestionService(sql).removeRepresentative({
    externalCodePrefix: SCALE_PREFIX,
    batchSize: 50_000,
    onProgress: (n) => log(`  removed ${n.toLocaleString('en')} dossiers of an earlier run`),
  });
  await sql.rows(`DELETE FROM seed_run WHERE name = 'scale-dossiers'`);
  let written = 0;
  let rollupRows = 0;
  // One transaction: the dossiers and their counts land together or not at all. Bulk-load
  // practice inside it: the indexes and keys of dossier and dossier_daily are dropped for the
  // load and rebuilt after (one sort each instead of millions of random inserts). Dossiers come
  // in the order received and count only on days from their receipt on, so a rollup row of a day
  // before the one being generated is final: it is written once, with a plain INSERT. The rows the
  // province already had are set aside first and added back after.
  await sql.transaction(async (client) => {
    // A seed can be loaded again; losing its commit to a crash costs nothing.
    await client.query(`SET LOCAL synchronous_commit = off`);
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    const unitIds = int4Array(context.units.map((u) => u.id));
    await client.query(
      `CREATE TEMP TABLE scale_rollup_before ON COMMIT DROP AS
       WITH moved AS (DELETE FROM dossier_daily WHERE unit_id = ANY($1::int[]) RETURNING *) SELECT * FROM moved`,
      [unitIds],
    );
    await withoutIndexes(client, 'dossier_daily', true, log, async () => {
      await withoutIndexes(client, 'dossier', false, log, async () => {
        const delta = new RollupDelta();
        let pending: Promise<void> = Promise.resolve();
        let stagedAt = 0;
        for (const batch of scaleDossiers(context, total)) {
          for (const version of batch) delta.add(version, 1);
          // The next batch is generated while PostgreSQL writes this one.
          await pending;
          pending = writeDossierVersions(client, batch, 'insert');
          written += batch.length;
          if (written - stagedAt >= STAGE_EVERY) {
            await pending;
            pending = Promise.resolve();
            rollupRows += await delta.stage(client, 'dossier_daily', localDayNumber(batch[batch.length - 1].receivedAt));
            stagedAt = written;
          }
          if (written % 1_000_000 === 0 || written === total) log(`  ${written.toLocaleString('en')} dossiers written (${seconds(started)} s)`);
        }
        await pending;
        rollupRows += await delta.stage(client, 'dossier_daily');
      });
    });
    // The monthly and per-unit rows from the new daily ones (the province's earlier rows are still
    // set aside), then those added back.
    await addToCoarserRollups(client, '(SELECT * FROM dossier_daily WHERE unit_id = ANY($1::int[])) AS new_rows', [unitIds]);
    await addToDailyRollup(client, 'scale_rollup_before');
    log(`  rollups updated (${seconds(started)} s)`);
  });
  await sql.rows(
    `INSERT INTO seed_run (name, checksum) VALUES ('scale-dossiers', $1) ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
    [checksum],
  );
  await sql.rows('ANALYZE dossier, dossier_daily, dossier_monthly, dossier_subtree_daily, dossier_subtree_monthly');
  return { applied: true, dossiers: written, removed, rollupRows, seconds: (Date.now() - started) / 1000 };
}

const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

/**
 * Runs `work` with the table's indexes, unique and foreign keys dropped, then puts them back
 * exactly as they were (definitions read from the catalogue, so a later migration's index is kept
 * too). The primary key is dropped too when `primaryKey`.
 */
async function withoutIndexes(client: PoolClient, table: string, primaryKey: boolean, log: (line: string) => void, work: () => Promise<void>): Promise<void> {
  const { rows: constraints } = await client.query<{ name: string; definition: string; type: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition, contype AS type FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype = ANY($2::"char"[]) ORDER BY contype = 'f', conname`,
    [table, primaryKey ? ['p', 'u', 'f', 'x'] : ['u', 'f', 'x']],
  );
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
     ORDER BY i.relname`,
    [table],
  );
  for (const c of [...constraints].reverse()) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
  await work();
  const started = Date.now();
  for (const i of indexes) await client.query(i.definition);
  // Keys before the foreign keys that may lean on them.
  for (const c of constraints) await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.definition}`);
  if (indexes.length + constraints.length) log(`  ${table}: ${indexes.length + constraints.length} indexes and keys rebuilt in ${seconds(started)} s`);
}

function parseArgs(argv: string[]): { dossiers: number; province: string } {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dossiers = Number(value('dossiers') ?? DEFAULT_SCALE_DOSSIERS);
  if (!Number.isInteger(dossiers) || dossiers < 1 || dossiers > 99_999_999) throw new Error('--dossiers must be a whole number from 1 to 99,999,999');
  return { dossiers, province: value('province') ?? DEFAULT_PROVINCE };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const database = await openDatabase(loadConfig(), log);
  try {
    await runMigrations(database.dataSource);
    log(`loading ${options.dossiers.toLocaleString('en')} scale dossiers for province ${options.province}…`);
    log(JSON.stringify(await seedScaleDossiers(database.sql, { ...options, log })));
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`scale seed failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
