import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from './chromium';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The portal and the dashboard in a real browser (headless Chromium driven by Playwright), against
 * the real server on the seeded database: what a citizen and a journalist do, by keyboard and
 * mouse, with JavaScript on and off, at desktop and phone widths.
 */
let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/** An element's text as a reader sees it: the markup's line breaks and indentation collapsed. */
const visible = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Waits until the element's visible text is `text` (results render after the API answers). */
const waitForText = (page: Page, selector: string, text: string) =>
  page.waitForFunction(
    ([selector, text]) => (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim() === text,
    [selector, text] as const,
    {
      timeout: 10_000,
    },
  );

const PAGES = ['/', '/?q=khai+sinh&cap=COMMUNE', '/thu-tuc/1.001193', '/thong-ke', '/thong-ke?donvi=427&tu=2024-01-01&den=2024-06-30', '/du-lieu', '/thay-doi'];

describe('search with type-ahead', () => {
  test('"dang ky khai sinh" without diacritics, first suggestion chosen by keyboard, lands on the procedure with its fees and documents', async () => {
    const page = await newPage();
    await page.goto(`${t.base}/`);
    await page.locator('#q').focus();
    await page.keyboard.type('dang ky khai sinh', { delay: 20 });
    const options = page.locator('#goi-y [role="option"]');
    await options.first().waitFor();
    await expect(page.locator('#q').getAttribute('aria-expanded')).resolves.toBe('true');
    const firstCode = await options.first().getAttribute('data-code');
    const firstName = await options.first().locator('.name').textContent();
    expect(firstName).toMatch(/^Đăng ký khai sinh/);

    // Escape closes the list; typing again reopens it.
    await page.keyboard.press('Escape');
    await expect(page.locator('#goi-y').isHidden()).resolves.toBe(true);
    await page.keyboard.type(' ');
    await page.keyboard.press('Backspace');
    await options.first().waitFor();

    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#q').getAttribute('aria-activedescendant')).resolves.toBe('goi-y-0');
    await expect(options.first().getAttribute('aria-selected')).resolves.toBe('true');
    await Promise.all([page.waitForURL(`${t.base}/thu-tuc/${firstCode}`), page.keyboard.press('Enter')]);

    const { data } = await t.query(`query ($code: String!) { procedure(code: $code) { name channels { fees { description } } requiredDocuments { name } } }`, {
      code: firstCode,
    });
    await expect(page.locator('h1').textContent()).resolves.toBe(data!.procedure.name);
    const fees = page.locator('#cach-thuc').locator('..');
    for (const channel of data!.procedure.channels) for (const fee of channel.fees) await expect(fees.textContent()).resolves.toContain(fee.description);
    await expect(page.locator('.channel').first().textContent()).resolves.toMatch(/Lệ phí: (Không thu|[\d.]+ đồng)/);
    const documents = await page.locator('#ho-so').locator('..').locator('tbody tr td:first-child').allTextContents();
    expect(documents.map((cell) => cell.trim())).toEqual(
      data!.procedure.requiredDocuments.map((document: { name: string }) => expect.stringContaining(document.name) as unknown as string),
    );
    await page.context().close();
  });

  test('a facet click changes results, counts and URL without a reload, and Back restores them', async () => {
    const page = await newPage();
    await page.goto(`${t.base}/?q=khai+sinh`);
    const heading = page.locator('#results-heading');
    const before = visible(await heading.textContent());
    const { data: all } = await t.query(`{ procedures(search: "khai sinh") { totalCount } }`);
    const { data: commune } = await t.query(`{ procedures(search: "khai sinh", filter: { levels: [COMMUNE] }) { totalCount } }`);
    expect(commune!.procedures.totalCount).toBeLessThan(all!.procedures.totalCount);
    expect(before).toContain(`Tìm thấy ${all!.procedures.totalCount} thủ tục`);
    const fieldCountBefore = await page.locator('.facet', { hasText: 'Lĩnh vực' }).locator('a').first().textContent();

    await page.evaluate(() => ((window as any).notReloaded = true));
    const asked = page.waitForRequest((request) => request.url().endsWith('/graphql') && request.method() === 'POST');
    await page.locator('.facet a', { hasText: 'Cấp xã' }).click();
    await asked;
    await page.waitForURL(/cap=COMMUNE/);
    await waitForText(page, '#results-heading', `Tìm thấy ${commune!.procedures.totalCount} thủ tục cho “khai sinh”`);
    await expect(page.evaluate(() => (window as any).notReloaded)).resolves.toBe(true);
    await expect(page.locator('.facet a[aria-current="true"]').textContent()).resolves.toContain('Cấp xã');
    const levels = await page.locator('.result .meta:first-of-type').allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    for (const line of levels) expect(line).toContain('Cấp xã');
    // The other groups' counts follow the choice: the field counts are now of commune procedures.
    expect(await page.locator('.facet', { hasText: 'Lĩnh vực' }).locator('a').first().textContent()).not.toBe(fieldCountBefore);

    await page.goBack();
    await page.waitForURL(`${t.base}/?q=khai+sinh`);
    await waitForText(page, '#results-heading', before);
    await expect(page.locator('.facet a[aria-current="true"]').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as any).notReloaded)).resolves.toBe(true);

    // The URL alone brings the state back (shareable).
    const shared = await newPage();
    await shared.goto(`${t.base}/?q=khai+sinh&cap=COMMUNE`);
    expect(visible(await shared.locator('#results-heading').textContent())).toBe(`Tìm thấy ${commune!.procedures.totalCount} thủ tục cho “khai sinh”`);
    await shared.context().close();
    await page.context().close();
  });
});

