/**
 * Vietnam has kept UTC+7 all year since 1975, so the Asia/Ho_Chi_Minh calendar date of an instant
 * is its UTC date seven hours later: no time-zone database needed on the hot path.
 */
export const HO_CHI_MINH_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The service's notion of now: the system's, or a test's fixed or moving one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last day written and the instants it spans, [from, until): nearly every request asks for today. */
let lastDay = { from: 0, until: 0, day: '' };

/** The Asia/Ho_Chi_Minh calendar day (YYYY-MM-DD) of an instant. */
export function vietnamDay(at: Date): string {
  const time = at.getTime();
  if (time >= lastDay.from && time < lastDay.until) return lastDay.day;
  const from = Math.floor((time + HO_CHI_MINH_OFFSET_MS) / DAY_MS) * DAY_MS - HO_CHI_MINH_OFFSET_MS;
  lastDay = { from, until: from + DAY_MS, day: new Date(time + HO_CHI_MINH_OFFSET_MS).toISOString().slice(0, 10) };
  return lastDay.day;
}

/** Whole seconds from an instant to the next midnight in Vietnam, when the catalogue's day changes. */
export function secondsToVietnamMidnight(at: Date): number {
  const local = at.getTime() + HO_CHI_MINH_OFFSET_MS;
  return Math.ceil((DAY_MS - (((local % DAY_MS) + DAY_MS) % DAY_MS)) / 1000);
}
