import { catalogueKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The portal's pages over HTTP (no browser): what they answer, their headers, and what they do
 * with hostile input: a 4xx page with a stable code, never a 5xx, and text from the catalogue or
 * the URL never turned into markup.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${t.base}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
};

describe('pages', () => {
  it.each([
    '/',
    '/?q=khai+sinh&cap=COMMUNE&motcua=1&mienphi=1',
    '/thu-tuc/1.001193',
    '/thong-ke',
    '/thong-ke?donvi=17641&tu=2024-01-01&den=2024-06-30',
    '/du-lieu',
    '/thay-doi',
  ])('%s: Vietnamese HTML, revalidated, under a policy that runs only our own scripts', async (path) => {
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/^<!doctype html><html lang="vi">/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Every script is one of the built bundles, by a versioned URL; no inline script runs.
    for (const [, src] of page.body.matchAll(/<script type="module" src="([^"]+)"/g)) expect(src).toMatch(/^\/assets\/(search|statistics)\.js\?v=[\w-]{16}$/);
    expect(page.body).not.toMatch(/<script(?![^>]*(type="module" src=|type="application\/json"))/);
    expect(t.loggedErrors).toEqual([]);
  });

  it('a commune has no ranking of sub-units; a district ranks its communes', async () => {
    expect((await get('/thong-ke?donvi=17641&tu=2024-01-01&den=2024-06-30')).body).not.toContain('id="xep-hang"');
    expect((await get('/thong-ke?donvi=427&tu=2024-01-01&den=2024-06-30')).body).toContain('id="xep-hang"');
  });

  it('without JavaScript the picker still works a step at a time: a district of another province is dropped', async () => {
    // The form sent after the province was changed from Nghệ An (40) to Lạng Sơn (20), district still Đô Lương.
    const page = await get('/thong-ke?tinh=20&huyen=427&xa=&tu=2025-01-01&den=2025-03-31');
    expect(page.body).toContain('<h2 id="don-vi">Tỉnh Lạng Sơn, 01/01/2025 – 31/03/2025</h2>');
    expect(page.body).toMatch(/<option value="20" selected>/);
    const district = await get('/thong-ke?tinh=40&huyen=427&xa=&tu=2024-01-01&den=2024-06-30');
    expect(district.body).toContain('Huyện Đô Lương, 01/01/2024 – 30/06/2024');
    expect(district.body).toMatch(/<select name="xa" id="xa">.*<option value="17641"\s*>/s);
  });

  it('HEAD answers like GET without a body; pages are compressed when the client can read it', async () => {
    const head = await fetch(`${t.base}/thu-tuc/1.001193`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const compressed = await fetch(`${t.base}/du-lieu`, { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
  });
});

describe('refusals', () => {
  it.each([
    ['/?cap=EVERYWHERE', 400, 'BAD_USER_INPUT'],
    [`/?q=${'a'.repeat(201)}`, 400, 'BAD_USER_INPUT'],
    [`/?${Array.from({ length: 21 }, (_, i) => `linhvuc=f${i}`).join('&')}`, 400, 'BAD_USER_INPUT'],
    ['/?linhvuc=%3Cscript%3E', 400, 'BAD_USER_INPUT'],
    ['/?motcua=maybe', 400, 'BAD_USER_INPUT'],
    ['/?sau=not-a-cursor', 400, 'BAD_USER_INPUT'],
    ['/thu-tuc/9.999999', 404, 'NOT_FOUND'],
    ['/thu-tuc/%3Cb%3E', 404, 'NOT_FOUND'],
    [`/thu-tuc/${'1'.repeat(41)}`, 404, 'NOT_FOUND'],
    ['/thong-ke?donvi=abc', 400, 'BAD_USER_INPUT'],
    ['/thong-ke?donvi=999999', 404, 'NOT_FOUND'],
    ['/thong-ke?donvi=427&tu=2024-02-30&den=2024-06-30', 400, 'BAD_USER_INPUT'],
    ['/thong-ke?donvi=427&tu=2024-06-30&den=2024-01-01', 400, 'BAD_USER_INPUT'],
    ['/thong-ke?donvi=427&tu=2000-01-01&den=2024-01-01', 400, 'BAD_USER_INPUT'],
    ['/thong-ke?donvi=427&xephang=DROP', 400, 'BAD_USER_INPUT'],
    ['/thay-doi?sau=forged', 400, 'BAD_USER_INPUT'],
  ])('%s → %i %s, as a page that says what to do', async (path, status, code) => {
    const page = await get(path);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain(`<code>${code}</code>`);
    expect(page.body).toContain('<a href="/">Về trang tra cứu thủ tục</a>');
    expect(t.loggedErrors).toEqual([]);
  });

  it('what the URL says is shown as text, never as markup', async () => {
    const page = await get(`/?q=${encodeURIComponent('<img src=x onerror=alert(1)>"')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('what an agency typed is shown as text: a name and a fee description with markup, on the procedure page and in the changes', async () => {
    const key = await catalogueKey(t.db.sql, { province: true }, 'Văn phòng UBND tỉnh');
    const { data } = await t.query(`{ procedure(code: "1.001193") { version } }`);
    const hostile = 'Đăng ký khai sinh <script>alert("x")</script>';
    const edit = await t.query(
      `mutation ($v: Int!, $patch: ProcedurePatch!) { updateProcedure(code: "1.001193", expectedVersion: $v, patch: $patch) { outcome errors { message } } }`,
      {
        v: data!.procedure.version,
        patch: {
          name: hostile,
          channels: [
            {
              channel: 'IN_PERSON',
              timeValue: 1,
              timeUnit: 'WORKING_DAY',
              timeDescription: 'Trong ngày',
              fees: [{ kind: 'CHARGE', amountVnd: 0, description: '<a href="javascript:alert(1)">miễn</a>' }],
            },
          ],
        },
      },
      { authorization: `Bearer ${key}` },
    );
    expect(edit.data!.updateProcedure).toEqual({ outcome: 'CHANGED', errors: [] });
    const page = await get('/thu-tuc/1.001193');
    expect(page.body).toContain('<h1>Đăng ký khai sinh &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>');
    expect(page.body).toContain('&lt;a href=&quot;javascript:alert(1)&quot;&gt;miễn&lt;/a&gt;');
    expect(page.body).not.toContain('<script>alert');
    // The new version is in the page's history, in force today, and first on the changes page.
    expect(page.body).toMatch(/<td class="number">2<\/td>\s*<td>Sửa đổi, bổ sung/);
    const changes = await get('/thay-doi');
    const first = changes.body.indexOf('<li class="change">');
    expect(changes.body.slice(first, first + 600)).toContain('Đăng ký khai sinh &lt;script&gt;');
    expect(changes.body).toContain('Văn phòng UBND tỉnh');
  });
});

describe('assets', () => {
  it('a versioned URL is kept for a year; its ETag answers 304; a name not built is 404', async () => {
    const home = await get('/');
    const src = home.body.match(/<script type="module" src="([^"]+)"/)![1];
    const script = await fetch(`${t.base}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-encoding')).toBe('gzip');
    const etag = script.headers.get('etag')!;
    expect((await fetch(`${t.base}${src}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // Without the version the browser must check each time: the file changes with each build.
    expect((await fetch(`${t.base}/assets/search.js`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${t.base}/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${t.base}/assets/secret.js`)).status).toBe(404);
  });
});
