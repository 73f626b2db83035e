import { dayLiteral } from '../db/day-literal';

/**
 * The condition that keeps, of the procedure rows (versions) under `alias`, those in force on
 * `day` (YYYY-MM-DD, Vietnam's calendar): at most one per code. Every read of the catalogue goes
 * through it, so the catalogue as of any day is read with the same filters, order and pages as
 * today's.
 *
 * The day is written into the statement, not sent as a parameter. As a parameter, PostgreSQL's
 * generic plan guesses that a third of the rows are in force (it cannot see the day), so it
 * always judged its own plan for the actual day cheaper and planned every execution again: a
 * page of 20 with its children spent 0.25-0.46 ms planning to run in 0.6. Written in, the day is
 * seen when the prepared statement is planned, once per connection (and per day: tomorrow's
 * statements are new texts, and yesterday's drop out of the prepared ones as they go unused).
 */
export function inForceOn(day: string, alias = 'p'): string {
  return inForceCondition(`${dayLiteral(day)}::date`, alias);
}

/** The same condition for a day that the statement gives itself (an SQL expression, e.g. a parameter). */
export function inForceCondition(on: string, alias = 'p'): string {
  return `${alias}.valid_from <= ${on} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${on})`;
}
