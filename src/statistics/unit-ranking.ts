import type { DossierFigureValues } from './dossier-figures';
import { MetricDirection, type MetricDefinition } from './statistics-methodology';

export const TIE_RULE =
  'Standard competition ranking ("1224"): units with equal values share a rank and the next rank skips. Rates are ' +
  'compared exactly as fractions (a/b against c/d as a×d against c×b), not as rounded percentages. Units with equal ' +
  'values are listed by unit code. Units whose value is null (denominator 0: nothing measured) get no rank and come last, by unit code.';

/** A metric's value as an exact fraction, so that 1/3 and 2/6 tie; null when nothing was measured. */
interface Fraction {
  numerator: number;
  denominator: number;
}

function fractionOf(figures: DossierFigureValues, metric: MetricDefinition): Fraction | null {
  const value = figures[metric.key];
  if (typeof value === 'number') return { numerator: value, denominator: 1 };
  const r = value;
  return r.denominator === 0 ? null : { numerator: r.numerator, denominator: r.denominator };
}

/** Negative when a comes before b in the ranking's order. Products stay far below 2^53 for any real count. */
const compare = (a: Fraction, b: Fraction, lowerFirst: boolean) => {
  const difference = a.numerator * b.denominator - b.numerator * a.denominator;
  return lowerFirst ? difference : -difference;
};

/** Ranks units on a metric following TIE_RULE: best first (lowest first for a metric where lower is better). */
export function rankUnits<T extends { unit: { code: string }; figures: DossierFigureValues }>(entries: T[], metric: MetricDefinition) {
  const lowerFirst = metric.direction === MetricDirection.LOWER_IS_BETTER;
  const valued = entries.map((entry) => ({ ...entry, fraction: fractionOf(entry.figures, metric) }));
  const byCode = (a: { unit: { code: string } }, b: { unit: { code: string } }) => (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0);
  const measured = valued.filter((e) => e.fraction !== null).sort((a, b) => compare(a.fraction!, b.fraction!, lowerFirst) || byCode(a, b));
  const unmeasured = valued.filter((e) => e.fraction === null).sort(byCode);

  let rank = 0;
  const ranked = measured.map((entry, position) => {
    if (position === 0 || compare(measured[position - 1].fraction!, entry.fraction!, lowerFirst) !== 0) rank = position + 1;
    return { ...entry, rank: rank, value: entry.fraction!.numerator / entry.fraction!.denominator };
  });
  return [...ranked, ...unmeasured.map((entry) => ({ ...entry, rank: null, value: null }))];
}
