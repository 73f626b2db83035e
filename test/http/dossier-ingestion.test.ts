import { Pool, type PoolClient } from 'pg';
import { Sql } from '../../src/db/sql';
import { ApiKeyService, type ApiKeyPrincipal } from '../../src/dossiers/api-key.service';
import { DossierIngestionService, type IngestItemResult } from '../../src/dossiers/dossier-ingestion.service';
import type { DossierInput } from '../../src/dossiers/dossier-input';
import { directFigures, pick, rollupDisagreements } from '../support/direct-statistics';
import { apiKey, dossier as build, resolvedDossier } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let key: string; // Đô Lương (427) and its communes
beforeAll(async () => {
  t = await createTestApp();
  key = await apiKey(t.db.sql, '427', 'Đô Lương one-stop desk');
});
afterAll(() => t.close());

const UPSERT = `mutation ($dossiers: [DossierUpsertInput!]!) {
  upsertDossiers(dossiers: $dossiers) { created updated unchanged stale rejected items { index outcome error { code field message } } }
}`;

async function upsert(dossiers: Record<string, unknown>[], bearer: string | null = key) {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query: UPSERT, variables: { dossiers } }),
  });
  return (await response.json()) as { data?: { upsertDossiers: any }; errors?: { extensions: { code: string } }[] };
}

const MARCH_2026 = '2026-03-02';
const dossier = (externalCode: string, changes: Record<string, unknown> = {}) => build(externalCode, changes, MARCH_2026);
const resolved = (externalCode: string) =>
  resolvedDossier(externalCode, { returnedAt: '2026-03-04T11:00:00+07:00', updatedAt: '2026-03-04T11:00:00+07:00', electronicResult: true }, MARCH_2026);

