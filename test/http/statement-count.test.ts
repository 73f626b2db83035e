import { statementCount } from '../../src/db/sql';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const FULL_PAGE = `query ($first: Int!) {
  procedures(first: $first) {
    totalCount
    edges { node {
      code name level isOneStop onlineServiceLevel subjects results minProcessingDays isFree minFeeVnd
      field { code name procedureCount }
      implementingAgency { code name unit { code name parent { code } } }
      channels { channel processingTime { value unit description } fees { kind amountVnd description } }
      requiredDocuments { caseName name originals copies isRequired formName formUrl }
      steps { position description }
      legalBasis { number title issuer issuedOn }
    } }
  }
}`;

async function statementsFor(first: number): Promise<number> {
  const before = statementCount();
  const { data, errors } = await t.query(FULL_PAGE, { first });
  expect(errors).toBeUndefined();
  expect(data!.procedures.edges).toHaveLength(first);
  return statementCount() - before;
}

describe('SQL statements per request', () => {
  it('a page of 100 procedures with every child costs what a page of 1 costs', async () => {
    const one = await statementsFor(1);
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten).toBe(one);
    expect(hundred).toBe(one);
    // the catalogue version (for the response cache), the page with every procedure's related
    // records, the count, and one per loader: field counts, agency units, their parents
    expect(hundred).toBeLessThanOrEqual(6);
  });

  it('a search page and its count: the vocabulary, and the page that counts a small result itself', async () => {
    const search = `query ($q: String!) { procedures(search: $q, first: 5) { totalCount edges { node { code } } } }`;
    // Each text once: the response cache answers none of them.
    const expected = { 'khai sinh': 3, 'cap giay phep xay': 3, 'dang ky khai sibh': 4 };
    for (const [q, statements] of Object.entries(expected)) {
      const before = statementCount();
      const { data, errors } = await t.query(search, { q });
      expect(errors).toBeUndefined();
      expect(data!.procedures.totalCount).toBeGreaterThan(5);
      expect(data!.procedures.edges).toHaveLength(5);
      // the catalogue version (for the response cache), the vocabulary (typos, completions,
      // documents), the page; a corrected word ("sibh") looks its documents up again
      expect(statementCount() - before).toBe(statements);
    }
  });

  it('a search asked again, for another page, costs its page alone: its vocabulary is remembered', async () => {
    const search = `query ($q: String!, $first: Int!) { procedures(search: $q, first: $first) { totalCount edges { node { code } } } }`;
    for (const q of ['ho tich khai tu', 'cap ban sao trich lucc']) {
      const first = statementCount();
      expect((await t.query(search, { q, first: 3 })).errors).toBeUndefined();
      const firstStatements = statementCount() - first;
      const again = statementCount();
      const { data, errors } = await t.query(search, { q, first: 4 });
      expect(errors).toBeUndefined();
      expect(data!.procedures.edges.length).toBeGreaterThan(0);
      // the catalogue version (for the response cache) and the page, which checks the vocabulary's version
      expect(statementCount() - again).toBe(2);
      expect(firstStatements).toBeGreaterThan(2);
    }
  });

  it('children really come back for every procedure', async () => {
    const { data } = await t.query(FULL_PAGE, { first: 100 });
    for (const { node } of data!.procedures.edges) {
      expect(node.channels.length).toBeGreaterThan(0);
      expect(node.requiredDocuments.length).toBeGreaterThan(0);
      expect(node.steps.length).toBeGreaterThan(0);
      expect(node.field.code).toBeTruthy();
      expect(node.implementingAgency.unit.code).toBeTruthy();
    }
  });
});
