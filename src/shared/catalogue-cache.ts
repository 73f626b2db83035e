import { LRUCache } from 'lru-cache';

/**
 * Answers that depend on the catalogue alone (how many procedures "giấy phép" finds, its facet
 * counts), kept until the catalogue changes. An entry is filed under the catalogue_version it was
 * computed for; every change to a catalogue table bumps that version (see the SearchProjection
 * migration), so no request that reads the new version can meet an old entry. The least recently
 * used entries go first past `capacity`; a capacity of 0 keeps nothing. A computation in progress
 * is shared, so a burst of the same search costs one count.
 */
export class CatalogueCache<T> {
  private readonly entries: LRUCache<string, Entry<T>> | null;

  constructor(capacity: number) {
    this.entries = capacity > 0 ? new LRUCache({ max: capacity }) : null;
  }

  get(version: number, key: string, compute: () => Promise<T>): Promise<T> {
    const { entries } = this;
    if (!entries) return compute();
    const id = `${version}\u0000${key}`;
    const cached = entries.get(id);
    if (cached) return cached.promise;
    const entry: Entry<T> = { promise: compute() };
    entries.set(id, entry);
    entry.promise.then(
      (value) => (entry.value = value),
      // A failure is not kept: the next request computes again (unless the entry was replaced meanwhile).
      () => entries.peek(id) === entry && entries.delete(id),
    );
    return entry.promise;
  }

  /** The answer if it is known already (computed, not still in progress); undefined otherwise. */
  known(version: number, key: string): T | undefined {
    return this.entries?.peek(`${version}\u0000${key}`)?.value;
  }
}

/** A computation, shared while in progress, and its value once done. */
interface Entry<T> {
  promise: Promise<T>;
  value?: T;
}
