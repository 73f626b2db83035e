import * as jsonld from 'jsonld';
import { FeeKind, OnlineServiceLevel, ProcedureStatus, Subject, TimeUnit } from '../../../src/catalogue/catalogue.enums';
import type { PublishedProcedure } from '../../../src/catalogue/procedure-record.sql';
import { CPSV_MEDIA_TYPE, cpsvOf, type CpsvContext } from '../../../src/opendata/cpsv-ap';
import { isoDuration } from '../../../src/opendata/jsonld-context';
import { ChannelKind } from '../../../src/shared/channels';
import { AdministrativeLevel } from '../../../src/shared/levels';

const CPSV = 'http://purl.org/vocab/cpsv#';
const CV = 'http://data.europa.eu/m8g/';
const DCT = 'http://purl.org/dc/terms/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const VND = 'http://publications.europa.eu/resource/authority/currency/VND';
const BASE = 'https://tthc.example.vn';

/** CPSV-AP 3.2's `sh:minCount 1` properties, by class (releases/3.2.0/shacl/cpsv-ap-SHACL.ttl). */
const MANDATORY: Record<string, string[]> = {
  [`${CPSV}PublicService`]: [`${DCT}identifier`, `${DCT}title`, `${DCT}description`, `${CV}hasCompetentAuthority`],
  [`${CV}PublicOrganisation`]: [`${SKOS}prefLabel`, `${DCT}spatial`],
  [`${CV}Channel`]: [`${DCT}identifier`],
  [`${CV}Cost`]: [`${DCT}identifier`],
  [`${CV}Evidence`]: [`${DCT}identifier`, `${DCT}title`],
  [`${CV}Output`]: [`${DCT}identifier`, `${DCT}title`],
  [`${CPSV}Rule`]: [`${DCT}identifier`, `${DCT}title`, `${DCT}description`],
  [`${FOAF}Agent`]: [`${DCT}identifier`, `${DCT}title`],
  'http://www.w3.org/ns/dcat#Dataset': [`${DCT}title`, `${DCT}description`, `${DCT}publisher`],
};

const fee = (kind: FeeKind, amountVnd: number | null, description: string) => ({ kind, amountVnd, description });
const time = (value: number | null, unit: TimeUnit | null, description: string) => ({ value, unit, description });

