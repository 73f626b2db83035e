/**
 * A numeric `--name value` option of a bench, or `fallback` when absent. A value out of range
 * (or not whole, where it must be) stops the bench with what is allowed, rather than running
 * with NaN or an absurd size.
 */
export function numberOption(argv: string[], name: string, fallback: number, { max, whole = true }: { max: number; whole?: boolean }): number {
  const i = argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!(n >= 1 && n <= max) || (whole && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number from 1 to ${max.toLocaleString('en')}`);
  }
  return n;
}
