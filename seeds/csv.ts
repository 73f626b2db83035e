import fs from 'node:fs';

/**
 * A small RFC 4180 CSV reader, enough for the seed data files (the project has no CSV library).
 *
 * Handles: fields quoted with `"` that contain commas, line breaks or doubled quotes (`""` → `"`),
 * CRLF or LF line endings, a UTF-8 byte-order mark, and a missing final line break. Fields are
 * returned verbatim (no trimming, no type conversion), so codes such as `05971` keep their
 * leading zeros.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  // A quoted field may end the row; remember that the row had content even if the field is empty.
  let rowStarted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new Error(`CSV: quote inside an unquoted field at offset ${i}`);
      inQuotes = true;
      rowStarted = true;
      i += 1;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      rowStarted = true;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (rowStarted || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      rowStarted = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    rowStarted = true;
    i += 1;
  }
  if (inQuotes) throw new Error('CSV: unterminated quoted field');
  if (rowStarted || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Parses CSV text whose first row is a header into one object per data row, keyed by column name.
 * Every row must have exactly as many fields as the header: a short or long row is a data error,
 * and failing loudly here is cheaper than a silently shifted column.
 */
export function parseCsvRecords(text: string, source = 'CSV'): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new Error(
        `${source}: row ${index + 2} has ${cells.length} fields, the header has ${header.length}`,
      );
    }
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      record[name] = cells[column];
    });
    return record;
  });
}

export function readCsvRecords(file: string): Record<string, string>[] {
  return parseCsvRecords(fs.readFileSync(file, 'utf8'), file);
}
