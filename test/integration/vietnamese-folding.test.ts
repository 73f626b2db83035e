import { lowerWords, searchTokens } from '../../src/catalogue/search/vietnamese-text';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

/**
 * The search folds what a citizen types in TypeScript and the catalogue's text in SQL; a word
 * that folded differently on the two sides could never be found. These tests hold the two to the
 * same result over every name the catalogue has, plus the awkward cases.
 */
let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db?.drop());

const AWKWARD = [
  'ĐĂNG KÝ KHAI SINH',
  'Đăng ký khai sinh'.normalize('NFD'),
  'Cấp lại Giấy phép (bản sao) – “đặc biệt”; số 12/2024/NĐ-CP',
  'Thủ tục  với   nhiều    khoảng trắng',
  'quý, thủy, hủy, lý, kỹ',
  'Hòa giải tranh chấp đất đai',
  'Ỷ Ỹ ỵ',
];

async function sqlRows(texts: string[]) {
  return db.sql.rows<{ text: string; words: string; lower: string }>(
    `SELECT t AS text, vn_words(t) AS words, vn_lower_words(t) AS lower FROM unnest($1::text[]) AS t`,
    [texts],
  );
}

describe('folding in SQL and in TypeScript', () => {
  it('agree on every name, field and agency of the catalogue, and on awkward text', async () => {
    const names = await db.sql.rows<{ name: string }>(`SELECT name FROM procedure UNION SELECT name FROM field UNION SELECT name FROM agency`);
    const texts = [...names.map((n) => n.name), ...AWKWARD];
    expect(texts.length).toBeGreaterThan(1800);
    const mismatches = (await sqlRows(texts)).filter(
      (r) => r.words !== ` ${searchTokens(r.text).join(' ')} ` || r.lower !== ` ${lowerWords(r.text).join(' ')} `,
    );
    expect(mismatches).toEqual([]);
  });

  it('fold đ to d, y to i, and decomposed marks like composed ones', async () => {
    const [row] = await sqlRows(['Đăng ký QUÝ'.normalize('NFD')]);
    expect(row.words).toBe(' dang ki qui ');
    expect(row.lower).toBe(' đăng ký quý ');
  });
});
