import { CatalogueCache } from '../../src/shared/catalogue-cache';

describe('CatalogueCache', () => {
  const counter = () => {
    let calls = 0;
    return { compute: async () => ++calls, calls: () => calls };
  };

  it('computes once per version and key, sharing a computation in progress', async () => {
    const cache = new CatalogueCache<number>(10);
    const c = counter();
    const [a, b] = await Promise.all([cache.get(1, 'k', c.compute), cache.get(1, 'k', c.compute)]);
    expect([a, b, await cache.get(1, 'k', c.compute)]).toEqual([1, 1, 1]);
    expect(await cache.get(1, 'other', c.compute)).toBe(2);
    expect(await cache.get(2, 'k', c.compute)).toBe(3);
    expect(c.calls()).toBe(3);
  });

  it('drops the least recently used entry past its capacity', async () => {
    const cache = new CatalogueCache<number>(2);
    const c = counter();
    await cache.get(1, 'a', c.compute);
    await cache.get(1, 'b', c.compute);
    await cache.get(1, 'a', c.compute); // a is now the most recent
    await cache.get(1, 'c', c.compute); // evicts b
    expect(await cache.get(1, 'a', c.compute)).toBe(1);
    expect(await cache.get(1, 'b', c.compute)).toBe(4);
  });

  it('tells an answer already computed, not one in progress', async () => {
    const cache = new CatalogueCache<number>(10);
    let finish!: (n: number) => void;
    const pending = cache.get(1, 'k', () => new Promise((resolve) => (finish = resolve)));
    expect(cache.known(1, 'k')).toBeUndefined();
    finish(42);
    await pending;
    expect(cache.known(1, 'k')).toBe(42);
    expect(cache.known(2, 'k')).toBeUndefined();
  });

  it('does not keep a failure', async () => {
    const cache = new CatalogueCache<number>(10);
    await expect(cache.get(1, 'k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get(1, 'k', async () => 7)).toBe(7);
  });

  it('keeps nothing with a capacity of 0', async () => {
    const cache = new CatalogueCache<number>(0);
    const c = counter();
    await cache.get(1, 'k', c.compute);
    expect(await cache.get(1, 'k', c.compute)).toBe(2);
  });
});
