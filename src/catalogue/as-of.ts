import { badInput } from '../shared/errors';

/** The earliest day the catalogue can be asked about: the state's administrative procedures begin in 1945. */
const EARLIEST = '1945-01-01';
/** How far ahead a change can be scheduled and asked about. */
const YEARS_AHEAD = 10;

/**
 * The day a catalogue read answers as of: `asOf` (a GraphQL Date, midnight UTC of the day) or,
 * when absent, `today` (Vietnam's calendar). Refused outside 1945 to ten years from today.
 */
export function asOfDay(asOf: Date | null | undefined, today: string): string {
  if (asOf == null) return today;
  const day = asOf.toISOString().slice(0, 10);
  const latest = `${Number(today.slice(0, 4)) + YEARS_AHEAD}${today.slice(4)}`;
  if (day < EARLIEST || day > latest) throw badInput(`asOf must be a day from ${EARLIEST} to ${latest} (ten years from today)`, 'asOf');
  return day;
}
