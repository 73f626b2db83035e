/**
 * The open data's catalogue in DCAT-AP 3.0 (DCAT Application Profile for data portals in Europe,
 * SEMIC, 2024), as JSON-LD. Every property the specification's SHACL shapes
 * (releases/3.0.0/shacl/dcat-ap-SHACL.ttl) give `sh:minCount 1` is written:
 *   Catalog: dct:title, dct:description, dct:publisher; Dataset: dct:title, dct:description;
 *   Distribution: dcat:accessURL; Agent: foaf:name; Concept: skos:prefLabel.
 * and the recommended ones we know: the catalogue's datasets, licence, spatial and temporal
 * coverage, modification dates, download URL, media type, format and byte size.
 */
import type { Bilingual } from './dataset';
import { PREFIXES, localIri, nonEmpty, publisherNode, ref, text, typed, type JsonLdNode } from './jsonld-context';
import { LICENCE } from './licence';

/** One file of a dataset. */
export interface DistributionEntry {
  /** The file's extension: csv, ndjson, parquet, jsonld, json. */
  format: string;
  /** As the download is served, parameters allowed (`text/csv; charset=utf-8`). */
  mediaType: string;
  url: string;
  /** Null when the size is only known once the file is written (streamed downloads). */
  byteSize: number | null;
  title: string;
}

/** One dataset of the catalogue, with its files. */
export interface DatasetEntry {
  id: string;
  title: Bilingual;
  description: Bilingual;
  distributions: DistributionEntry[];
  /** The days the data covers (YYYY-MM-DD or a date-time), when it has a time span. */
  temporal: { start: string; end: string } | null;
  /** Last change (ISO 8601 date-time), when known. */
  modified: string | null;
  keywords?: string[];
}

/**
 * The EU file-type authority table's codes (DCAT-AP recommends it for `dct:format`). A format
 * without a code of its own there (NDJSON) has no `dct:format` rather than a wrong one.
 */
const FILE_TYPES: Readonly<Record<string, string>> = {
  csv: 'CSV',
  json: 'JSON',
  jsonld: 'JSON_LD',
  parquet: 'PARQUET',
};
const FILE_TYPE_BASE = 'http://publications.europa.eu/resource/authority/file-type/';
/** The EU language authority table: the metadata is in Vietnamese and English. */
const LANGUAGE_BASE = 'http://publications.europa.eu/resource/authority/language/';
/** The IANA media-type register, as DCAT-AP wants `dcat:mediaType` written. */
const IANA_BASE = 'https://www.iana.org/assignments/media-types/';

/** A day alone is an xsd:date, anything longer an xsd:dateTime (DCAT-AP accepts either). */
const dateLiteral = (value: string) => typed(value, /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'xsd:date' : 'xsd:dateTime');
const bilingual = (value: Bilingual) => [text(value.vi, 'vi'), text(value.en, 'en')];

/**
 * The media type's IRI in the IANA register, without parameters; none for an unregistered
 * (`x-`) type such as application/x-ndjson, which has no page there to point at.
 */
function ianaMediaType(mediaType: string): JsonLdNode | undefined {
  const essence = mediaType.split(';')[0].trim().toLowerCase();
  if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(essence) || essence.split('/')[1].startsWith('x-')) return undefined;
  return { '@id': `${IANA_BASE}${essence}`, '@type': 'dct:MediaType' };
}

function distributionNode(dataset: DatasetEntry, file: DistributionEntry, iri: string): JsonLdNode {
  const fileType = FILE_TYPES[file.format.toLowerCase()] as string | undefined;
  return {
    '@id': iri,
    '@type': 'dcat:Distribution',
    'dct:title': [text(`${dataset.title.vi} (${file.title})`, 'vi'), text(`${dataset.title.en} (${file.title})`, 'en')],
    'dcat:accessURL': ref(file.url),
    'dcat:downloadURL': ref(file.url),
    'dcat:mediaType': ianaMediaType(file.mediaType),
    'dct:format': fileType && { '@id': `${FILE_TYPE_BASE}${fileType}`, '@type': 'dct:MediaTypeOrExtent' },
    'dcat:byteSize': file.byteSize === null ? undefined : typed(String(file.byteSize), 'xsd:nonNegativeInteger'),
    'dct:license': { '@id': LICENCE.path, '@type': 'dct:LicenseDocument' },
    'dct:modified': dataset.modified ? dateLiteral(dataset.modified) : undefined,
  };
}

