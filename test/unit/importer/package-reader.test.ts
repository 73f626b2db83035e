import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MAX_PACKAGE_BYTES, readPackages, UnreadablePackages, type ReadPackage } from '../../../src/importer/package-reader';

/** Everything the reader yields, and what it threw (if it did), so that tests can check both. */
async function readAll(input: Readable | AsyncIterable<Buffer | string>): Promise<{ packages: ReadPackage[]; error?: unknown }> {
  const packages: ReadPackage[] = [];
  try {
    for await (const read of readPackages(input)) packages.push(read);
  } catch (error) {
    return { packages, error };
  }
  return { packages };
}

async function valuesOf(text: string): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const read of readPackages(Readable.from([text]))) values.push('value' in read ? read.value : read);
  return values;
}

/** The bytes of `text` in chunks of 1 to 7 bytes, the same cuts on every run. */
async function* tinyChunks(text: string): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  let seed = 7;
  for (let at = 0; at < bytes.length;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (seed % 7);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** A JSON text as the content of a JSON string, the way the portal sends its "message". */
const escaped = (json: string): string => JSON.stringify(json).slice(1, -1);

describe('readPackages', () => {
  const a = { code: '1.001', name: 'Đăng ký khai sinh' };
  const b = { code: '1.002', name: 'Cấp bản sao trích lục hộ tịch', steps: [{ order: 1, text: 'Nộp hồ sơ' }], fee: 8000, online: true, note: null };

  it('reads an array, NDJSON with blank lines, and a single object', async () => {
    expect(await valuesOf(JSON.stringify([a, b], null, 2))).toEqual([a, b]);
    expect(await valuesOf(`\n${JSON.stringify(a)}\r\n\n\n${JSON.stringify(b)}\n\n`)).toEqual([a, b]);
    expect(await valuesOf(`${JSON.stringify(a)}${JSON.stringify(b)}`)).toEqual([a, b]);
    expect(await valuesOf(JSON.stringify(b))).toEqual([b]);
  });

  it('reads the portal wrapper whatever the case of "result" and wherever the other keys are', async () => {
    expect(await valuesOf(`{"error_code": "00", "note": {"x": [1, 2]}, "result": ${JSON.stringify([a, b])}}`)).toEqual([a, b]);
    expect(await valuesOf(`{"Result": ${JSON.stringify([a])}, "error_code": 0, "total": 1}`)).toEqual([a]);
    expect(await valuesOf(`{"RESULT": []}`)).toEqual([]);
  });

  it('reads the wrapper sent as a JSON string in "message", holding a wrapper, an array or NDJSON', async () => {
    const wrapper = JSON.stringify({ error_code: '00', result: [a, b] });
    expect(await valuesOf(`{"error_code": 0, "message": "${escaped(wrapper)}"}`)).toEqual([a, b]);
    expect(await valuesOf(`{"Message": "${escaped(JSON.stringify([a, b]))}", "error_code": "00"}`)).toEqual([a, b]);
    expect(await valuesOf(`{"MESSAGE": "${escaped(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`)}"}`)).toEqual([a, b]);
    expect(await valuesOf(`{"message": "${escaped(`{"message": "${escaped(JSON.stringify([a]))}"}`)}"}`)).toEqual([a]);
  });

  it('takes a "message" that is not JSON for what it says: a plain note beside "result", or a field of a package', async () => {
    expect(await valuesOf(`{"error_code": "00", "message": "Thành công", "result": ${JSON.stringify([a, b])}}`)).toEqual([a, b]);
    expect(await valuesOf(`{"message": "Không tìm thấy"}\n{"message": "  ", "code": "1"}`)).toEqual([
      { message: 'Không tìm thấy' },
      { message: '  ', code: '1' },
    ]);
  });

  it('counts every package across the shapes of one input', async () => {
    const text = `{"result": [${JSON.stringify(a)}, 7]}\n${JSON.stringify(b)}\n{"message": "${escaped(JSON.stringify([a]))}"}\n[${JSON.stringify(b)}]`;
    const { packages } = await readAll(Readable.from([text]));
    expect(packages).toEqual([
      { index: 0, value: a },
      { index: 1, problem: 'is not an object (a number)' },
      { index: 2, value: b },
      { index: 3, value: a },
      { index: 4, value: b },
    ]);
  });

  it('accepts a UTF-8 byte order mark, even cut between chunks', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([a]))]);
    expect(await valuesOf(`\ufeff${JSON.stringify([a])}`)).toEqual([a]);
    const { packages } = await readAll(Readable.from([withBom.subarray(0, 2), withBom.subarray(2)]));
    expect(packages).toEqual([{ index: 0, value: a }]);
  });

  it('keeps a "__proto__" member as a member, as JSON.parse does', async () => {
    const [value] = await valuesOf('{"__proto__": {"polluted": true}, "code": "x"}');
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "code": "x"}'));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reports elements that are not objects, and goes on', async () => {
    const { packages } = await readAll(Readable.from([`[1, "x", null, true, [{"a": 1}], ${JSON.stringify(a)}, -2.5e3]`]));
    expect(packages).toEqual([
      { index: 0, problem: 'is not an object (a number)' },
      { index: 1, problem: 'is not an object (a string)' },
      { index: 2, problem: 'is not an object (null)' },
      { index: 3, problem: 'is not an object (a boolean)' },
      { index: 4, problem: 'is not an object (an array)' },
      { index: 5, value: a },
      { index: 6, problem: 'is not an object (a number)' },
    ]);
  });

  it('skips a package larger than 1 MiB and reads the next one', async () => {
    const big = JSON.stringify({ code: 'big', text: 'ệ'.repeat(MAX_PACKAGE_BYTES) });
    const { packages } = await readAll(Readable.from([`[${big}, ${JSON.stringify(a)}]\n${big}\n${JSON.stringify(b)}`]));
    expect(packages).toEqual([
      { index: 0, problem: 'is larger than 1 MiB' },
      { index: 1, value: a },
      { index: 2, problem: 'is larger than 1 MiB' },
      { index: 3, value: b },
    ]);
  });

  it('skips a package nested deeper than 32 levels, and refuses junk nested past all reason', async () => {
    const nested = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    const { packages } = await readAll(Readable.from([`[${nested(32)}, ${nested(33)}, {"x": ${'['.repeat(100)}${']'.repeat(100)}}, ${JSON.stringify(a)}]`]));
    expect(packages.map((read) => ('problem' in read ? read.problem : 'ok'))).toEqual([
      'ok',
      'is nested deeper than 32 levels',
      'is nested deeper than 32 levels',
      'ok',
    ]);
    const { error } = await readAll(Readable.from([`[${'['.repeat(20_000)}`]));
    expect(error).toBeInstanceOf(UnreadablePackages);
  });

  it('throws UnreadablePackages at a syntax error, after yielding the packages before it', async () => {
    const { packages, error } = await readAll(Readable.from([`[${JSON.stringify(a)},\n${JSON.stringify(b)},\n{"code": 1.003,}`, ']']));
    expect(packages).toEqual([
      { index: 0, value: a },
      { index: 1, value: b },
    ]);
    expect(error).toBeInstanceOf(UnreadablePackages);
    expect(String(error)).toMatch(/JSON syntax error in the input, within its first \d+ bytes \(line 3 or before\)/);
    expect((await readAll(Readable.from([`${JSON.stringify(a)}\n{"code": }`]))).error).toBeInstanceOf(UnreadablePackages);
    expect((await readAll(Readable.from([`[${JSON.stringify(a)}`]))).error).toBeInstanceOf(UnreadablePackages);
  });

  it('refuses inputs in none of the accepted shapes', async () => {
    const refusal = async (text: string): Promise<string> => {
      const { error } = await readAll(Readable.from([text]));
      expect(error).toBeInstanceOf(UnreadablePackages);
      return (error as Error).message;
    };
    expect(await refusal('42')).toMatch(/found a number; expected a package object, an array of packages or a \{"result": \[...\]\} wrapper/);
    expect(await refusal(`${JSON.stringify(a)}\n"text"`)).toMatch(/found a string/);
    expect(await refusal('{"error_code": 1, "result": null}')).toMatch(/"result" of the wrapper is null, not an array/);
    expect(await refusal(`{"message": " ${escaped('{"result": [1')}"}`)).toMatch(/JSON syntax error in the "message" string/);
    expect(await refusal(`{"message": "${escaped('[{"a": 1}, 2')}"}`)).toMatch(/"message" string/);
  });

  it('yields nothing for an empty input', async () => {
    expect(await readAll(Readable.from([]))).toEqual({ packages: [] });
    expect(await readAll(Readable.from([' \n\t\r\n ']))).toEqual({ packages: [] });
    expect(await readAll(Readable.from(['\ufeff']))).toEqual({ packages: [] });
  });

  it('reads input cut into chunks of a few bytes, through characters and escapes', async () => {
    const tricky = { ...b, name: 'Chứng thực bản sao "từ bản chính" \\ ệ 😀 \u0001', tab: '\t', slash: '/' };
    const inner = JSON.stringify({ error_code: '00', result: [tricky, a] });
    // Characters outside the BMP as \u escape pairs: the outer string then yields each half on its own.
    const message = escaped(inner).replace(/[\u{10000}-\u{10ffff}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}\\u${c.charCodeAt(1).toString(16)}`);
    expect(message).toContain('\\ud83d\\ude00');
    const text = `\ufeff[${JSON.stringify(tricky)}]\n{"Result": [${JSON.stringify(a)}]}\n{"message": "${message}"}`;
    const { packages, error } = await readAll(tinyChunks(text));
    expect(error).toBeUndefined();
    expect(packages.map((read) => ('value' in read ? read.value : read))).toEqual([tricky, a, tricky, a]);
  });

  it('reads only as far as the consumer has got, and lets go of the input when it stops', async () => {
    let pulled = 0;
    let finished = false;
    async function* lazy(): AsyncGenerator<string> {
      try {
        yield '[';
        for (let i = 0; i < 100_000; i++) {
          pulled++;
          yield `${i ? ',' : ''}{"code": "${i}"}`;
        }
        yield ']';
      } finally {
        finished = true;
      }
    }
    const packages = readPackages(lazy());
    expect((await packages.next()).value).toEqual({ index: 0, value: { code: '0' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(1000);
    await packages.return(undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(finished).toBe(true);

    const stream = Readable.from(lazy());
    for await (const read of readPackages(stream)) if (read.index === 5) break;
    expect(stream.destroyed).toBe(true);

    let messageFinished = false;
    async function* message(): AsyncGenerator<string> {
      try {
        yield '{"message": "[';
        for (let i = 0; i < 100_000; i++) yield `${i ? ',' : ''}${escaped(JSON.stringify(a))}`;
        yield ']"}';
      } finally {
        messageFinished = true;
      }
    }
    for await (const read of readPackages(message())) if (read.index === 5) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(messageFinished).toBe(true);
  });

  it('passes the failures of the input itself on as they are', async () => {
    const failure = new Error('connection reset');
    async function* broken(): AsyncGenerator<string> {
      yield `[${JSON.stringify(a)},`;
      throw failure;
    }
    const { packages, error } = await readAll(broken());
    expect(packages).toEqual([{ index: 0, value: a }]);
    expect(error).toBe(failure);
  });

  describe('in constant memory', () => {
    // Collecting before each measure shows what is kept; without a collector, the peak of the garbage is measured instead.
    const gc = ((): (() => void) | undefined => {
      try {
        v8.setFlagsFromString('--expose-gc');
        return vm.runInNewContext('gc') as () => void;
      } catch {
        return undefined;
      }
    })();
    const limit = gc ? 25 * 1024 * 1024 : 100 * 1024 * 1024;
    const COUNT = 50_000;
    const packageText = (i: number): string =>
      JSON.stringify({
        code: `2.${String(i).padStart(6, '0')}`,
        name: `Thủ tục hành chính số ${i}`,
        documents: Array.from({ length: 8 }, (_, k) => ({ name: `Giấy tờ ${k}: ${'Bản sao có chứng thực '.repeat(8)}`, originals: k, copies: 1 })),
      });

    /** The packages in batches of about 64 KB, as a file or socket gives them, made only as they are read. */
    async function* batches(wrap: (json: string) => string): AsyncGenerator<string> {
      for (let i = 0; i < COUNT; i += 32) {
        const texts = Array.from({ length: Math.min(32, COUNT - i) }, (_, k) => packageText(i + k));
        yield wrap((i === 0 ? '' : ',') + texts.join(','));
      }
    }

    async function* lazyInput(shape: 'array' | 'message', sizes: { bytes: number }): AsyncGenerator<string> {
      const wrap = shape === 'array' ? (json: string) => json : escaped;
      const parts = shape === 'array' ? ['[', ']'] : [`{"error_code": "00", "message": "${escaped('{"result": [')}`, `${escaped(']}')}"}`];
      yield parts[0];
      for await (const text of batches(wrap)) {
        sizes.bytes += text.length;
        yield text;
      }
      yield parts[1];
    }

    it.each(['array', 'message'] as const)('reads a large input in the %s shape', async (shape) => {
      const sizes = { bytes: 0 };
      gc?.();
      const start = process.memoryUsage().heapUsed;
      let peak = 0;
      let count = 0;
      for await (const read of readPackages(lazyInput(shape, sizes))) {
        if (!('value' in read) || read.index !== count) throw new Error(`package ${count} read as ${JSON.stringify(read)}`);
        count++;
        if (count % (gc ? 3000 : 100) === 0) {
          gc?.();
          peak = Math.max(peak, process.memoryUsage().heapUsed - start);
        }
      }
      expect(count).toBe(COUNT);
      expect(sizes.bytes).toBeGreaterThan(90_000_000);
      expect(peak).toBeLessThan(limit);
      console.info(`${shape}: ${(sizes.bytes / 1e6).toFixed(0)} MB read, heap grew at most ${(peak / 1e6).toFixed(1)} MB`);
    });
  });
});
