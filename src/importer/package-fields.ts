import type { Parsed } from './package-values';

/** What makes a package unusable, where: the path starts with the package's `[index]` and spells keys as the package does. */
export interface PackageProblem {
  path: string;
  message: string;
}

/** Beyond this a package is clearly broken, and a longer report would only bury the first problems. */
const MAX_PROBLEMS = 20;
export const NAME_MAX = 500;
export const TEXT_MAX = 5000;
/** Control characters break the portal's pages and exports; line breaks and tabs are layout. */
const CONTROL = /[^\P{Cc}\n\r\t]/u;

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object of the package and its path, with its keys looked up without regard to case (the first spelling wins). */
export class Entry {
  private readonly keys = new Map<string, string>();

  constructor(
    readonly value: Json,
    readonly path: string,
  ) {
    for (const key of Object.keys(value)) if (!this.keys.has(key.toUpperCase())) this.keys.set(key.toUpperCase(), key);
  }

  /** The value under `name` (upper case), and its path: the key as spelled, or `name` when absent. */
  get(name: string): { value: unknown; path: string } {
    const key = this.keys.get(name);
    return { value: key === undefined ? undefined : this.value[key], path: `${this.path}.${key ?? name}` };
  }
}

/** Reads the values of one package, collecting its problems. */
export class Reader {
  readonly problems: PackageProblem[] = [];

  problem(path: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
  }

  /** A parsed value, or null after reporting its problem. */
  parsed<T>(result: Parsed<T>, path: string): T | null {
    if (result.ok) return result.value;
    this.problem(path, result.message);
    return null;
  }

  /** A string or number as trimmed NFC text; '' when absent, null when unusable (reported). */
  scalar(entry: Entry, name: string, max: number): string | null {
    const { value, path } = entry.get(name);
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
      this.problem(path, 'is not text');
      return null;
    }
    const text = String(value).normalize('NFC').trim();
    if (CONTROL.test(text)) this.problem(path, 'contains a control character');
    else if (text.length > max && [...text].length > max) this.problem(path, `is longer than ${max} characters`);
    else return text;
    return null;
  }

  /** Optional text: null when absent, empty or unusable. */
  text(entry: Entry, name: string, max: number): string | null {
    return this.scalar(entry, name, max) || null;
  }

  /** Text that must be there: null, reported, when absent or empty. */
  required(entry: Entry, name: string, max: number): string | null {
    const text = this.scalar(entry, name, max);
    if (text === '') this.problem(entry.get(name).path, 'is missing');
    return text || null;
  }

  /** A value parsed from text (empty text included); null after a problem. */
  value<T>(entry: Entry, name: string, parse: (text: string) => Parsed<T>, max = NAME_MAX): T | null {
    const text = this.scalar(entry, name, max);
    return text === null ? null : this.parsed(parse(text), entry.get(name).path);
  }

  /** A value parsed from text that must be there; null after a problem. */
  requiredValue<T>(entry: Entry, name: string, parse: (text: string) => Parsed<T>): T | null {
    const text = this.required(entry, name, NAME_MAX);
    return text === null ? null : this.parsed(parse(text), entry.get(name).path);
  }

  /** The objects of a list (absent or null is empty), at most `max` of them. */
  list(entry: Entry, name: string, max = Infinity): Entry[] {
    const { value, path } = entry.get(name);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'is not a list');
      return [];
    }
    if (value.length > max) this.problem(path, `has more than ${max} entries`);
    const items: Entry[] = [];
    for (const [i, item] of (value as unknown[]).slice(0, max).entries()) {
      if (isObject(item)) items.push(new Entry(item, `${path}[${i}]`));
      else this.problem(`${path}[${i}]`, 'is not an object');
    }
    return items;
  }
}
