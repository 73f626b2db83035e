import { badInput } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_CURSOR_LENGTH = 1000;

/** The Relay arguments of a list, as a client gives them. */
export interface PageArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A validated page request: which way to read, how many, and from which decoded cursor. */
export interface PageRequest<K> {
  backward: boolean;
  size: number;
  cursor: K | null;
}

/** A page size as given (null when none), refused outside 1 to `maximum`. */
export function pageSize(value: number | null | undefined, name: string, maximum = MAX_PAGE_SIZE): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > maximum) throw badInput(`${name} must be between 1 and ${maximum}`, name);
  return value;
}

/**
 * Checks Relay arguments and decodes the cursor with `decode` (which rejects cursors of another
 * list or order). Mixing `first` with `last` has no clear meaning, so it is refused.
 */
export function pageRequest<K>(args: PageArguments, decode: (cursor: string, argument: string) => K): PageRequest<K> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw badInput('pass either first or last, not both', 'last');
  if (last !== null && args.after != null) throw badInput('last goes with before, not after', 'after');
  if (first !== null && args.before != null) throw badInput('first goes with after, not before', 'before');
  if (args.after != null && args.before != null) throw badInput('pass either after or before, not both', 'before');
  const backward = last !== null || args.before != null;
  const argument = backward ? 'before' : 'after';
  const raw = backward ? args.before : args.after;
  if (raw != null && raw.length > MAX_CURSOR_LENGTH) throw badInput(`${argument} is not a valid cursor`, argument);
  return {
    backward,
    size: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    cursor: raw == null ? null : decode(raw, argument),
  };
}

/** Cursors are base64url JSON: opaque to clients, cheap to check on the way back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursorJson(cursor: string, argument: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badInput(`${argument} is not a valid cursor`, argument);
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(`${argument} is not a valid cursor`, argument);
  }
}
