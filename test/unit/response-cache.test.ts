import { ResponseCache } from '../../src/graphql/response-cache';

const HEADERS: [string, string][] = [['content-type', 'application/json; charset=utf-8']];

describe('ResponseCache', () => {
  it('serves an answer only at the version it was kept for', () => {
    const cache = new ResponseCache(1 << 20);
    cache.set({ key: 'k', version: '1@2026-12-05' }, Buffer.from('{"data":1}'), HEADERS, 'query procedures');
    expect(cache.get({ key: 'k', version: '1@2026-12-05' })?.body.toString()).toBe('{"data":1}');
    expect(cache.get({ key: 'k', version: '2@2026-12-05' })).toBeUndefined();
    // Nor on another day: a change scheduled for that day may have taken effect.
    cache.set({ key: 'd', version: '1@2026-12-05' }, Buffer.from('{"data":1}'), HEADERS, 'query procedures');
    expect(cache.get({ key: 'd', version: '1@2026-12-06' })).toBeUndefined();
    // The stale answer is gone, not waiting for the version to come back.
    expect(cache.get({ key: 'k', version: '1@2026-12-05' })).toBeUndefined();
  });

  it('drops the least recently used answers past its size in bytes', () => {
    const body = Buffer.alloc(2000, 'x');
    // Room for two answers of about 2 kB each, not three.
    const cache = new ResponseCache(5000);
    cache.set({ key: 'a', version: '1@2026-12-05' }, body, HEADERS, 'query procedures');
    cache.set({ key: 'b', version: '1@2026-12-05' }, body, HEADERS, 'query procedures');
    cache.get({ key: 'a', version: '1@2026-12-05' }); // a is now the most recent
    cache.set({ key: 'c', version: '1@2026-12-05' }, body, HEADERS, 'query procedures'); // evicts b
    expect(cache.get({ key: 'a', version: '1@2026-12-05' })).toBeDefined();
    expect(cache.get({ key: 'b', version: '1@2026-12-05' })).toBeUndefined();
    expect(cache.get({ key: 'c', version: '1@2026-12-05' })).toBeDefined();
  });

  it('keeps nothing larger than itself, and nothing at all with a size of 0', () => {
    const small = new ResponseCache(1000);
    small.set({ key: 'big', version: '1@2026-12-05' }, Buffer.alloc(1000, 'x'), HEADERS, 'query procedures');
    expect(small.get({ key: 'big', version: '1@2026-12-05' })).toBeUndefined();
    const none = new ResponseCache(0);
    none.set({ key: 'k', version: '1@2026-12-05' }, Buffer.from('{}'), HEADERS, 'query procedures');
    expect(none.get({ key: 'k', version: '1@2026-12-05' })).toBeUndefined();
  });
});
