/**
 * Vietnam has kept UTC+7 all year since 1975, so the Asia/Ho_Chi_Minh calendar date of an instant
 * is its UTC date seven hours later: no time-zone database needed on the hot path.
 */
export const HO_CHI_MINH_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The service's notion of now: the system's, or a test's fixed or moving one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The Asia/Ho_Chi_Minh calendar day (YYYY-MM-DD) of an instant. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + HO_CHI_MINH_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole seconds from an instant to the next midnight in Vietnam, when the catalogue's day changes. */
export function secondsToVietnamMidnight(at: Date): number {
  const day = 24 * 60 * 60 * 1000;
  const local = at.getTime() + HO_CHI_MINH_OFFSET_MS;
  return Math.ceil((day - (((local % day) + day) % day)) / 1000);
}
