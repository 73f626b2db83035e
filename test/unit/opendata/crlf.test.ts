import { crlf } from '../../../src/opendata/formats/crlf';

async function text(chunks: string[]): Promise<string> {
  let out = '';
  for await (const chunk of crlf(
    (async function* () {
      for (const c of chunks) yield Buffer.from(c);
    })(),
  ))
    out += chunk.toString();
  return out;
}

describe('crlf', () => {
  it('ends records with CRLF and keeps a line break inside a quoted field, across chunks', async () => {
    expect(await text(['code,name\n1,"a\nb"\n2,"say ""x""\n', 'still x"\n3,c\n'])).toBe('code,name\r\n1,"a\nb"\r\n2,"say ""x""\nstill x"\r\n3,c\r\n');
  });
});
