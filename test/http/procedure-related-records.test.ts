import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, type TestApp } from '../support/test-app';

// A procedure's related records are read with it, for the fields the client selects: these are
// the ways a client can select them, each of which must bring them.
let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const CODE = '1.001193';

/** The record as the database holds it, to compare each way of asking with. */
async function expected() {
  const [row] = await t.db.sql.rows<{ field: string; agency: string; channels: string[]; documents: number; steps: number; laws: string[] }>(
    `SELECT f.code AS field, a.code AS agency,
            (SELECT array_agg(channel ORDER BY CASE channel WHEN 'IN_PERSON' THEN 1 WHEN 'ONLINE' THEN 2 ELSE 3 END)
               FROM procedure_channel WHERE procedure_id = p.id) AS channels,
            (SELECT count(*)::int FROM required_document WHERE procedure_id = p.id) AS documents,
            (SELECT count(*)::int FROM procedure_step WHERE procedure_id = p.id) AS steps,
            (SELECT array_agg(l.number ORDER BY b.position) FROM procedure_legal_basis b
               JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id) AS laws
       FROM procedure p JOIN field f ON f.id = p.field_id JOIN agency a ON a.id = p.implementing_agency_id
      WHERE p.code = $1`,
    [CODE],
  );
  return row;
}

const plain = (p: any) => ({
  field: p.field.code,
  agency: p.implementingAgency.code,
  channels: p.channels.map((c: any) => c.channel),
  documents: p.requiredDocuments.length,
  steps: p.steps.length,
  laws: p.legalBasis.map((l: any) => l.number),
});

const ALL = `field { code } implementingAgency { code } channels { channel } requiredDocuments { name } steps { position } legalBasis { number }`;

describe('related records of a procedure', () => {
  it('come with a procedure asked by code, through a named fragment', async () => {
    const { data, errors } = await t.query(
      `query ($code: String!) { procedure(code: $code) { ...Record } }
      fragment Record on Procedure { ${ALL} }`,
      { code: CODE },
    );
    expect(errors).toBeUndefined();
    expect(plain(data!.procedure)).toEqual(await expected());
  });

  it('come with a node, through an inline fragment on its type', async () => {
    const { data, errors } = await t.query(`query ($id: ID!) { node(id: $id) { ... on Procedure { ${ALL} } } }`, {
      id: toGlobalId('Procedure', CODE),
    });
    expect(errors).toBeUndefined();
    expect(plain(data!.node)).toEqual(await expected());
  });

  it('come with the nodes of a page, under aliases', async () => {
    const { data, errors } = await t.query(
      `query ($code: String!) { list: procedures(search: $code, first: 1) {
      e: edges { n: node { f: field { code } ...Rest } } } }
      fragment Rest on Procedure { field { code } implementingAgency { code } channels { channel }
        requiredDocuments { name } steps { position } legalBasis { number } }`,
      { code: CODE },
    );
    expect(errors).toBeUndefined();
    expect(plain(data!.list.e[0].n)).toEqual(await expected());
    expect(data!.list.e[0].n.f.code).toBe((await expected()).field);
  });

  it('come for each operation of a document, as its own selection merges a fragment it shares with another', async () => {
    // Both operations reach the procedure through Lookup's field; only Whole adds the related records to it.
    const query = `query Codes($code: String!) { ...Lookup }
      query Whole($code: String!) { ...Lookup procedure(code: $code) { ${ALL} } }
      fragment Lookup on Query { procedure(code: $code) { code } }`;
    const run = async (operationName: string) => {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName, variables: { code: CODE } }),
      });
      const { data, errors } = (await response.json()) as { data: any; errors?: unknown };
      expect(errors).toBeUndefined();
      return data.procedure;
    };
    expect(await run('Codes')).toEqual({ code: CODE });
    expect(plain(await run('Whole'))).toEqual(await expected());
  });

  it('come when a directive includes them', async () => {
    const QUERY = `query ($code: String!, $more: Boolean!) { procedure(code: $code) {
      code channels @include(if: $more) { channel } steps @skip(if: $more) { position } } }`;
    const shown = await t.query(QUERY, { code: CODE, more: true });
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.procedure.channels.map((c: any) => c.channel)).toEqual((await expected()).channels);
    expect(shown.data!.procedure.steps).toBeUndefined();
    const hidden = await t.query(QUERY, { code: CODE, more: false });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!.procedure.steps).toHaveLength((await expected()).steps);
  });
});
