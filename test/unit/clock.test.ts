import { secondsToVietnamMidnight, vietnamDay } from '../../src/shared/clock';

describe("Vietnam's calendar", () => {
  it('has its midnight at 17:00 UTC: the seconds left to it, never 0', () => {
    expect(secondsToVietnamMidnight(new Date('2026-12-05T16:59:00Z'))).toBe(60);
    expect(secondsToVietnamMidnight(new Date('2026-12-05T17:00:00Z'))).toBe(86_400);
    expect(secondsToVietnamMidnight(new Date('2026-12-05T16:59:59.500Z'))).toBe(1);
    expect(vietnamDay(new Date('2026-12-05T16:59:59Z'))).toBe('2026-12-05');
    expect(vietnamDay(new Date('2026-12-05T17:00:00Z'))).toBe('2026-12-06');
  });

  it('gives each instant its own day, whatever day was asked before (the last one is remembered)', () => {
    const days = [
      ['2026-12-05T16:59:59.999Z', '2026-12-05'],
      ['2026-12-05T17:00:00.000Z', '2026-12-06'],
      ['2026-12-06T16:59:59.999Z', '2026-12-06'],
      ['2026-12-05T16:59:59.999Z', '2026-12-05'],
      ['2026-12-04T17:00:00.000Z', '2026-12-05'],
      ['2026-12-04T16:59:59.999Z', '2026-12-04'],
      ['1969-12-31T16:59:59.999Z', '1969-12-31'],
      ['1969-12-31T17:00:00.000Z', '1970-01-01'],
      ['2026-12-05T17:00:00.000Z', '2026-12-06'],
    ];
    expect(days.map(([instant]) => [instant, vietnamDay(new Date(instant))])).toEqual(days);
  });
});
