/**
 * Deterministic randomness for the seed builder. Never Math.random or the clock: the catalogue
 * must come out identical on every call and every machine.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough to vary representative records. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-16 code units of a string: a stable 32-bit hash for keyed seeding. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The fixed seed of the whole catalogue; changing it changes every representative detail. */
const CATALOGUE_SEED = 20250331;

/**
 * A generator keyed by a record and a purpose, e.g. `rngFor('R.000042', 'fees')`. Keying by record
 * keeps one procedure's details stable when vocabulary is added elsewhere in the catalogue.
 */
export function rngFor(...keys: string[]): Random {
  return new Random(mulberry32(hashString(`${CATALOGUE_SEED}|${keys.join('|')}`)));
}

/** A stable number in [0, 1) for ranking records, e.g. to pick which ones get a flag. */
export function rankOf(...keys: string[]): number {
  return rngFor(...keys).next();
}

export class Random {
  constructor(private readonly source: () => number) {}

  next(): number {
    return this.source();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.source() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.source() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.source() * items.length)];
  }

  /** Picks by weight; items with weight 0 are never chosen. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    if (total <= 0) throw new Error('weighted pick with no positive weight');
    let point = this.source() * total;
    for (const item of items) {
      point -= weightOf(item);
      if (point < 0) return item;
    }
    return items[items.length - 1];
  }

  /** `count` distinct items in their original order (a stable subset, not a shuffle). */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, items.length);
    while (chosen.size < wanted) chosen.add(Math.floor(this.source() * items.length));
    return [...chosen].sort((a, b) => a - b).map((index) => items[index]);
  }
}
