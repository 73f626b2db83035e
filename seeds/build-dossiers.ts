import type { DossierInput } from '../src/dossiers/dossier-input';
import type { DossierBlock } from './dossier-targets';

export interface SeedUnit {
  code: string;
  level: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Local midnight (UTC+7) of a 'YYYY-MM-DD' day, as epoch milliseconds. */
const localMidnight = (day: string) => Date.parse(`${day}T00:00:00+07:00`);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Spreads `count` of `total` items evenly: item i is chosen when the running share steps up.
 * Deterministic, and exact: exactly `count` items are chosen.
 */
const chosen = (i: number, count: number, total: number) => Math.floor(((i + 1) * count) / total) > Math.floor((i * count) / total);

/** Real national procedure codes by level, for realistic-looking dossiers. */
export type ProceduresByLevel = Record<string, string[]>;

/**
 * The dossiers of one block, in the order received. Carried-over dossiers arrive in the 20 days
 * before the period; new ones evenly over it, during office hours. Outcomes go to the earliest
 * received (so every resolved dossier can finish inside the period): first the overdue, then the
 * early and on time, the withdrawn and the refused; the last received are still pending at the end.
 */
export function buildBlockDossiers(block: DossierBlock, units: SeedUnit[], procedures: ProceduresByLevel, prefix: string): DossierInput[] {
  const start = localMidnight(block.from);
  const end = localMidnight(block.to) + DAY; // exclusive
  const fresh = block.online + block.inPerson;
  const total = block.carriedOver + fresh;
  const resolved = block.resolvedInTime + block.resolvedOverdue;
  const ended = resolved + block.withdrawn + block.refused;
  const pending = total - ended;
  if (pending < block.paused) throw new Error(`${block.name}: more paused than pending`);

  const days = Math.round((end - start) / DAY);
  let rated = 0;
  let feeBearing = 0;
  const dossiers: DossierInput[] = [];
  for (let i = 0; i < total; i++) {
    const unit = units[i % units.length];
    const carried = i < block.carriedOver;
    const n = i - block.carriedOver; // index among the new ones
    const receivedAt = carried
      ? start - 20 * DAY + Math.floor((i * 19) / block.carriedOver) * DAY + 9 * HOUR
      : start + Math.floor((n * days) / fresh) * DAY + (8 + (n % 8)) * HOUR;
    // Finishes three days later, inside the period, never before receipt.
    const finishedAt = Math.min(Math.max(receivedAt + 3 * DAY, start + 10 * HOUR), end - 2 * HOUR);
    const procedureList = procedures[unit.level] ?? procedures.COMMUNE;
    const isFeeBearing = !carried && chosen(n, block.feeBearing, fresh);
    const base: DossierInput = {
      unitCode: unit.code,
      externalCode: `${prefix}-${String(i + 1).padStart(6, '0')}`,
      procedureCode: procedureList[i % procedureList.length],
      level: unit.level,
      channel: carried || chosen(n, block.online, fresh) ? 'ONLINE' : 'IN_PERSON',
      receivedAt: iso(receivedAt),
      digitisedOnReceipt: !carried && chosen(n, block.digitisedOnReceipt, fresh),
      populationDataUsed: !carried && chosen(n, block.populationDataUsed, fresh),
      feeBearing: isFeeBearing,
      paidOnline: isFeeBearing && chosen(feeBearing++, block.paidOnline, block.feeBearing),
    };
    if (i < resolved) {
      const overdue = i < block.resolvedOverdue;
      const isRated = chosen(i, block.rated, resolved);
      dossiers.push({
        ...base,
        status: 10,
        // Overdue: due a day before it finished; otherwise due the same day (on time) or the next (early).
        dueAt: iso(overdue ? finishedAt - DAY : i % 3 === 0 ? finishedAt + HOUR / 2 : finishedAt + DAY),
        finishedAt: iso(finishedAt),
        returnedAt: iso(finishedAt),
        updatedAt: iso(finishedAt),
        electronicResult: chosen(i, block.electronicResult, resolved),
        // The first `satisfied` of the rated dossiers are satisfied (5 of 5), the rest not (2 of 5).
        satisfaction: isRated ? (rated++ < block.satisfied ? 5 : 2) : null,
      });
    } else if (i < ended) {
      const withdrawn = i < resolved + block.withdrawn;
      dossiers.push({ ...base, status: withdrawn ? 7 : 3, dueAt: iso(receivedAt + 15 * DAY), finishedAt: iso(finishedAt), updatedAt: iso(finishedAt) });
    } else {
      // Still pending at the end, within the deadline; the last received are paused.
      dossiers.push({ ...base, status: i >= total - block.paused ? 5 : 4, dueAt: iso(end + 10 * DAY), updatedAt: iso(receivedAt + HOUR) });
    }
  }
  return dossiers;
}
