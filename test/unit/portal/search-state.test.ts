import fc from 'fast-check';
import { parseSearchState, searchHref, searchVariables, withFacet, withOneStop, type SearchState } from '../../../src/portal/search/search-state';

const state: fc.Arbitrary<SearchState> = fc.record({
  q: fc.string({ maxLength: 200 }).map((q) => q.trim()),
  levels: fc.uniqueArray(fc.constantFrom('PROVINCE', 'DISTRICT', 'COMMUNE')),
  fields: fc.uniqueArray(fc.stringMatching(/^[a-z0-9.-]{1,40}$/), { maxLength: 20 }),
  onlineLevels: fc.uniqueArray(fc.constantFrom('FULL', 'PARTIAL', 'NONE')),
  oneStop: fc.constantFrom(null, true, false),
  free: fc.boolean(),
  after: fc.option(fc.base64String({ minLength: 4, maxLength: 100 }), { nil: null }),
});

const params = (href: string) => new URL(href, 'http://portal').searchParams;

describe('the home page state in the URL', () => {
  it('comes back from its own link unchanged, whatever it is (shared links and Back show the same page)', () => {
    fc.assert(fc.property(state, (s) => expect(parseSearchState(params(searchHref(s)))).toEqual(s)));
  });

  it('toggling a facet twice gives the state back on its first page; one-stop is a choice of one', () => {
    fc.assert(
      fc.property(state, fc.constantFrom('PROVINCE', 'DISTRICT', 'COMMUNE'), (s, level) => {
        expect(withFacet(withFacet(s, 'levels', level), 'levels', level)).toEqual({ ...s, after: null, levels: expect.arrayContaining(s.levels) });
      }),
    );
    const none = parseSearchState(new URLSearchParams());
    expect(withOneStop(withOneStop(none, true), false).oneStop).toBe(false);
    expect(withOneStop(withOneStop(none, true), true).oneStop).toBeNull();
  });

  it('becomes the API filter the page asks with', () => {
    const s = parseSearchState(new URLSearchParams('q=khai+sinh&cap=COMMUNE&tructuyen=FULL&motcua=0&mienphi=1&linhvuc=ho-tich'));
    expect(searchVariables(s)).toEqual({
      search: 'khai sinh',
      filter: { levels: ['COMMUNE'], fieldCodes: ['ho-tich'], onlineServiceLevels: ['FULL'], isOneStop: false, isFree: true },
      after: null,
    });
  });
});
