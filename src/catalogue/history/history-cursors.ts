import { badInput } from '../../shared/errors';

const MAX_LENGTH = 64;

/**
 * An opaque cursor over a whole number (a feed position, a version): clients keep it and pass it
 * back, never build one. One of another kind, malformed or out of range is refused with
 * BAD_USER_INPUT, never read as another number.
 */
function numberCursor(kind: string, describe: string) {
  const pattern = new RegExp(`^${kind}:(0|[1-9]\\d{0,17})$`);
  return {
    encode: (value: number | string) => Buffer.from(`${kind}:${value}`).toString('base64url'),
    /** The number behind `opaque`, as a string (positions are bigints); `argument` names it in the error. */
    decode(opaque: string, argument: string): string {
      const decoded = opaque.length <= MAX_LENGTH && /^[A-Za-z0-9_-]+$/.test(opaque) ? Buffer.from(opaque, 'base64url').toString('utf8') : '';
      const match = pattern.exec(decoded);
      if (!match) throw badInput(`${argument} is not ${describe}`, argument);
      return match[1];
    },
  };
}

/** A position in the change feed: changes are read after it, in the order recorded. */
export const feedPosition = numberCursor('change', 'a position of the change feed: pass a position the feed gave you, or none to read from the beginning');

/** A version in a procedure's history, read newest first. */
export const versionCursor = numberCursor('version', "a cursor of this procedure's history");
