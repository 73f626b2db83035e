/**
 * Answers that depend on the catalogue alone (how many procedures "giấy phép" finds, its facet
 * counts), kept until the catalogue changes. An entry is filed under the catalogue_version it was
 * computed for; every change to a catalogue table bumps that version (see the SearchProjection
 * migration), so no request that reads the new version can meet an old entry. The least recently
 * used entries go first past `capacity`; a capacity of 0 keeps nothing. A computation in progress
 * is shared, so a burst of the same search costs one count.
 */
export class CatalogueCache<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; value?: T }>();

  constructor(private readonly capacity: number) {}

  get(version: number, key: string, compute: () => Promise<T>): Promise<T> {
    if (this.capacity === 0) return compute();
    const id = `${version}\u0000${key}`;
    const cached = this.entries.get(id);
    if (cached) {
      // A Map iterates in insertion order: re-inserting marks the entry as the most recent.
      this.entries.delete(id);
      this.entries.set(id, cached);
      return cached.promise;
    }
    const entry: { promise: Promise<T>; value?: T } = { promise: compute() };
    this.entries.set(id, entry);
    entry.promise.then(
      (value) => (entry.value = value),
      () => this.entries.delete(id),
    );
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.promise;
  }

  /** The answer if it is known already (computed, not still in progress); undefined otherwise. */
  known(version: number, key: string): T | undefined {
    return this.entries.get(`${version}\u0000${key}`)?.value;
  }
}
