import * as jsonld from 'jsonld';
import { dcatCatalog, type DatasetEntry, type DistributionEntry } from '../../../src/opendata/dcat';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const IANA = 'https://www.iana.org/assignments/media-types/';
const BASE = 'https://tthc.example.vn';

/** DCAT-AP 3.0's `sh:minCount 1` properties (releases/3.0.0/shacl/dcat-ap-SHACL.ttl), plus the catalogue's datasets. */
const MANDATORY = {
  catalog: [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}dataset`],
  dataset: [`${DCT}title`, `${DCT}description`],
  distribution: [`${DCAT}accessURL`],
  agent: [`${FOAF}name`],
};

const file = (format: string, mediaType: string, byteSize: number | null): DistributionEntry => ({
  format,
  mediaType,
  url: `${BASE}/opendata/x.${format}`,
  byteSize,
  title: format.toUpperCase(),
});

const DATASETS: DatasetEntry[] = [
  {
    id: 'procedures',
    title: { vi: 'Danh mục thủ tục hành chính', en: 'Administrative procedures' },
    description: { vi: 'Mỗi dòng là một thủ tục.', en: 'One row per procedure.' },
    distributions: [
      file('csv', 'text/csv; charset=utf-8; header=present', 1234),
      file('ndjson', 'application/x-ndjson; charset=utf-8', null),
      file('parquet', 'application/vnd.apache.parquet', 0),
    ],
    temporal: null,
    modified: '2025-01-15T03:00:00.000Z',
  },
  {
    id: 'dossier-statistics',
    title: { vi: 'Thống kê hồ sơ', en: 'Dossier statistics' },
    description: { vi: 'Số hồ sơ theo tháng.', en: 'Dossiers by month.' },
    distributions: [file('csv', 'text/csv', null), file('jsonld', 'application/ld+json', 99)],
    temporal: { start: '2023-01-01', end: '2024-12-31' },
    modified: null,
    keywords: ['thống kê', 'statistics'],
  },
];

const offline = async (url: string): Promise<never> => {
  throw new Error(`no fetch allowed: ${url}`);
};

const ids = (values: any[] | undefined) => (values ?? []).map((v) => v['@id']);

describe('dcatCatalog', () => {
  let nodes: Map<string, any>;
  let catalog: any;
  let datasets: any[];
  const node = (id: string) => nodes.get(id);

  beforeAll(async () => {
    const document = dcatCatalog(DATASETS, { base: BASE, modified: '2025-01-15T03:00:00.000Z', spatial: { code: '20', name: 'Tỉnh Lạng Sơn' } });
    // Through JSON, as it is served.
    const expanded: any[] = await jsonld.expand(JSON.parse(JSON.stringify(document)), { documentLoader: offline });
    nodes = new Map(expanded.map((n) => [n['@id'], n]));
    catalog = expanded.find((n) => n['@type']?.includes(`${DCAT}Catalog`));
    datasets = catalog[`${DCAT}dataset`];
  });

  it('has a catalogue with its mandatory properties and a publisher with a name', () => {
    for (const property of MANDATORY.catalog) expect(catalog[property]?.length).toBeGreaterThan(0);
    expect(catalog[`${DCT}publisher`]).toHaveLength(1);
    const publisher = node(catalog[`${DCT}publisher`][0]['@id']);
    expect(publisher['@type']).toContain(`${FOAF}Agent`);
    for (const property of MANDATORY.agent) expect(publisher[property]?.length).toBeGreaterThan(0);
    expect(catalog[`${DCT}modified`]).toEqual([{ '@value': '2025-01-15T03:00:00.000Z', '@type': `${XSD}dateTime` }]);
    expect(ids(catalog[`${DCT}license`])).toEqual([CC_BY]);
    const [province] = ids(catalog[`${DCT}spatial`]);
    expect(node(province)['@type']).toContain(`${DCT}Location`);
  });

  it('gives every dataset its mandatory properties, in Vietnamese and English, with publisher and coverage', () => {
    expect(ids(datasets)).toEqual([`${BASE}/id/dataset/procedures`, `${BASE}/id/dataset/dossier-statistics`]);
    for (const dataset of datasets) {
      expect(dataset['@type']).toContain(`${DCAT}Dataset`);
      for (const property of MANDATORY.dataset) expect(dataset[property].map((v: any) => v['@language'])).toEqual(['vi', 'en']);
      expect(ids(dataset[`${DCT}publisher`])).toEqual(ids(catalog[`${DCT}publisher`]));
      expect(ids(dataset[`${DCT}spatial`])).toEqual(ids(catalog[`${DCT}spatial`]));
    }
    const [procedures, statistics] = datasets;
    expect(procedures[`${DCT}title`][0]).toEqual({ '@value': 'Danh mục thủ tục hành chính', '@language': 'vi' });
    expect(procedures[`${DCT}modified`]).toEqual([{ '@value': '2025-01-15T03:00:00.000Z', '@type': `${XSD}dateTime` }]);
    expect(procedures[`${DCT}temporal`]).toBeUndefined();
    expect(statistics[`${DCT}modified`]).toBeUndefined();
    const [period] = statistics[`${DCT}temporal`];
    expect(period['@type']).toEqual([`${DCT}PeriodOfTime`]);
    expect(period[`${DCAT}startDate`]).toEqual([{ '@value': '2023-01-01', '@type': `${XSD}date` }]);
    expect(period[`${DCAT}endDate`]).toEqual([{ '@value': '2024-12-31', '@type': `${XSD}date` }]);
    expect(statistics[`${DCAT}keyword`].map((k: any) => k['@value'])).toEqual(['thống kê', 'statistics']);
  });

  it('gives every distribution an access URL and the licence, and what is known of its file', () => {
    const distributions = datasets.flatMap((dataset) => dataset[`${DCAT}distribution`]);
    expect(distributions).toHaveLength(5);
    for (const distribution of distributions) {
      expect(distribution['@type']).toContain(`${DCAT}Distribution`);
      for (const property of MANDATORY.distribution) expect(distribution[property]).toHaveLength(1);
      expect(ids(distribution[`${DCT}license`])).toEqual([CC_BY]);
      expect(ids(distribution[`${DCAT}downloadURL`])).toEqual(ids(distribution[`${DCAT}accessURL`]));
    }
    const described = distributions.map((d) => ({
      url: ids(d[`${DCAT}downloadURL`])[0],
      mediaType: ids(d[`${DCAT}mediaType`])[0],
      format: ids(d[`${DCT}format`])[0],
      byteSize: d[`${DCAT}byteSize`],
    }));
    const size = (n: number) => [{ '@value': String(n), '@type': `${XSD}nonNegativeInteger` }];
    expect(described).toEqual([
      { url: `${BASE}/opendata/x.csv`, mediaType: `${IANA}text/csv`, format: `${FILE_TYPE}CSV`, byteSize: size(1234) },
      // Neither an EU file type nor an IANA registration for NDJSON: nothing rather than a wrong IRI.
      { url: `${BASE}/opendata/x.ndjson`, mediaType: undefined, format: undefined, byteSize: undefined },
      { url: `${BASE}/opendata/x.parquet`, mediaType: `${IANA}application/vnd.apache.parquet`, format: `${FILE_TYPE}PARQUET`, byteSize: size(0) },
      { url: `${BASE}/opendata/x.csv`, mediaType: `${IANA}text/csv`, format: `${FILE_TYPE}CSV`, byteSize: undefined },
      { url: `${BASE}/opendata/x.jsonld`, mediaType: `${IANA}application/ld+json`, format: `${FILE_TYPE}JSON_LD`, byteSize: size(99) },
    ]);
    expect(new Set(ids(distributions)).size).toBe(5);
  });
});