function datasetNode(dataset: DatasetEntry, base: string, spatial: string, publisher: string): JsonLdNode {
  const iri = localIri(base, 'dataset', dataset.id);
  return {
    '@id': iri,
    '@type': 'dcat:Dataset',
    'dct:identifier': dataset.id,
    'dct:title': bilingual(dataset.title),
    'dct:description': bilingual(dataset.description),
    'dct:publisher': ref(publisher),
    'dct:spatial': ref(spatial),
    'dct:temporal': dataset.temporal
      ? { '@type': 'dct:PeriodOfTime', 'dcat:startDate': dateLiteral(dataset.temporal.start), 'dcat:endDate': dateLiteral(dataset.temporal.end) }
      : undefined,
    'dct:modified': dataset.modified ? dateLiteral(dataset.modified) : undefined,
    // Keywords come in either language, untold: plain literals rather than a guessed tag.
    'dcat:keyword': nonEmpty(dataset.keywords ?? []),
    'dcat:distribution': dataset.distributions.map((file, i) => {
      // A distribution is named by its format; a second one of the same format by its place too.
      const format = file.format.toLowerCase();
      const name = dataset.distributions.findIndex((other) => other.format.toLowerCase() === format) === i ? format : `${format}-${i + 1}`;
      return distributionNode(dataset, file, localIri(base, 'dataset', dataset.id, 'distribution', name));
    }),
  };
}

/**
 * The DCAT-AP 3 catalogue of the open data: the catalogue, each dataset with title and description in Vietnamese and English, publisher, licence, temporal and spatial coverage, modified date, and a distribution per format with download URL, media type and byte size where known.
 * One JSON-LD document (`@context` inline, no fetch needed), the datasets and their
 * distributions nested in the catalogue node; the publisher and the province beside it.
 */
export function dcatCatalog(
  datasets: readonly DatasetEntry[],
  context: { base: string; modified: string | null; spatial: { code: string; name: string } },
): Record<string, unknown> {
  const base = context.base.replace(/\/+$/, '');
  const publisher = publisherNode(base);
  const spatial: JsonLdNode = {
    '@id': localIri(base, 'unit', context.spatial.code),
    '@type': 'dct:Location',
    'dct:identifier': context.spatial.code,
    'skos:prefLabel': text(context.spatial.name, 'vi'),
    'locn:geographicName': text(context.spatial.name, 'vi'),
  };
  const catalog: JsonLdNode = {
    '@id': localIri(base, 'catalog'),
    '@type': 'dcat:Catalog',
    'dct:title': [text('Dữ liệu mở về thủ tục hành chính', 'vi'), text('Open data on administrative procedures', 'en')],
    'dct:description': [
      text(
        `Dữ liệu mở của ${context.spatial.name}: danh mục thủ tục hành chính và thống kê giải quyết hồ sơ, theo giấy phép ${LICENCE.name}. ` +
          'Các bản ghi đại diện (is_representative) là dữ liệu sinh tự động, không phải thủ tục thật.',
        'vi',
      ),
      text(
        `Open data of ${context.spatial.name}: the administrative procedure catalogue and dossier statistics, under ${LICENCE.name}. ` +
          'Representative records (is_representative) are generated data, not real procedures.',
        'en',
      ),
    ],
    'dct:publisher': ref(publisher['@id'] as string),
    'dct:spatial': ref(spatial['@id'] as string),
    'dct:license': { '@id': LICENCE.path, '@type': 'dct:LicenseDocument' },
    'dct:language': ['VIE', 'ENG'].map((code) => ({ '@id': `${LANGUAGE_BASE}${code}`, '@type': 'dct:LinguisticSystem' })),
    'foaf:homepage': { '@id': `${base}/`, '@type': 'foaf:Document' },
    'dct:modified': context.modified ? dateLiteral(context.modified) : undefined,
    'dcat:dataset': datasets.map((dataset) => datasetNode(dataset, base, spatial['@id'] as string, publisher['@id'] as string)),
  };
  return { '@context': PREFIXES, '@graph': [catalog, publisher, spatial] };
}
