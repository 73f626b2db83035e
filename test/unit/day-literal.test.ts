import { dayLiteral } from '../../src/db/day-literal';

describe('dayLiteral', () => {
  it('writes a day as an SQL string literal', () => {
    expect(dayLiteral('2026-12-05')).toBe("'2026-12-05'");
  });

  it.each(["2026-12-05'; DROP TABLE procedure; --", '2026-1-5', '05/12/2026', '', '2026-12-05 '])('refuses %j', (text) => {
    expect(() => dayLiteral(text)).toThrow('not a day');
  });
});
