import { secondsToVietnamMidnight, vietnamDay } from '../../src/shared/clock';

describe("Vietnam's calendar", () => {
  it('has its midnight at 17:00 UTC: the seconds left to it, never 0', () => {
    expect(secondsToVietnamMidnight(new Date('2026-12-05T16:59:00Z'))).toBe(60);
    expect(secondsToVietnamMidnight(new Date('2026-12-05T17:00:00Z'))).toBe(86_400);
    expect(secondsToVietnamMidnight(new Date('2026-12-05T16:59:59.500Z'))).toBe(1);
    expect(vietnamDay(new Date('2026-12-05T16:59:59Z'))).toBe('2026-12-05');
    expect(vietnamDay(new Date('2026-12-05T17:00:00Z'))).toBe('2026-12-06');
  });
});
