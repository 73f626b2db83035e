import { badInput } from '../shared/errors';

/** A query parameter given at most once, as text (`?a=1&a=2` is refused rather than guessed at). */
export function single(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(`${name} must be given once`, name);
  return value;
}