test('the procedure page reads completely with JavaScript off', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${t.base}/thu-tuc/1.001193`);
  const { data } = await t.query(`{ procedure(code: "1.001193") {
    name code implementingAgency { name } channels { processingTime { description } fees { description } }
    requiredDocuments { name } steps { description } legalBasis { number title } results
  } procedureHistory(code: "1.001193") { totalCount } }`);
  const procedure = data!.procedure;
  const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
  const squeeze = (value: string) => value.replace(/\s+/g, ' ').trim();
  for (const value of [
    procedure.name,
    procedure.code,
    procedure.implementingAgency.name,
    ...procedure.channels.flatMap((channel: any) => [channel.processingTime.description, ...channel.fees.map((fee: any) => fee.description)]),
    ...procedure.requiredDocuments.map((document: any) => document.name),
    ...procedure.steps.map((step: any) => step.description),
    ...procedure.legalBasis.flatMap((act: any) => [act.number, act.title]),
    ...procedure.results,
  ])
    expect(text).toContain(squeeze(value));
  await expect(page.locator('#lich-su ~ table tbody tr, #lich-su + table tbody tr').count()).resolves.toBe(data!.procedureHistory.totalCount);
  await expect(page.locator('script[type="module"]').count()).resolves.toBe(0);
  await page.context().close();
});

test('the dashboard: choose Đô Lương through the picker; 6.609 received, on time 6.158 / 6.425, six monthly points, the published claims beside the computed values', async () => {
  const page = await newPage();
  await page.goto(`${t.base}/thong-ke`);
  await page.selectOption('#tinh', '40');
  // The districts come from the API as soon as the province is chosen.
  await page.locator('#huyen option[value="427"]').waitFor({ state: 'attached' });
  await page.selectOption('#huyen', '427');
  await page.fill('#tu', '2024-01-01');
  await page.fill('#den', '2024-06-30');
  await Promise.all([page.waitForURL(/huyen=427/), page.click('.unit-picker button[type="submit"]')]);

  await expect(page.locator('#don-vi').textContent()).resolves.toBe('Huyện Đô Lương, 01/01/2024 – 30/06/2024');
  const received = page.locator('tr[data-figure="received"] td').first();
  await expect(received.textContent()).resolves.toBe('6.609');
  const onTime = await page.locator('tr[data-figure="onTimeRate"] td').allTextContents();
  expect(onTime).toEqual(['6.158', '6.425', '95,84 %']);
  await expect(page.locator('.notice.representative').first().textContent()).resolves.toContain('hồ sơ mẫu');

  // The chart: six monthly points drawn by uPlot on a canvas that is not blank, and the same six in the table.
  await expect(page.locator('#bieu-do').getAttribute('data-points')).resolves.toBe('6');
  const painted = await page.locator('#bieu-do canvas').evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return inked;
  });
  expect(painted).toBeGreaterThan(1000);
  await expect(page.locator('table.series tbody tr').count()).resolves.toBe(6);

  // Claims beside computed values: one that agrees, one that does not, with its explanation.
  const claim = (metric: string) => page.locator(`tr[data-metric="${metric}"]`).first().locator('td');
  await expect(claim('dossiers_received').allTextContents()).resolves.toEqual([
    '01/01/2024 – 30/06/2024',
    '6.609',
    '6.609',
    'Khớp',
    expect.stringContaining('Nghe An Newspaper 2024'),
  ]);
  const disagreement = await claim('district_level_dossiers_received').allTextContents();
  expect(disagreement.slice(1, 4)).toEqual(['1.087', '1.016', 'Không khớp']);
  expect(disagreement[4]).toContain('lệch 71');
  expect(disagreement[4]).toContain('do not add up');
  await expect(claim('transparency_pct').nth(3).textContent()).resolves.toBe('Không tính được');

  // The ranking of its communes states its tie rule; the Decision 766 index shows what cannot be computed.
  await expect(page.locator('#xep-hang').locator('..').textContent()).resolves.toContain('cùng hạng');
  await expect(page.locator('table.ranking tbody tr').count()).resolves.toBeGreaterThan(10);
  await expect(page.locator('#chi-so-766').locator('..').textContent()).resolves.toContain('Không tính được');
  await page.context().close();
});

test('Anh Sơn, first nine months of 2024: the representative dossiers reproduce its consistent claims', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${t.base}/thong-ke?donvi=424&tu=2024-01-01&den=2024-09-30`);
  const verdicts: Record<string, string> = {};
  for (const row of await page.locator('table.claims tbody tr').all())
    verdicts[(await row.getAttribute('data-metric'))!] = (await row.locator('td').nth(3).textContent())!;
  expect(verdicts).toMatchObject({
    dossiers_received_online: 'Khớp',
    dossiers_received_direct: 'Khớp',
    online_rate_pct: 'Khớp',
    district_level_on_time_rate_pct: 'Khớp',
    commune_level_on_time_rate_pct: 'Khớp',
    digitization_on_receipt_pct: 'Khớp',
    result_digitization_pct: 'Khớp',
    dossiers_received: 'Không khớp',
  });
  await page.context().close();
});

