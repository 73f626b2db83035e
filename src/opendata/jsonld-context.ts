/**
 * What the linked-data descriptions (CPSV-AP 3.2 for the procedures, DCAT-AP 3.0 for the open
 * data) share: the vocabularies by prefix, the literal and reference builders, the publisher, and
 * the local concept schemes that stand in for EU vocabularies with no term for what we publish.
 *
 * Every value is written in full JSON-LD form (`{"@value", "@language"}`, `{"@value", "@type"}`,
 * `{"@id"}`) under plain prefixes, with no term definitions: what a node says does not hang on
 * type coercion in the context, and `jsonld.expand` gives the same IRIs any reader would.
 */
import type { Bilingual } from './dataset';
import { PUBLISHER } from './licence';

/** The prefixes of the two specifications' namespace tables (CPSV-AP 3.2 §Terminology, DCAT-AP 3.0). */
export const PREFIXES = {
  adms: 'http://www.w3.org/ns/adms#',
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  eli: 'http://data.europa.eu/eli/ontology#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  locn: 'http://www.w3.org/ns/locn#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

export type Language = 'vi' | 'en';
export interface LanguageString {
  '@value': string;
  '@language': Language;
}
export interface TypedLiteral {
  '@value': string;
  '@type': string;
}
/** A JSON-LD node; an undefined property is left out when the node is written. */
export interface JsonLdNode {
  [property: string]: JsonLdValue | undefined;
}
type JsonLdValue = string | LanguageString | TypedLiteral | JsonLdNode | readonly JsonLdValue[];

export const text = (value: string, language: Language): LanguageString => ({ '@value': value, '@language': language });
export const typed = (value: string, datatype: string): TypedLiteral => ({ '@value': value, '@type': datatype });
export const ref = (iri: string): JsonLdNode => ({ '@id': iri });

/** The values that are there: optional properties are built as `cond && value`, or `undefined`. */
export const present = <T>(values: readonly (T | null | undefined | false | '')[]): T[] => values.filter((v): v is T => v != null && v !== false && v !== '');

/** A list, or nothing when it is empty (an empty list says nothing in RDF but noise in the JSON). */
export const nonEmpty = <T>(values: readonly T[]): readonly T[] | undefined => (values.length ? values : undefined);

/** A local IRI under `base`: `<base>/id/<segment>/...`, each segment percent-encoded (codes hold dots and slashes). */
export const localIri = (base: string, ...segments: string[]) => `${base.replace(/\/+$/, '')}/id/${segments.map(encodeURIComponent).join('/')}`;

/**
 * The publisher of both descriptions. `foaf:name` is DCAT-AP 3.0's mandatory Agent property;
 * CPSV-AP 3.2's Agent shape asks for `dct:identifier` and `dct:title` instead, so it has all three.
 */
export function publisherNode(base: string): JsonLdNode {
  return {
    '@id': localIri(base, 'publisher'),
    '@type': 'foaf:Agent',
    'dct:identifier': 'publisher',
    'foaf:name': [text(PUBLISHER.nameVi, 'vi'), text(PUBLISHER.name, 'en')],
    'dct:title': [text(PUBLISHER.nameVi, 'vi'), text(PUBLISHER.name, 'en')],
  };
}

interface ConceptScheme {
  title: Bilingual;
  concepts: Record<string, Bilingual>;
}

/**
 * The local concept schemes: the EU vocabularies have no channel kind for "at the one-stop desk",
 * no status for a Vietnamese procedure, no addressee list like the catalogue's. Each concept has a
 * `skos:prefLabel` in both languages (DCAT-AP 3.0 makes it mandatory) and its scheme a `dct:title`.
 */
const SCHEMES = {
  'channel-type': {
    title: { vi: 'Cách thức thực hiện', en: 'Channel types' },
    concepts: {
      IN_PERSON: { vi: 'Trực tiếp', en: 'In person' },
      ONLINE: { vi: 'Trực tuyến', en: 'Online' },
      POSTAL: { vi: 'Qua dịch vụ bưu chính', en: 'By post' },
    },
  },
  'procedure-status': {
    title: { vi: 'Tình trạng công bố', en: 'Publication status' },
    concepts: {
      PUBLIC: { vi: 'Đã công bố, đang có hiệu lực', en: 'Announced and in force' },
      PENDING: { vi: 'Đã công bố, chưa có hiệu lực', en: 'Announced, not yet in force' },
      ABOLISHED: { vi: 'Đã bãi bỏ hoặc thay thế', en: 'Abolished or replaced' },
    },
  },
  addressee: {
    title: { vi: 'Đối tượng thực hiện', en: 'Who may carry out a procedure' },
    concepts: {
      CITIZEN: { vi: 'Công dân Việt Nam', en: 'Vietnamese citizens' },
      ENTERPRISE: { vi: 'Doanh nghiệp', en: 'Enterprises' },
      ORGANISATION: { vi: 'Tổ chức', en: 'Organisations' },
      STATE_AGENCY: { vi: 'Cơ quan nhà nước', en: 'State agencies' },
      FOREIGNER: { vi: 'Người nước ngoài', en: 'Foreigners' },
    },
  },
  'record-kind': {
    title: { vi: 'Nguồn gốc bản ghi', en: 'Record provenance' },
    concepts: {
      REPRESENTATIVE: {
        vi: 'Bản ghi đại diện do máy sinh, không phải thủ tục thật',
        en: 'Representative (generated) record, not a real procedure',
      },
    },
  },
} as const satisfies Record<string, ConceptScheme>;
export type SchemeName = keyof typeof SCHEMES;

export const conceptIri = (base: string, scheme: SchemeName, code: string) => localIri(base, 'concept', scheme, code.toLowerCase());

/** Every local scheme with its concepts, as nodes. */
export function conceptSchemeNodes(base: string): JsonLdNode[] {
  const schemes: Record<string, ConceptScheme> = SCHEMES;
  return Object.entries(schemes).flatMap(([name, scheme]) => {
    const schemeIri = localIri(base, 'concept', name);
    const concepts = Object.entries(scheme.concepts).map(([code, label]) => ({
      '@id': conceptIri(base, name as SchemeName, code),
      '@type': 'skos:Concept',
      'skos:prefLabel': [text(label.vi, 'vi'), text(label.en, 'en')],
      'skos:notation': code,
      'skos:inScheme': ref(schemeIri),
    }));
    return [{ '@id': schemeIri, '@type': 'skos:ConceptScheme', 'dct:title': [text(scheme.title.vi, 'vi'), text(scheme.title.en, 'en')] }, ...concepts];
  });
}

const SECONDS = { WORKING_DAY: 86_400, DAY: 86_400, HOUR: 3_600 } as const;

/**
 * A processing time as an xsd:duration (CPSV-AP 3.2 `cv:processingTime`). Working days are written
 * as days (P5D): xsd:duration has no working day, and the catalogue counts them one a day as
 * `minProcessingDays` does; the channel keeps the catalogue's own words beside it. Only seconds
 * may carry decimals in xsd:duration, so a fraction of a day becomes hours and minutes (0.5 day →
 * PT12H, 1.5 days → P1DT12H); hours stay hours (PT48H). Null when there is no fixed time.
 */
export function isoDuration(value: number | null, unit: string | null): string | null {
  if (value === null || unit === null || !(unit in SECONDS) || !Number.isFinite(value) || value < 0) return null;
  let rest = Math.round(value * SECONDS[unit as keyof typeof SECONDS]);
  const days = unit === 'HOUR' ? 0 : Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return unit === 'HOUR' ? 'PT0H' : 'P0D';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
