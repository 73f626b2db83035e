import { mulberry32 } from '../../seeds/random';
import { MAX_CHUNK as C } from '../../src/dossiers/dossier-ingestion.service';
import { directFigures, pick, rollupDisagreements } from '../support/direct-statistics';
import { apiKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let key: string; // Đô Lương (427) and its communes
let bulkUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await apiKey(t.db.sql, '427', 'Đô Lương bulk loaders');
  bulkUrl = t.url.replace(/\/graphql$/, '/ingest/dossiers');
});
afterAll(() => t.close());

const CLIENTS = 4;
const ROUNDS = 5;
/** Dossiers of a round; each client sends PER_CLIENT of them, from its own place on, in two chunks. */
const POOL = 1.5 * C;
const PER_CLIENT = 1.2 * C;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Version 0 to 2 of dossier `i` of `round` (received in month `round` of 2019, which the seed
 * leaves empty): in process, then waiting on a supplement, then resolved and returned, each with
 * a later updatedAt.
 */
function version(round: number, i: number, v: number) {
  const at = (day: number, time: string) => `2019-${pad(round)}-${pad(day)}T${time}+07:00`;
  const day = 1 + (i % 20);
  const commune = i % 2 === 0;
  const base = {
    externalCode: `CU-${round}-${i}`,
    procedureCode: '1.001193',
    unitCode: commune ? '17641' : '427',
    level: commune ? 'COMMUNE' : 'DISTRICT',
    channel: i % 3 === 0 ? 'IN_PERSON' : 'ONLINE',
    status: 4,
    receivedAt: at(day, '09:00'),
    dueAt: at(day + 4, '17:00'),
    updatedAt: at(day, '09:00'),
  };
  if (v === 0) return base;
  if (v === 1) return { ...base, status: 5, updatedAt: at(day + 1, '09:00') };
  return { ...base, status: 10, finishedAt: at(day + 2, '10:00'), returnedAt: at(day + 2, '11:00'), updatedAt: at(day + 2, '11:00') };
}
const STATUS_OF_VERSION = [4, 5, 10];

async function upload(body: string) {
  const response = await fetch(bulkUrl, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` }, body });
  const raw = await response.text();
  return {
    status: response.status,
    lines: raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

describe('POST /ingest/dossiers with uploads that overlap', () => {
  it('stores every upload of clients sending versions of the same new dossiers at once, each dossier at its newest and counted once', async () => {
    const random = mulberry32(9);
    for (let round = 1; round <= ROUNDS; round++) {
      // Each client starts at its own place in the round's dossiers, so that its first chunk
      // holds dossiers other clients have in their second, and sends each in a random version:
      // newer, older or the same as another client's.
      const newest = new Array<number>(POOL).fill(-1);
      const bodies = Array.from({ length: CLIENTS }, (_, client) => {
        const lines: string[] = [];
        for (let n = 0; n < PER_CLIENT; n++) {
          const i = (client * (POOL / CLIENTS) + n) % POOL;
          const v = Math.floor(random() * 3);
          newest[i] = Math.max(newest[i], v);
          lines.push(JSON.stringify(version(round, i, v)));
        }
        return `${lines.join('\n')}\n`;
      });

      const answers = await Promise.all(bodies.map(upload));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.lines.filter((l) => l.applied === false)).toEqual([]);
        expect(answer.lines.at(-1)).toMatchObject({ done: true, chunks: 2, records: PER_CLIENT, rejected: 0 });
      }
      // Every dossier was created by exactly one of the uploads.
      const sum = (counter: string) => answers.reduce((n, a) => n + a.lines.at(-1)[counter], 0);
      expect({ round, created: sum('created'), all: sum('created') + sum('updated') + sum('unchanged') + sum('stale') }).toEqual({
        round,
        created: POOL,
        all: CLIENTS * PER_CLIENT,
      });
      const stored = await t.db.sql.rows<{ external_code: string; status: number }>(`SELECT external_code, status FROM dossier WHERE external_code LIKE $1`, [
        `CU-${round}-%`,
      ]);
      const wrong = stored.filter((row) => row.status !== STATUS_OF_VERSION[newest[Number(row.external_code.split('-')[2])]]);
      expect({ round, stored: stored.length, wrong }).toEqual({ round, stored: POOL, wrong: [] });
    }

    const FIGURES = 'carriedOver newlyReceived receivedOnline resolved resolvedOverdue withdrawn pendingAtEnd';
    for (const [from, to] of [['2019-01-01', '2019-12-31'], ...Array.from({ length: ROUNDS }, (_, r) => [`2019-${pad(r + 1)}-01`, `2019-${pad(r + 1)}-15`])]) {
      for (const unitCode of ['427', '17641']) {
        const r = await t.query(`{ dossierStatistics(unitCode: "${unitCode}", from: "${from}", to: "${to}") { ${FIGURES} } }`);
        expect(r.errors).toBeUndefined();
        const direct = await directFigures(t.db.sql, unitCode, from, to);
        expect({ unitCode, from, ...pick(r.data!.dossierStatistics, Object.keys(direct)) }).toEqual({ unitCode, from, ...direct });
      }
    }
    expect(await rollupDisagreements(t.db.sql)).toEqual([]);
    expect(t.loggedErrors).toEqual([]);
  });
});