const march = async () => {
  const r = await t.query(
    `{ dossierStatistics(unitCode: "17641", from: "2026-03-01", to: "2026-03-31") { newlyReceived resolved resolvedEarly pendingAtEnd } }`,
  );
  return r.data!.dossierStatistics;
};
const stored = async () => (await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM dossier WHERE external_code LIKE 'T-%'`))[0].n;

describe('upsertDossiers', () => {
  it('stores a batch with its statistics, and a replay changes nothing', async () => {
    const batch = [dossier('T-1'), resolved('T-2'), dossier('T-3', { channel: 'IN_PERSON' })];
    const first = await upsert(batch);
    expect(first.data!.upsertDossiers).toMatchObject({ created: 3, rejected: 0 });
    const after = await march();
    expect(after).toEqual({ newlyReceived: 3, resolved: 1, resolvedEarly: 1, pendingAtEnd: 2 });

    const replay = await upsert(batch);
    expect(replay.data!.upsertDossiers).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await march()).toEqual(after);
    expect(await stored()).toBe(3);
  });

  it('applies a newer status and ignores (and reports) an older one', async () => {
    const newer = await upsert([resolved('T-1')]);
    expect(newer.data!.upsertDossiers.items[0].outcome).toBe('UPDATED');
    expect(await march()).toMatchObject({ resolved: 2, pendingAtEnd: 1 });

    const older = await upsert([dossier('T-1', { status: 5, updatedAt: '2026-03-03T08:00:00+07:00' })]);
    expect(older.data!.upsertDossiers.items[0]).toMatchObject({ outcome: 'STALE', error: { code: 'STALE', field: 'updatedAt' } });
    expect(await march()).toMatchObject({ resolved: 2, pendingAtEnd: 1 });
  });

  it('stores concurrent duplicates once and counts them once', async () => {
    const same = [dossier('T-9'), dossier('T-10')];
    const results = await Promise.all(Array.from({ length: 6 }, () => upsert(same)));
    const created = results.reduce((n, r) => n + r.data!.upsertDossiers.created, 0);
    const unchanged = results.reduce((n, r) => n + r.data!.upsertDossiers.unchanged, 0);
    expect({ created, unchanged }).toEqual({ created: 2, unchanged: 10 });
    expect(await stored()).toBe(5);
    expect((await march()).newlyReceived).toBe(5);
  });

  it('rejects each kind of bad dossier with its reason and writes nothing of it', async () => {
    const before = await march();
    const bad = [
      dossier('T-20', { unitCode: '188' }), // Lộc Bình, Lạng Sơn: not Đô Lương
      dossier('T-21', { status: 11 }),
      dossier('T-22', { status: 10, finishedAt: '2026-03-01T09:00:00+07:00' }), // finished before received
      dossier('T-23', { receivedAt: '2099-01-01T09:00:00+07:00', updatedAt: '2099-01-01T09:00:00+07:00' }),
      dossier('T-24', { status: 9 }), // ended without finishedAt
      dossier('T-25', { satisfaction: 9 }),
      dossier('T-26', { paidOnline: true }),
      dossier('', {}),
      // Due in 2743: a typo, and a day the rollup key cannot hold (it would count on another unit's row).
      dossier('T-27', { dueAt: '2743-02-21T17:00:00+07:00' }),
    ];
    const r = await upsert(bad);
    const items = r.data!.upsertDossiers.items;
    expect(items.map((i: any) => i.error.code)).toEqual([
      'OUT_OF_SCOPE',
      'UNKNOWN_STATUS',
      'IMPOSSIBLE_DATES',
      'IMPOSSIBLE_DATES',
      'IMPOSSIBLE_DATES',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'IMPOSSIBLE_DATES',
    ]);
    expect(items.every((i: any) => i.outcome === 'REJECTED' && i.error.message.length > 10)).toBe(true);
    expect(await stored()).toBe(5);
    expect(await march()).toEqual(before);
  });

  it('stores the good dossiers of a batch that also holds bad ones', async () => {
    const r = await upsert([dossier('T-30'), dossier('T-31', { status: 0 })]);
    expect(r.data!.upsertDossiers).toMatchObject({ created: 1, rejected: 1 });
    expect(await stored()).toBe(6);
  });

  it('keeps a procedure from outside the catalogue by its code', async () => {
    await upsert([dossier('T-40', { procedureCode: '9.999999' })]);
    const [row] = await t.db.sql.rows<{ procedure_code: string; field_code: string }>(
      `SELECT procedure_code, field_code FROM dossier WHERE external_code = 'T-40'`,
    );
    expect(row).toEqual({ procedure_code: '9.999999', field_code: '' });
  });

  it('needs a valid, unrevoked API key', async () => {
    expect((await upsert([dossier('T-50')], null)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await upsert([dossier('T-50')], 'vnp_not-a-key')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const keys = new ApiKeyService(t.db.sql);
    const other = await keys.create('427', 'to revoke');
    expect((await upsert([dossier('T-51')], other.key)).data!.upsertDossiers.created).toBe(1);
    await keys.revoke(other.id);
    expect((await upsert([dossier('T-52')], other.key)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const [{ n }] = await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM api_key WHERE key_hash = convert_to($1, 'UTF8')`, [other.key]);
    expect(n).toBe(0); // only the hash is stored
  });

  it('takes up to 500 dossiers with every field in one mutation (a body over the 100 kB read limit), and refuses 501', async () => {
    const full = (i: number) => resolved(`T-BIG-${i}`);
    const everything = (i: number) => ({
      ...full(i),
      digitisedOnReceipt: true,
      paidOnline: true,
      feeBearing: true,
      populationDataUsed: true,
      apologyIssued: false,
      satisfaction: 5,
    });
    const batch = Array.from({ length: 500 }, (_, i) => everything(i));
    expect(JSON.stringify({ query: UPSERT, variables: { dossiers: batch } }).length).toBeGreaterThan(100 * 1024);
    expect((await upsert(batch)).data!.upsertDossiers.created).toBe(500);
    const over = await upsert(Array.from({ length: 501 }, (_, i) => everything(1000 + i)));
    expect(over.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // Without a key, or with anything else in Authorization, the same body is too large before anything is parsed.
    const body = JSON.stringify({ query: UPSERT, variables: { dossiers: batch } });
    const anonymous = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(413);
    const notAKey = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'x' }, body });
    expect(notAKey.status).toBe(413);
  });

  it('lets writers race to create the same dossiers: each is stored and counted once', async () => {
    // Straight to the service, eight at once with the same 300 new dossiers: the losers of each
    // race meet the winner's row on the unique key, and their retry finds it stored.
    const ingestion = new DossierIngestionService(t.db.sql);
    const principal = await new ApiKeyService(t.db.sql).authenticate(`Bearer ${key}`);
    const batch = Array.from({ length: 300 }, (_, i) => dossier(`R-${i}`)) as DossierInput[];
    const before = await march();
    const results = (await Promise.all(Array.from({ length: 8 }, () => ingestion.ingest(principal, batch)))).flat();
    const outcomes = results.reduce<Record<string, number>>((n, r) => ({ ...n, [r.outcome]: (n[r.outcome] ?? 0) + 1 }), {});
    expect(outcomes).toEqual({ CREATED: 300, UNCHANGED: 7 * 300 });
    expect((await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM dossier WHERE external_code LIKE 'R-%'`))[0].n).toBe(300);
    expect((await march()).newlyReceived).toBe(before.newlyReceived + 300);
  });

  it('rejects a dossier with a NUL or another control character in a text field alone, and stores the rest of the batch', async () => {
    const before = await march();
    const r = await upsert([
      dossier('T-60'),
      dossier('T-61\u0000'),
      dossier('T-62', { procedureCode: '1.001\u0000193' }),
      dossier('T-63', { unitCode: '17641\u0000' }),
      dossier('T-64\u0007'), // BEL: storable, but no code holds one
      dossier('T-65\u0085'), // a C1 control: what a mis-decoded export leaves
      dossier('T-66\t'), // whitespace around a value is trimmed, as ever
    ]);
    expect(r.errors).toBeUndefined();
    const result = r.data!.upsertDossiers;
    expect(result).toMatchObject({ created: 2, rejected: 5 });
    expect(result.items.map((i: any) => [i.index, i.outcome, i.error?.code ?? null, i.error?.field ?? null])).toEqual([
      [0, 'CREATED', null, null],
      [1, 'REJECTED', 'INVALID_VALUE', 'externalCode'],
      [2, 'REJECTED', 'INVALID_VALUE', 'procedureCode'],
      [3, 'REJECTED', 'INVALID_VALUE', 'unitCode'],
      [4, 'REJECTED', 'INVALID_VALUE', 'externalCode'],
      [5, 'REJECTED', 'INVALID_VALUE', 'externalCode'],
      [6, 'CREATED', null, null],
    ]);
    expect(result.items[1].error.message).toMatch(/U\+0000/);
    const codes = await t.db.sql.rows<{ external_code: string }>(`SELECT external_code FROM dossier WHERE external_code LIKE 'T-6_%' ORDER BY 1`);
    expect(codes.map((c) => c.external_code)).toEqual(['T-60', 'T-66']);
    expect((await march()).newlyReceived).toBe(before.newlyReceived + 2);
  });

  it('never fails a writer whose new dossiers other writers create while it waits on them, however many', async () => {
    // Nine writers each hold open a transaction that created one dossier (T-H-1 … T-H-9, each in
    // its own month of 2019, so that they share no rollup row). A tenth writer sends all of them
    // and one more (T-H-0): it inserts them in key order, so it waits on each holder in turn, and
    // each holder commits only once it is waited on. Each dossier the tenth finds created
    // meanwhile is weighed against the stored version: its newer versions are written, its older
    // and equal ones are not. Retrying the transaction per conflict ran out after five.
    const pool = new Pool({ connectionString: t.db.url, max: 12 });
    try {
      const principal = await new ApiKeyService(t.db.sql).authenticate(`Bearer ${key}`);
      const at = (month: number, day: number, time: string) => `2019-${String(month).padStart(2, '0')}-0${day}T${time}+07:00`;
      const version = (i: number, kind: 'held' | 'older' | 'newer') => {
        const month = i || 10;
        const base = dossier(`T-H-${i}`, { receivedAt: at(month, 2, '09:00'), dueAt: at(month, 6, '17:00'), updatedAt: at(month, 2, '09:00') });
        if (kind === 'held') return { ...base, status: 5, updatedAt: at(month, 3, '09:00') };
        if (kind === 'older') return base;
        return { ...base, status: 10, finishedAt: at(month, 4, '10:00'), returnedAt: at(month, 4, '11:00'), updatedAt: at(month, 4, '11:00') };
      };
      const held = Array.from({ length: 9 }, (_, n) => n + 1);
      const holders = held.map((i) => holdOpen(pool, principal, version(i, 'held') as DossierInput));
      const xids = await Promise.all(holders.map((h) => h.holding));

      const mine = [version(0, 'older'), ...held.map((i) => version(i, i % 3 === 0 ? 'newer' : i % 3 === 1 ? 'older' : 'held'))];
      const writer = new DossierIngestionService(new Sql(pool)).ingest(principal, mine);
      let settled = false;
      void writer.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (const [n, holder] of holders.entries()) {
        while (!settled && !(await waitedOn(xids[n]))) await new Promise((resolve) => setTimeout(resolve, 10));
        holder.release();
        expect((await holder.done)[0].outcome).toBe('CREATED');
      }
      const results = await writer;
      expect(results.map((r) => [r.externalCode, r.outcome])).toEqual([
        ['T-H-0', 'CREATED'],
        ...held.map((i) => [`T-H-${i}`, i % 3 === 0 ? 'UPDATED' : i % 3 === 1 ? 'STALE' : 'UNCHANGED']),
      ]);
      const stored = await t.db.sql.rows<{ external_code: string; status: number }>(
        `SELECT external_code, status FROM dossier WHERE external_code LIKE 'T-H-%' ORDER BY 1`,
      );
      expect(stored).toEqual([0, ...held].map((i) => ({ external_code: `T-H-${i}`, status: i === 0 ? 4 : i % 3 === 0 ? 10 : 5 })));
      const year = await t.query(
        `{ dossierStatistics(unitCode: "17641", from: "2019-01-01", to: "2019-12-31") { carriedOver newlyReceived receivedOnline resolved resolvedOverdue withdrawn pendingAtEnd } }`,
      );
      const direct = await directFigures(t.db.sql, '17641', '2019-01-01', '2019-12-31');
      expect(direct).toMatchObject({ newlyReceived: 10, resolved: 3, pendingAtEnd: 7 });
      expect(pick(year.data!.dossierStatistics, Object.keys(direct))).toEqual(direct);
    } finally {
      await pool.end();
    }
  });

  it('left every rollup table agreeing with the daily one after all of the above', async () => {
    expect(await rollupDisagreements(t.db.sql)).toEqual([]);
  });
});

/**
 * A writer of one dossier whose transaction, its work done, waits for `release` before it
 * commits; `holding` gives its transaction id once it waits.
 */
function holdOpen(pool: Pool, principal: ApiKeyPrincipal, input: DossierInput) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: (xid: string) => void;
  const holding = new Promise<string>((resolve) => (held = resolve));
  class HeldOpen extends Sql {
    override transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
      return super.transaction(async (client) => {
        const result = await work(client);
        const { rows } = await client.query<{ xid: string }>(
          `SELECT transactionid::text AS xid FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid' AND granted`,
        );
        held(rows[0].xid);
        await released;
        return result;
      });
    }
  }
  const done: Promise<IngestItemResult[]> = new DossierIngestionService(new HeldOpen(pool)).ingest(principal, [input]);
  return { holding, release, done };
}

/** Whether a transaction waits for transaction `xid` to end. */
async function waitedOn(xid: string): Promise<boolean> {
  const [{ waiting }] = await t.db.sql.rows<{ waiting: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted AND transactionid::text = $1) AS waiting`,
    [xid],
  );
  return waiting;
}
