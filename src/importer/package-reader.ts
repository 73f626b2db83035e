import { Readable, finished } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parser } from 'stream-json';

/** Largest package accepted, in bytes of its JSON text (approximately: counted over its string/number/key chunks plus punctuation is fine). */
export const MAX_PACKAGE_BYTES = 1024 * 1024;
/** Real packages nest a few levels; more is junk that would only cost stack and memory downstream. */
const MAX_PACKAGE_DEPTH = 32;
/** Even a skipped value costs the parser a frame per open bracket: past this, reading stops. */
const MAX_SKIP_DEPTH = 10_000;
/** A "message" string arrives a few characters per token (each escape is one): batching spares the nested parser a write each. */
const TEXT_BATCH = 64 * 1024;

/** One package as read: its position in the input, from 0, counted over every package-shaped item (the elements of arrays and `result` arrays, and top-level package objects, in order across the whole input), and the object, or why it cannot be used. */
export type ReadPackage = { index: number; value: Record<string, unknown> } | { index: number; problem: string };

/** The input is not JSON (a syntax error) or not in any of the accepted shapes: reading cannot go on. Message says where (byte offset or line if available) and what. */
export class UnreadablePackages extends Error {
  override readonly name = 'UnreadablePackages';
}

/** stream-json's tokens, with packing off so that no string or number is held whole by the parser. */
interface Token {
  name: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

const SHAPES = 'expected a package object, an array of packages or a {"result": [...]} wrapper';

/** How much text went to the parser: it reads ahead, so errors can only say "within". */
class Position {
  private size = 0;
  private lines = 1;
  constructor(
    private readonly place: string,
    private readonly unit: 'bytes' | 'characters',
  ) {}
  advance(text: string): void {
    this.size += this.unit === 'bytes' ? Buffer.byteLength(text) : text.length;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.lines++;
  }
  describe(): string {
    return `${this.place}, within its first ${this.size} ${this.unit} (line ${this.lines} or before)`;
  }
}

/**
 * Hands out the parser's tokens as the consumer asks, so that it (and what feeds it) only reads that far. Most
 * tokens are already buffered: poll() gives them without the cost of a promise each, take() waits for the next.
 */
class TokenReader {
  // Left standing after a syntax error so that the tokens before it are still read (close() destroys it); the
  // small write buffer keeps the read-ahead, and so the uncertainty of an error's position, to about one chunk.
  private readonly jsonParser = parser({ jsonStreaming: true, packValues: false, decodeStrings: false, autoDestroy: false, writableHighWaterMark: 1 });
  private readonly source: Readable;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private sourceFailure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  constructor(
    text: AsyncIterable<string>,
    readonly where: Position,
  ) {
    this.source = Readable.from(this.guard(text), { highWaterMark: 1 });
    this.source.pipe(this.jsonParser);
    this.jsonParser.on('readable', () => this.notify());
    finished(this.jsonParser, { writable: false }, (error) => {
      if (error) this.failure ??= { error };
      else this.ended = true;
      this.notify();
    });
  }
  private async *guard(text: AsyncIterable<string>): AsyncGenerator<string> {
    let first = true;
    try {
      for await (let chunk of text) {
        if (chunk.length === 0) continue;
        if (first) {
          first = false;
          if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        }
        this.where.advance(chunk);
        yield chunk;
      }
    } catch (error) {
      // Ending the text instead lets the packages before the failure through; next() throws it after them.
      this.sourceFailure = { error };
    }
  }
  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
  poll(): Token | null {
    return this.jsonParser.destroyed ? null : (this.jsonParser.read() as Token | null);
  }
  /** The next token, or undefined at the end of the text. */
  async next(): Promise<Token | undefined> {
    for (;;) {
      const token = this.poll();
      if (token !== null) return token;
      // A source cut short is not a syntax error, and keeps its identity (the network's, a nested reader's).
      if ((this.failure || this.ended) && this.sourceFailure) throw this.sourceFailure.error;
      if (this.failure) throw new UnreadablePackages(`JSON syntax error in ${this.where.describe()}: ${errorText(this.failure.error)}`);
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
  async take(): Promise<Token> {
    const token = await this.next();
    if (token === undefined) throw new UnreadablePackages(`${this.where.describe()}: the JSON ends in the middle of a value`);
    return token;
  }
  close(): void {
    this.source.destroy();
    this.jsonParser.destroy();
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function kindOf(token: Token): string {
  const kinds: Record<string, string> = { startArray: 'an array', startString: 'a string', startNumber: 'a number', nullValue: 'null' };
  return kinds[token.name] ?? (token.name === 'startObject' ? 'an object' : 'a boolean');
}

/** Builds one package from its tokens, or only follows them to its end once it is known to be unusable. */
class PackageAssembler {
  depth = 0;
  /** The key just read at the package's top level, lower-cased, if short enough to be "result" or "message". */
  topKey: string | undefined;
  private frames: { container: Container; key?: string }[] = [];
  private text = '';
  private inKey = false;
  private keyHead = '';
  private size = 0;
  private problem: string | undefined;
  private value: unknown;

  /** Whether the package is complete with this token. */
  feed(token: Token): boolean {
    this.topKey = undefined;
    const chunk = typeof token.value === 'string' ? token.value : '';
    this.size += chunk.length || 1;
    if (this.size > MAX_PACKAGE_BYTES) this.fail('is larger than 1 MiB');
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        if (this.depth === 0 && token.name === 'startArray') this.fail('is not an object (an array)');
        if (++this.depth > MAX_PACKAGE_DEPTH) this.fail(`is nested deeper than ${MAX_PACKAGE_DEPTH} levels`);
        if (this.depth > MAX_SKIP_DEPTH) throw new UnreadablePackages(`a value is nested deeper than ${MAX_SKIP_DEPTH} levels: this is not package data`);
        if (this.problem === undefined) this.frames.push({ container: token.name === 'startObject' ? {} : [] });
        return false;
      case 'endObject':
      case 'endArray':
        this.depth--;
        this.store(this.frames.pop()?.container);
        return this.depth === 0;
      case 'startKey':
        this.inKey = true;
        this.keyHead = this.text = '';
        return false;
      case 'startString':
      case 'startNumber':
        if (this.depth === 0) this.fail(`is not an object (${kindOf(token)})`);
        this.text = '';
        return false;
      case 'stringChunk':
      case 'numberChunk':
        if (this.inKey && this.keyHead.length <= 'message'.length) this.keyHead += chunk;
        if (this.problem === undefined) this.text += chunk;
        return false;
      case 'endKey':
        this.inKey = false;
        if (this.depth === 1 && this.keyHead.length <= 'message'.length) this.topKey = this.keyHead.toLowerCase();
        if (this.problem === undefined) this.frames[this.frames.length - 1].key = this.text;
        return false;
      case 'endString':
        this.store(this.text);
        return this.depth === 0;
      case 'endNumber':
        this.store(Number(this.text));
        return this.depth === 0;
      default: // nullValue, trueValue, falseValue
        if (this.depth === 0) this.fail(`is not an object (${kindOf(token)})`);
        this.store(token.value);
        return this.depth === 0;
    }
  }

  /** Drops what was built: the package is unusable (the first reason stays), or was a wrapper. */
  fail(problem: string): void {
    this.problem ??= problem;
    this.frames = [];
    this.text = '';
  }

  outcome(index: number): ReadPackage {
    return this.problem === undefined ? { index, value: this.value as Record<string, unknown> } : { index, problem: this.problem };
  }

  private store(value: unknown): void {
    if (this.problem !== undefined) return;
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) this.value = value;
    else if (Array.isArray(frame.container)) frame.container.push(value);
    else if (frame.key !== '__proto__') frame.container[frame.key ?? ''] = value;
    // Assigning "__proto__" would set the prototype instead of keeping the member, as JSON.parse does.
    else Object.defineProperty(frame.container, frame.key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** The elements of an array of packages, its opening bracket already read. */
async function* elements(reader: TokenReader, counter: { next: number }): AsyncGenerator<ReadPackage> {
  for (let token = reader.poll() ?? (await reader.take()); token.name !== 'endArray'; token = reader.poll() ?? (await reader.take())) {
    const item = new PackageAssembler();
    while (!item.feed(token)) token = reader.poll() ?? (await reader.take());
    yield item.outcome(counter.next++);
  }
}

/** The decoded text of a "message" string: `head` (its first tokens' text, already read), then the rest unless `ended`. */
async function* messageText(reader: TokenReader, head: string, ended: boolean): AsyncGenerator<string> {
  if (ended) {
    yield head;
    return;
  }
  let batch = head;
  for (let token = reader.poll() ?? (await reader.take()); token.name !== 'endString'; token = reader.poll() ?? (await reader.take())) {
    if (typeof token.value === 'string') batch += token.value;
    if (batch.length >= TEXT_BATCH) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}

/** A top-level object, its brace already read: a package, unless a "result" array or a "message" string makes it a wrapper. */
async function* topObject(reader: TokenReader, counter: { next: number }): AsyncGenerator<ReadPackage> {
  const item = new PackageAssembler();
  item.feed({ name: 'startObject' });
  let wrapper = false;
  for (;;) {
    const token = reader.poll() ?? (await reader.take());
    const key = item.topKey;
    item.topKey = undefined;
    if (key === 'result') {
      if (token.name !== 'startArray')
        throw new UnreadablePackages(`${reader.where.describe()}: the "result" of the wrapper is ${kindOf(token)}, not an array`);
      wrapper = true;
      item.fail('is a wrapper');
      yield* elements(reader, counter);
    } else if (key === 'message' && token.name === 'startString') {
      // A wrapper only when its text is JSON: portals also send a plain "message" ("Thành công") beside "result".
      const head: (typeof token)[] = [];
      let text = '';
      while (!/\S/.test(text) && head.at(-1)?.name !== 'endString') {
        const next = reader.poll() ?? (await reader.take());
        head.push(next);
        if (typeof next.value === 'string') text += next.value;
      }
      if (!/^\s*[[{]/.test(text)) {
        for (const read of [token, ...head]) item.feed(read);
        continue;
      }
      wrapper = true;
      item.fail('is a wrapper');
      const nested = new TokenReader(messageText(reader, text, head.at(-1)?.name === 'endString'), new Position('the "message" string', 'characters'));
      if ((yield* packagesIn(nested, counter)) === 0) throw new UnreadablePackages(`${reader.where.describe()}: the "message" string holds no JSON`);
    } else if (item.feed(token)) {
      if (!wrapper) yield item.outcome(counter.next++);
      return;
    }
  }
}

/** Every package of the text `reader` parses; returns how many top-level values it held. */
async function* packagesIn(reader: TokenReader, counter: { next: number }): AsyncGenerator<ReadPackage, number> {
  let values = 0;
  try {
    for (let token = await reader.next(); token !== undefined; token = await reader.next()) {
      values++;
      if (token.name === 'startArray') yield* elements(reader, counter);
      else if (token.name === 'startObject') yield* topObject(reader, counter);
      else throw new UnreadablePackages(`${reader.where.describe()}: found ${kindOf(token)}; ${SHAPES}`);
    }
    return values;
  } finally {
    reader.close();
  }
}

/** The input as text; a multi-byte character split between chunks is joined again. */
async function* decode(input: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    if (typeof chunk === 'string') yield decoder.end() + chunk;
    else if (chunk instanceof Uint8Array) yield decoder.write(chunk);
    else throw new TypeError(`package input chunks must be Buffers or strings, not ${typeof chunk}`);
  }
  yield decoder.end();
}

/** Yields the packages of `input` one by one, in order. */
export async function* readPackages(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<ReadPackage> {
  try {
    yield* packagesIn(new TokenReader(decode(input), new Position('the input', 'bytes')), { next: 0 });
  } finally {
    // A stalled source would otherwise keep its socket or file open after the consumer has gone.
    if (input instanceof Readable && !input.readableEnded) input.destroy();
  }
}