function procedure(code: string, overrides: Partial<PublishedProcedure>): PublishedProcedure {
  return {
    id: `UHJvY2VkdXJlOj${code}`,
    code,
    version: 1,
    name: `Thủ tục ${code}`,
    nameEn: null,
    level: AdministrativeLevel.COMMUNE,
    isOneStop: true,
    isInterconnected: false,
    onlineServiceLevel: OnlineServiceLevel.FULL,
    channels: [],
    requiredDocuments: [],
    steps: [],
    subjects: [Subject.CITIZEN],
    results: [],
    legalBasis: [],
    conditions: null,
    announcementDecision: null,
    status: ProcedureStatus.PUBLIC,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    updatedAt: new Date('2024-06-01T00:00:00Z'),
    minProcessingDays: null,
    isFree: false,
    minFeeVnd: null,
    isRepresentative: false,
    representativeFields: [],
    field: { id: 'RmllbGQ6aG8tdGljaA==', code: 'ho-tich', name: 'Hộ tịch' },
    implementingAgency: { id: 'QWdlbmN5OnVibmQteGE=', code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã', level: AdministrativeLevel.COMMUNE },
    ...overrides,
  };
}

const LUAT_HO_TICH = { number: '60/2014/QH13', title: 'Luật Hộ tịch', issuer: 'Quốc hội', issuedOn: '2014-11-20' };

const BIRTH = procedure('1.001193', {
  name: 'Đăng ký khai sinh',
  nameEn: 'Birth registration',
  conditions: 'Không',
  results: ['Giấy khai sinh', 'Trích lục'],
  subjects: [Subject.CITIZEN, Subject.FOREIGNER],
  channels: [
    {
      channel: ChannelKind.IN_PERSON,
      processingTime: time(5, TimeUnit.WORKING_DAY, '05 ngày làm việc'),
      fees: [fee(FeeKind.CHARGE, 8000, 'Lệ phí: 8.000 đồng'), fee(FeeKind.FEE, null, 'Theo quy định của HĐND tỉnh')],
    },
    { channel: ChannelKind.ONLINE, processingTime: time(1.5, TimeUnit.DAY, 'Một ngày rưỡi'), fees: [fee(FeeKind.CHARGE, 0, 'Miễn lệ phí')] },
    { channel: ChannelKind.POSTAL, processingTime: time(4, TimeUnit.HOUR, '04 giờ'), fees: [] },
  ],
  requiredDocuments: [
    {
      caseName: null,
      name: 'Tờ khai đăng ký khai sinh',
      originals: 1,
      copies: 0,
      isRequired: true,
      formName: 'Mẫu TK-KS',
      formUrl: 'https://example.vn/mau/tk-ks.docx',
    },
    { caseName: 'Trẻ sinh ở nước ngoài', name: 'Giấy chứng sinh', originals: 0, copies: 1, isRequired: false, formName: null, formUrl: null },
  ],
  legalBasis: [LUAT_HO_TICH, { number: '123/2015/NĐ-CP', title: 'Nghị định hướng dẫn Luật Hộ tịch', issuer: 'Chính phủ', issuedOn: null }],
});

const GENERATED = procedure('R.000001', {
  isRepresentative: true,
  representativeFields: ['name', 'channels'],
  channels: [
    { channel: ChannelKind.ONLINE, processingTime: time(0.5, TimeUnit.WORKING_DAY, 'Nửa ngày làm việc'), fees: [] },
    { channel: ChannelKind.IN_PERSON, processingTime: time(null, null, 'Theo thỏa thuận'), fees: [fee(FeeKind.FEE, null, '')] },
  ],
  legalBasis: [LUAT_HO_TICH],
});

const LAND = procedure('2.000889', {
  name: 'Đăng ký biến động đất đai',
  status: ProcedureStatus.PENDING,
  field: { id: 'RmllbGQ6ZGF0LWRhaQ==', code: 'dat-dai', name: 'Đất đai' },
  implementingAgency: { id: 'QWdlbmN5OnNvLXRubXQ=', code: 'SO-TNMT', name: 'Sở Tài nguyên và Môi trường', level: AdministrativeLevel.PROVINCE },
  channels: [
    { channel: ChannelKind.IN_PERSON, processingTime: time(2.5, TimeUnit.HOUR, '2 giờ 30 phút'), fees: [] },
    { channel: ChannelKind.ONLINE, processingTime: time(0.25, TimeUnit.DAY, 'Sáu giờ'), fees: [] },
  ],
});

const CONTEXT: CpsvContext = {
  base: `${BASE}/`,
  day: '2025-01-15',
  agencies: new Map([
    ['UBND-XA', { name: 'Ủy ban nhân dân cấp xã', unitCode: '20', unitName: 'Tỉnh Lạng Sơn', level: 'COMMUNE' }],
    ['SO-TNMT', { name: 'Sở Tài nguyên và Môi trường', unitCode: '20', unitName: 'Tỉnh Lạng Sơn', level: 'PROVINCE' }],
  ]),
};

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all).toString('utf8');
}

/** The machine is offline and the context is inline: any fetch is a failure. */
const offline = async (url: string): Promise<never> => {
  throw new Error(`no fetch allowed: ${url}`);
};

const iri = (...path: string[]) => `${BASE}/id/${path.map(encodeURIComponent).join('/')}`;
const service = (code: string) => iri('procedure', code);

