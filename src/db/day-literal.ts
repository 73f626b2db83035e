const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day (YYYY-MM-DD) as an SQL string literal, for the statements that write their day in rather
 * than take it as a parameter (COPY takes none; a prepared read plans once for a day it can see).
 * Only a checked day is written: anything else is a programming error, never SQL.
 */
export function dayLiteral(day: string): string {
  if (!DAY.test(day)) throw new Error(`not a day: ${JSON.stringify(day)}`);
  return `'${day}'`;
}
