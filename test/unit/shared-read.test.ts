import { sharedRead } from '../../src/shared/shared-read';

describe('sharedRead', () => {
  /** A value that changes (like a version bumped by writes) and a count of the reads of it. */
  const source = () => {
    const state = { value: 1, reads: 0 };
    const read = async () => {
      state.reads += 1;
      return state.value;
    };
    return { state, read };
  };

  it('makes one read for the calls of one turn, after the last of them', async () => {
    const { state, read } = source();
    const shared = sharedRead(read);
    const first = shared();
    const second = shared();
    // Changed after both asked, before the turn ends: both must see it.
    state.value = 2;
    expect(await Promise.all([first, second, shared()])).toEqual([2, 2, 2]);
    expect(state.reads).toBe(1);
  });

  it('gives a caller that asks once the read has started a read of its own', async () => {
    const { state, read } = source();
    let askedDuringRead = null as Promise<number> | null;
    const shared = sharedRead(async () => {
      const value = await read();
      // Written after the first read took its value: a caller asking now must not get that value.
      state.value = 3;
      askedDuringRead ??= shared();
      return value;
    });
    expect(await shared()).toBe(1);
    expect(await askedDuringRead).toBe(3);
    expect(state.reads).toBe(2);
  });

  it('gives every caller of the turn the read failure, and reads again on the next call', async () => {
    let fail = true;
    const shared = sharedRead(async () => {
      if (fail) throw new Error('database unavailable');
      return 7;
    });
    const results = await Promise.allSettled([shared(), shared()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await shared()).toBe(7);
  });
});
