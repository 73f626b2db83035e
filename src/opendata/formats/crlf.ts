const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * CSV with LF record ends (PostgreSQL's COPY) as RFC 4180 wants it, CRLF: a LF outside quotes
 * ends a record; one inside a quoted field is the field's own and stays as it is. (A doubled
 * quote inside a field toggles twice, so the state stays right.)
 */
export async function* crlf(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let quoted = false;
  for await (const chunk of chunks) {
    const out = Buffer.allocUnsafe(chunk.length * 2);
    let length = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) out[length++] = CR;
      out[length++] = byte;
    }
    yield out.subarray(0, length);
  }
}
