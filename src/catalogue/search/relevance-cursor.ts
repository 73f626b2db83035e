import { badInput } from '../../shared/errors';
import { decodeCursorJson, encodeCursor } from '../../shared/pagination';
import { TIER_COUNT } from './procedure-search.sql';

/**
 * Position of a search result in the relevance order: its class, name length and id (the sort
 * key), and its 1-based position in the list, which bounds how far a page has to read (see
 * ProcedureSearchService).
 */
export interface RelevanceCursor {
  tier: number;
  length: number;
  id: number;
  position: number;
}

/** Positions beyond this are refused: no catalogue is that large, and it bounds the work a cursor can ask for. */
const MAX_POSITION = 10_000_000;

const orderName = (fingerprint: string) => `RELEVANCE:${fingerprint}`;

export function encodeRelevanceCursor(fingerprint: string, cursor: RelevanceCursor): string {
  return encodeCursor({ o: orderName(fingerprint), k: [cursor.tier, cursor.length], i: cursor.id, p: cursor.position });
}

const isInteger = (n: unknown, min: number, max: number): n is number => Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;

/** A decoder for the cursors of one search: a cursor of another search or order is refused. */
export function decodeRelevanceCursor(fingerprint: string) {
  return (raw: string, argument: string): RelevanceCursor => {
    const value = decodeCursorJson(raw, argument);
    const { o, k, i, p } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof o === 'string' && o !== orderName(fingerprint)) {
      throw badInput(`${argument} is a cursor of another search or ordering; start again without it`, argument);
    }
    const [tier, length]: unknown[] = Array.isArray(k) && k.length === 2 ? (k as unknown[]) : [];
    if (
      o === undefined ||
      !isInteger(tier, 0, TIER_COUNT - 1) ||
      !isInteger(length, 0, 100_000) ||
      !isInteger(i, 1, 2 ** 31 - 1) ||
      !isInteger(p, 1, MAX_POSITION)
    ) {
      throw badInput(`${argument} is not a valid cursor`, argument);
    }
    return { tier, length, id: i, position: p };
  };
}