test('axe-core finds no serious or critical violation on any page', async () => {
  const page = await newPage();
  for (const path of PAGES) {
    await page.goto(`${t.base}${path}`);
    expect({ path, violations: await seriousAccessibilityViolations(page) }).toEqual({ path, violations: [] });
  }
  // With the type-ahead's list open too.
  await page.goto(`${t.base}/`);
  await page.locator('#q').fill('khai sinh');
  await page.locator('#goi-y [role="option"]').first().waitFor();
  await page.keyboard.press('ArrowDown');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.context().close();
});

test('every page at 360 px wide: no horizontal scrolling', async () => {
  const page = await newPage({ width: 360 });
  for (const path of PAGES) {
    await page.goto(`${t.base}${path}`);
    await page.waitForLoadState('networkidle');
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect({ path, ...widths }).toEqual({ path, page: 360, viewport: 360 });
  }
  await page.context().close();
});

test('JavaScript on every page: at most 60 kB gzipped', async () => {
  const page = await newPage();
  for (const path of PAGES) {
    const scripts: Promise<Buffer>[] = [];
    const collect = (response: any) => {
      if (response.request().resourceType() === 'script') scripts.push(response.body());
    };
    page.on('response', collect);
    await page.goto(`${t.base}${path}`);
    await page.waitForLoadState('networkidle');
    page.off('response', collect);
    const gzipped = (await Promise.all(scripts)).reduce((sum, body) => sum + zlib.gzipSync(body, { level: 9 }).length, 0);
    expect({ path, under: gzipped <= 60 * 1024 }).toEqual({ path, under: true });
  }
  await page.context().close();
});
