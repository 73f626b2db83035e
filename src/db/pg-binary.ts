/**
 * One-dimensional arrays in PostgreSQL's binary wire format. node-postgres sends a Buffer
 * parameter as binary, so a large array bound as `$1::int[]` (the cast fixes the type) costs a
 * memory copy on both sides instead of building, escaping and parsing a text literal per
 * element: for bulk writes (thousands of rows per statement) that text round is most of the cost.
 */

const INT4_OID = 23;
const TEXT_OID = 25;
const FLOAT8_OID = 701;

function header(buffer: Buffer, length: number, hasNulls: boolean, elementOid: number): number {
  if (length === 0) {
    buffer.writeInt32BE(0, 0); // no dimensions: the empty array
    buffer.writeInt32BE(0, 4);
    buffer.writeInt32BE(elementOid, 8);
    return 12;
  }
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(hasNulls ? 1 : 0, 4);
  buffer.writeInt32BE(elementOid, 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16); // lower bound
  return 20;
}

/** An int4[] (every value a 32-bit integer) for a `$n::int[]` parameter. */
export function int4Array(values: ArrayLike<number>): Buffer {
  const n = values.length;
  const buffer = Buffer.allocUnsafe(20 + 8 * n);
  let at = header(buffer, n, false, INT4_OID);
  for (let i = 0; i < n; i++) {
    buffer.writeInt32BE(4, at);
    buffer.writeInt32BE(values[i], at + 4);
    at += 8;
  }
  return buffer.subarray(0, at);
}

/** A float8[] with nulls for a `$n::float8[]` parameter. */
export function float8Array(values: ArrayLike<number | null>): Buffer {
  const n = values.length;
  const buffer = Buffer.allocUnsafe(20 + 12 * n);
  let hasNulls = false;
  for (let i = 0; i < n && !hasNulls; i++) hasNulls = values[i] === null;
  let at = header(buffer, n, hasNulls, FLOAT8_OID);
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null) {
      buffer.writeInt32BE(-1, at);
      at += 4;
    } else {
      buffer.writeInt32BE(8, at);
      buffer.writeDoubleBE(value, at + 4);
      at += 12;
    }
  }
  return buffer.subarray(0, at);
}

/** A text[] (no nulls) for a `$n::text[]` parameter. */
export function textArray(values: readonly string[]): Buffer {
  const n = values.length;
  let bytes = 20;
  for (let i = 0; i < n; i++) bytes += 4 + Buffer.byteLength(values[i], 'utf8');
  const buffer = Buffer.allocUnsafe(bytes);
  let at = header(buffer, n, false, TEXT_OID);
  for (let i = 0; i < n; i++) {
    const written = buffer.write(values[i], at + 4, 'utf8');
    buffer.writeInt32BE(written, at);
    at += 4 + written;
  }
  return buffer.subarray(0, at);
}
