/**
 * Calendar days as 'YYYY-MM-DD' strings in the Asia/Ho_Chi_Minh calendar (a day is a date, not an
 * instant, so plain UTC arithmetic on it is exact).
 */
export interface DateRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

export type SeriesInterval = 'month' | 'quarter' | 'year';

const parse = (day: string) => new Date(`${day}T00:00:00Z`);
const format = (date: Date) => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => format(new Date(parse(day).getTime() + days * 86_400_000));
export const monthStart = (day: string) => `${day.slice(0, 8)}01`;

function intervalStart(day: string, interval: SeriesInterval): string {
  const date = parse(day);
  const month = interval === 'month' ? date.getUTCMonth() : interval === 'quarter' ? date.getUTCMonth() - (date.getUTCMonth() % 3) : 0;
  return format(new Date(Date.UTC(date.getUTCFullYear(), month, 1)));
}

function nextIntervalStart(start: string, interval: SeriesInterval): string {
  const date = parse(start);
  const months = interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12;
  return format(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

/** The calendar months, quarters or years the range touches, each cut to the range. */
export function seriesBuckets(range: DateRange, interval: SeriesInterval): DateRange[] {
  const buckets: DateRange[] = [];
  for (let start = intervalStart(range.from, interval); start <= range.to; start = nextIntervalStart(start, interval)) {
    const end = addDays(nextIntervalStart(start, interval), -1);
    buckets.push({ from: start < range.from ? range.from : start, to: end > range.to ? range.to : end });
  }
  return buckets;
}

export const toDay = (date: Date) => format(date);