describe('cpsvOf', () => {
  let raw: any;
  let nodes: Map<string, any>;
  const node = (id: string) => {
    const found = nodes.get(id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  };
  const values = (id: string, property: string): any[] => node(id)[property] ?? [];

  beforeAll(async () => {
    raw = JSON.parse(await text(cpsvOf(from([BIRTH, GENERATED, LAND]), CONTEXT)));
    const expanded: any[] = await jsonld.expand(raw, { documentLoader: offline });
    nodes = new Map(expanded.map((n) => [n['@id'], n]));
  });

  it('is JSON-LD', () => {
    expect(CPSV_MEDIA_TYPE).toBe('application/ld+json');
    expect(Object.keys(raw)).toEqual(['@context', '@graph']);
  });

  it('gives every node of a CPSV-AP class the properties its shape makes mandatory', () => {
    const services = [...nodes.values()].filter((n) => n['@type']?.includes(`${CPSV}PublicService`));
    expect(services.map((n) => n['@id'])).toEqual([service('1.001193'), service('R.000001'), service('2.000889')]);
    const seen = new Set<string>();
    for (const n of nodes.values()) {
      for (const type of n['@type'] ?? []) {
        for (const property of MANDATORY[type] ?? []) {
          expect({ node: n['@id'], property, present: (n[property] ?? []).length > 0 }).toEqual({ node: n['@id'], property, present: true });
          seen.add(type);
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(MANDATORY).sort());
    for (const s of services) expect(s[`${DCT}identifier`]).toHaveLength(1);
  });

  it('names the competent authority as a public organisation with its unit', () => {
    const [authority] = values(service('1.001193'), `${CV}hasCompetentAuthority`);
    expect(authority['@id']).toBe(iri('agency', 'UBND-XA'));
    expect(node(authority['@id'])['@type']).toContain(`${CV}PublicOrganisation`);
    const [unit] = values(authority['@id'], `${DCT}spatial`);
    expect(node(unit['@id'])['@type']).toContain(`${DCT}Location`);
    expect(values(unit['@id'], `${SKOS}prefLabel`)).toEqual([{ '@value': 'Tỉnh Lạng Sơn', '@language': 'vi' }]);
    // Written once, however many procedures name them.
    expect(raw['@graph'].filter((n: any) => n['@id'] === iri('agency', 'UBND-XA'))).toHaveLength(1);
    expect(raw['@graph'].filter((n: any) => n['@id'] === iri('unit', '20'))).toHaveLength(1);
    expect(raw['@graph'].filter((n: any) => n['@id'] === iri('legal-resource', '60/2014/QH13'))).toHaveLength(1);
  });

  it('writes costs in VND, tied to their channel, with the description verbatim', () => {
    const channel = `${service('1.001193')}/channel/in_person`;
    const costs = values(service('1.001193'), `${CV}hasCost`).map((c) => node(c['@id']));
    expect(costs).toHaveLength(3);
    const [charge, unset] = costs;
    expect(charge[`${CV}hasValue`]).toEqual([{ '@value': '8000', '@type': `${XSD}double` }]);
    expect(charge[`${CV}currency`]).toEqual([{ '@id': VND, '@type': [`${SKOS}Concept`] }]);
    expect(charge[`${CV}ifAccessedThrough`]).toEqual([{ '@id': channel }]);
    expect(charge[`${DCT}description`]).toEqual([{ '@value': 'Lệ phí: 8.000 đồng', '@language': 'vi' }]);
    expect(unset[`${CV}hasValue`]).toBeUndefined();
    expect(unset[`${CV}currency`].map((c: any) => c['@id'])).toEqual([VND]);
    expect(unset[`${DCT}description`]).toEqual([{ '@value': 'Theo quy định của HĐND tỉnh', '@language': 'vi' }]);
    expect(costs[2][`${CV}hasValue`]).toEqual([{ '@value': '0', '@type': `${XSD}double` }]);
    expect(costs[2][`${CV}ifAccessedThrough`]).toEqual([{ '@id': `${service('1.001193')}/channel/online` }]);
  });

  it('writes processing times as xsd:duration per channel', () => {
    const durations = (code: string) =>
      values(service(code), `${CV}hasChannel`).map((c) => [
        values(c['@id'], `${DCT}type`)[0]['@id'],
        values(c['@id'], `${CV}processingTime`).map((d) => `${d['@value']}^^${d['@type']}`)[0],
      ]);
    const type = (kind: string) => iri('concept', 'channel-type', kind);
    expect(durations('1.001193')).toEqual([
      [type('in_person'), `P5D^^${XSD}duration`],
      [type('online'), `P1DT12H^^${XSD}duration`],
      [type('postal'), `PT4H^^${XSD}duration`],
    ]);
    expect(durations('R.000001')).toEqual([
      [type('online'), `PT12H^^${XSD}duration`],
      [type('in_person'), undefined],
    ]);
    expect(durations('2.000889')).toEqual([
      [type('in_person'), `PT2H30M^^${XSD}duration`],
      [type('online'), `PT6H^^${XSD}duration`],
    ]);
    expect(values(type('postal'), `${SKOS}prefLabel`)).toContainEqual({ '@value': 'By post', '@language': 'en' });
  });

  it('tags Vietnamese and English text', () => {
    expect(values(service('1.001193'), `${DCT}title`)).toEqual([
      { '@value': 'Đăng ký khai sinh', '@language': 'vi' },
      { '@value': 'Birth registration', '@language': 'en' },
    ]);
    expect(values(service('1.001193'), `${DCT}description`)[0]).toEqual({ '@value': 'Đăng ký khai sinh. Yêu cầu, điều kiện: Không', '@language': 'vi' });
    expect(values(service('2.000889'), `${DCT}description`)).toEqual([{ '@value': 'Đăng ký biến động đất đai', '@language': 'vi' }]);
  });

  it('marks representative records as generated, never as fact', () => {
    const [vi, en] = values(service('R.000001'), `${DCT}description`);
    expect(vi['@language']).toBe('vi');
    expect(vi['@value']).toContain('Bản ghi đại diện');
    expect(en).toEqual({ '@language': 'en', '@value': expect.stringContaining('do not cite it as fact') });
    expect(values(service('R.000001'), `${CV}isClassifiedBy`)).toEqual([{ '@id': iri('concept', 'record-kind', 'representative') }]);
    expect(values(service('1.001193'), `${CV}isClassifiedBy`)).toEqual([]);
  });

  it('lists documents as evidence with their forms, results as outputs, the legal basis as rules', () => {
    const [form, certificate] = values(service('1.001193'), `${CPSV}hasInput`).map((e) => node(e['@id']));
    expect(form[`${FOAF}page`]).toEqual([
      { '@id': 'https://example.vn/mau/tk-ks.docx', '@type': [`${FOAF}Document`], [`${DCT}title`]: [{ '@value': 'Mẫu TK-KS', '@language': 'vi' }] },
    ]);
    expect(certificate[`${FOAF}page`]).toBeUndefined();
    expect(certificate[`${DCT}description`][0]['@value']).toBe('Trường hợp: Trẻ sinh ở nước ngoài. Bản chính: 0; bản sao: 1. Chỉ cần trong một số trường hợp');
    const outputs = values(service('1.001193'), `${CPSV}produces`).map((o) => values(o['@id'], `${DCT}title`)[0]['@value']);
    expect(outputs).toEqual(['Giấy khai sinh', 'Trích lục']);
    const [rule] = values(service('1.001193'), `${CPSV}follows`);
    const [law] = values(rule['@id'], `${CPSV}implements`);
    expect(values(law['@id'], 'http://data.europa.eu/eli/ontology#date_document')).toEqual([{ '@value': '2014-11-20', '@type': `${XSD}date` }]);
    expect(values(service('1.001193'), `${CV}hasLegalResource`).map((l) => l['@id'])).toEqual([
      iri('legal-resource', '60/2014/QH13'),
      iri('legal-resource', '123/2015/NĐ-CP'),
    ]);
  });

  it('reads the procedures lazily, one chunk each, and stops the source when stopped', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<PublishedProcedure> {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield procedure(`9.${i}`, {});
        }
      } finally {
        closed = true;
      }
    }
    const chunks = cpsvOf(endless(), CONTEXT);
    const opening = await chunks.next();
    expect(opening.value?.toString()).toMatch(/^\{"@context":/);
    expect(pulled).toBe(0);
    const first = await chunks.next();
    expect(first.value?.toString()).toContain(encodeURIComponent('9.0'));
    expect(pulled).toBe(1);
    await chunks.next();
    expect(pulled).toBe(2);
    await chunks.return(undefined);
    expect(closed).toBe(true);
  });

  it('converts times to xsd:duration', () => {
    expect(isoDuration(0, 'DAY')).toBe('P0D');
    expect(isoDuration(30, 'WORKING_DAY')).toBe('P30D');
    expect(isoDuration(48, 'HOUR')).toBe('PT48H');
    expect(isoDuration(1.75, 'DAY')).toBe('P1DT18H');
    expect(isoDuration(null, null)).toBeNull();
    expect(isoDuration(-1, 'DAY')).toBeNull();
  });
});
