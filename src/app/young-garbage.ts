import v8 from 'node:v8';

/**
 * A request's objects die young: V8 is told not to have an allocation site's objects born in old
 * space (allocation-site pretenuring). Once it has judged that a site's objects live long, which
 * the start-up or a burst can make it judge, that site's objects are born old, and whatever they
 * point to survives every young-generation GC until the next full one. Objects node-postgres makes
 * once a statement (V8's statistics show sites tenured at one object a request) were such sites:
 * with them pretenured, every row of every answer was promoted. Over 10,000 requests at 8
 * connections, bytes promoted a request: a names page of 100 31 -> 0.2 kB, a page of 20 with its
 * related records 64 -> 5 kB (young-generation pauses 2.1 -> 0.8 s, no full GC instead of 4).
 * With the pages' getters moved to classes (see shared/page.ts), the server's CPU a request fell
 * 14-22 % for names pages, 9-13 % for a whole record and 11-27 % for pages with related records,
 * measured side by side with the server before.
 *
 * V8 consults the flag as it collects, so setting it as the process starts takes effect (measured).
 */
export function keepGarbageYoung(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
