/**
 * `value` as JSON and a line feed, as Apollo ends its answers (prettyJSONStringify), in UTF-8. Written
 * straight into the buffer: appending the line feed to the string would make a rope that sending
 * flattens into one more copy of the whole answer (a names page of 100: 26 kB a request).
 */
export function jsonLine(value: unknown): Buffer {
  return textLine(JSON.stringify(value));
}

/** JSON text and a line feed, in UTF-8 (see jsonLine). */
export function textLine(json: string): Buffer {
  const bytes = Buffer.byteLength(json);
  const line = Buffer.allocUnsafe(bytes + 1);
  line.write(json, 0, bytes);
  line[bytes] = 0x0a;
  return line;
}
