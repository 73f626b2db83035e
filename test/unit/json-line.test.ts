import { jsonLine } from '../../src/graphql/json-line';

describe('jsonLine', () => {
  it('is the UTF-8 of the JSON and a line feed, as Apollo sends an answer', () => {
    const values = [
      { data: { procedures: { edges: [{ node: { code: '1.001193', name: 'Đăng ký khai sinh' } }] } } },
      { data: { text: 'ASCII only' }, extensions: { cost: { requested: 3, maximum: 20000 } } },
      // Astral characters, a lone surrogate (JSON escapes it) and a NUL.
      { data: { text: '𝔸 \ud800 \u0000 ức' } },
      {},
    ];
    for (const value of values) {
      const expected = Buffer.from(`${JSON.stringify(value)}\n`);
      expect(jsonLine(value).equals(expected)).toBe(true);
    }
  });
});
