import type { Column } from '../dataset';

/** A quoted identifier: column names are ours, but quoting keeps any of them a name. */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The statement whose COPY output is the same CSV csvOf writes (csv.ts): booleans as
 * `true`/`false` (COPY writes `t`/`f`), and a text that a spreadsheet would run as a formula
 * (starting `=`, `+`, `-`, `@`, tab or CR) prefixed with `'` against CSV injection. Empty for
 * unknown, as COPY writes a null.
 */
export function csvStatement(sql: string, columns: readonly Column[]): string {
  const cells = columns.map(({ name, type }) => {
    const cell = `d.${quoted(name)}`;
    if (type === 'boolean') return `CASE WHEN ${cell} THEN 'true' WHEN NOT ${cell} THEN 'false' END AS ${quoted(name)}`;
    if (type === 'string') return `CASE WHEN ${cell} ~ '^[-=+@\\t\\r]' THEN '''' || ${cell} ELSE ${cell} END AS ${quoted(name)}`;
    return `${cell} AS ${quoted(name)}`;
  });
  return `SELECT ${cells.join(', ')} FROM (${sql}) d`;
}
