/** Rows written per chunk: one write per row would cost a syscall per line. */
const ROWS_PER_CHUNK = 500;

/** One JSON object a line (UTF-8, `\n`): a row with its keys in the columns' order and null for unknown, or a whole record. */
export async function* ndjsonOf(rows: AsyncIterable<object>): AsyncGenerator<Buffer> {
  let lines: string[] = [];
  for await (const row of rows) {
    lines.push(JSON.stringify(row));
    if (lines.length === ROWS_PER_CHUNK) {
      yield Buffer.from(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length) yield Buffer.from(`${lines.join('\n')}\n`);
}
