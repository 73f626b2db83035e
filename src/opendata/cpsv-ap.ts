/**
 * The procedures in force as public services in CPSV-AP 3.2 (Core Public Service Vocabulary
 * Application Profile, SEMIC, 2024-05-06), written as JSON-LD. Every property the specification's
 * SHACL shapes (releases/3.2.0/shacl/cpsv-ap-SHACL.ttl) give `sh:minCount 1` is written:
 *   PublicService: dct:identifier, dct:title, dct:description, cv:hasCompetentAuthority;
 *   PublicOrganisation: skos:prefLabel, dct:spatial; Channel, Cost: dct:identifier;
 *   Evidence, Output: dct:identifier, dct:title; Rule: dct:identifier, dct:title, dct:description;
 *   Agent (the publisher): dct:identifier, dct:title.
 * Representative (generated) records say so in their description and by `cv:isClassifiedBy`.
 */
import type { PublishedProcedure } from '../catalogue/procedure-record.sql';
import {
  PREFIXES,
  conceptIri,
  conceptSchemeNodes,
  isoDuration,
  localIri,
  nonEmpty,
  present,
  publisherNode,
  ref,
  text,
  typed,
  type JsonLdNode,
} from './jsonld-context';

/** An agency of the catalogue and the administrative unit it serves. */
export interface AgencyUnit {
  name: string;
  unitCode: string;
  unitName: string;
  level: string;
}

/** Where things live and what the catalogue's agencies are (for PublicOrganisation with its spatial unit). */
export interface CpsvContext {
  /** This server's origin: every local IRI is under it. */
  base: string;
  /** The day the procedures are in force on (YYYY-MM-DD). */
  day: string;
  /** The agencies by code, with the administrative unit each serves. */
  agencies: ReadonlyMap<string, AgencyUnit>;
}

/** JSON-LD; CPSV-AP publishes no profile IRI of its own to put in a `profile` parameter. */
export const CPSV_MEDIA_TYPE = 'application/ld+json';

/** The EU currency authority table's Vietnamese đồng (cv:currency takes a skos:Concept). */
const VND = 'http://publications.europa.eu/resource/authority/currency/VND';
/**
 * The class CPSV-AP 3.2's PublicOrganisation shape requires of `dct:spatial` (`sh:class`, as the
 * SHACL file names Administrative Territorial Unit); the unit is a dct:Location too.
 */
const ATU_CLASS = 'http://data.europa.eu/88u/dataset/atu-type';

const REPRESENTATIVE_NOTE = {
  vi: 'Bản ghi đại diện do máy sinh để minh hoạ, không phải thủ tục hành chính thật; không trích dẫn như sự thật.',
  en: 'Representative (generated) record for illustration, not a real administrative procedure: do not cite it as fact.',
};

/**
 * The procedures in force as CPSV-AP 3.2 JSON-LD: one JSON document {"@context": ..., "@graph": [...]} streamed a node at a time (constant memory).
 * The opening (context, dataset, publisher, local concept schemes) comes before the first
 * procedure is read, then one chunk per procedure with the nodes that hang off it. Agencies,
 * units, fields and legal documents are written once, where first named: memory grows with
 * those reference tables, never with the number of procedures.
 */
export async function* cpsvOf(procedures: AsyncIterable<PublishedProcedure>, context: CpsvContext): AsyncGenerator<Buffer> {
  const base = context.base.replace(/\/+$/, '');
  const written = new Set<string>();
  const opening = [datasetNode(base, context.day), publisherNode(base), ...conceptSchemeNodes(base)];
  yield Buffer.from(`{"@context":${JSON.stringify(PREFIXES)},\n"@graph":[\n${opening.map((node) => JSON.stringify(node)).join(',\n')}`);
  for await (const procedure of procedures) {
    const { own, shared } = procedureNodes(procedure, base, context);
    const fresh: JsonLdNode[] = [];
    for (const node of shared) {
      const iri = node['@id'] as string;
      if (written.has(iri)) continue;
      written.add(iri);
      fresh.push(node);
    }
    yield Buffer.from(`,\n${[...own, ...fresh].map((node) => JSON.stringify(node)).join(',\n')}`);
  }
  yield Buffer.from('\n]}\n');
}

const datasetIri = (base: string) => localIri(base, 'dataset', 'public-services');

/** The dataset the services are part of (CPSV-AP 3.2 Dataset: dct:title, dct:description, dct:publisher). */
function datasetNode(base: string, day: string): JsonLdNode {
  return {
    '@id': datasetIri(base),
    '@type': 'dcat:Dataset',
    'dct:title': [text(`Thủ tục hành chính có hiệu lực ngày ${day}`, 'vi'), text(`Administrative procedures in force on ${day}`, 'en')],
    'dct:description': [
      text('Các thủ tục hành chính của tỉnh đang có hiệu lực, mô tả theo CPSV-AP 3.2.', 'vi'),
      text("The province's administrative procedures in force, described as CPSV-AP 3.2 public services.", 'en'),
    ],
    'dct:publisher': ref(localIri(base, 'publisher')),
  };
}

/**
 * A procedure's public service and the nodes that are its own (channels, costs, evidence,
 * outputs, rules), then the reference nodes it names (`shared`: written once per document).
 */
function procedureNodes(p: PublishedProcedure, base: string, context: CpsvContext): { own: JsonLdNode[]; shared: JsonLdNode[] } {
  const service = localIri(base, 'procedure', p.code);
  const agencyIri = localIri(base, 'agency', p.implementingAgency.code);
  const known = context.agencies.get(p.implementingAgency.code);
  const agency = known && { ...known, unitIri: localIri(base, 'unit', known.unitCode) };
  const fieldIri = localIri(base, 'field', p.field.code);

  const channels = p.channels.map((c) => {
    const iri = `${service}/channel/${c.channel.toLowerCase()}`;
    const costs = c.fees.map((fee, i) => ({
      '@id': `${iri}/cost/${i + 1}`,
      '@type': 'cv:Cost',
      'dct:identifier': `${p.code}/${c.channel}/cost/${i + 1}`,
      // Phí or lệ phí: CPSV-AP's Cost has no kind, and the shape is open to a title.
      'dct:title': fee.kind === 'FEE' ? [text('Phí', 'vi'), text('Fee', 'en')] : [text('Lệ phí', 'vi'), text('State charge', 'en')],
      // No amount when the catalogue sets none: the verbatim description says how it is set.
      'cv:hasValue': fee.amountVnd === null ? undefined : typed(String(fee.amountVnd), 'xsd:double'),
      'cv:currency': { '@id': VND, '@type': 'skos:Concept' },
      'dct:description': fee.description ? text(fee.description, 'vi') : undefined,
      'cv:ifAccessedThrough': ref(iri),
    }));
    const duration = isoDuration(c.processingTime.value, c.processingTime.unit);
    const channel: JsonLdNode = {
      '@id': iri,
      '@type': 'cv:Channel',
      'dct:identifier': `${p.code}/${c.channel}`,
      'dct:type': ref(conceptIri(base, 'channel-type', c.channel)),
      'cv:processingTime': duration === null ? undefined : typed(duration, 'xsd:duration'),
      'dct:description': c.processingTime.description ? text(c.processingTime.description, 'vi') : undefined,
    };
    return { channel, costs };
  });

  const evidence = p.requiredDocuments.map((d, i) => ({
    '@id': `${service}/evidence/${i + 1}`,
    '@type': 'cv:Evidence',
    'dct:identifier': `${p.code}/evidence/${i + 1}`,
    'dct:title': text(d.name, 'vi'),
    'dct:description': text(
      present([
        d.caseName && `Trường hợp: ${d.caseName}`,
        `Bản chính: ${d.originals}; bản sao: ${d.copies}`,
        d.isRequired ? 'Bắt buộc' : 'Chỉ cần trong một số trường hợp',
        d.formName && `Mẫu: ${d.formName}`,
      ]).join('. '),
      'vi',
    ),
    'foaf:page': d.formUrl ? { '@id': d.formUrl, '@type': 'foaf:Document', 'dct:title': d.formName ? text(d.formName, 'vi') : undefined } : undefined,
  }));

  const outputs = p.results.map((result, i) => ({
    '@id': `${service}/output/${i + 1}`,
    '@type': 'cv:Output',
    'dct:identifier': `${p.code}/output/${i + 1}`,
    'dct:title': text(result, 'vi'),
  }));

  const legal = p.legalBasis.map((l, i) => {
    const resource = localIri(base, 'legal-resource', l.number);
    const rule = {
      '@id': `${service}/rule/${i + 1}`,
      '@type': 'cpsv:Rule',
      'dct:identifier': `${p.code}/rule/${i + 1}`,
      'dct:title': text(`Căn cứ pháp lý: ${l.number}`, 'vi'),
      'dct:description': text(`${l.title} (số ${l.number}, ${l.issuer}${l.issuedOn ? `, ban hành ngày ${l.issuedOn}` : ''})`, 'vi'),
      'cpsv:implements': ref(resource),
    };
    const document: JsonLdNode = {
      '@id': resource,
      '@type': 'eli:LegalResource',
      'dct:identifier': l.number,
      'eli:id_local': l.number,
      'dct:title': text(l.title, 'vi'),
      'eli:title': text(l.title, 'vi'),
      'eli:date_document': l.issuedOn ? typed(l.issuedOn, 'xsd:date') : undefined,
    };
    return { rule, document };
  });

  // The catalogue has no description of its own: the name, with the conditions when there are some.
  const describedVi = p.conditions ? `${p.name}. Yêu cầu, điều kiện: ${p.conditions}` : p.name;
  const serviceNode: JsonLdNode = {
    '@id': service,
    '@type': 'cpsv:PublicService',
    'dct:identifier': p.code,
    'dct:title': present([text(p.name, 'vi'), p.nameEn && text(p.nameEn, 'en')]),
    'dct:description': p.isRepresentative
      ? [text(`${describedVi} [${REPRESENTATIVE_NOTE.vi}]`, 'vi'), text(`${p.nameEn ?? p.code}. ${REPRESENTATIVE_NOTE.en}`, 'en')]
      : present([text(describedVi, 'vi'), p.nameEn && text(p.nameEn, 'en')]),
    'cv:isClassifiedBy': p.isRepresentative ? ref(conceptIri(base, 'record-kind', 'REPRESENTATIVE')) : undefined,
    'cv:hasCompetentAuthority': ref(agencyIri),
    'dct:spatial': agency && ref(agency.unitIri),
    'cv:sector': ref(fieldIri),
    'dcat:keyword': text(p.field.name, 'vi'),
    'adms:status': ref(conceptIri(base, 'procedure-status', p.status)),
    'dct:audience': nonEmpty(p.subjects.map((subject) => ref(conceptIri(base, 'addressee', subject)))),
    'cv:hasChannel': nonEmpty(channels.map(({ channel }) => ref(channel['@id'] as string))),
    'cv:hasCost': nonEmpty(channels.flatMap(({ costs }) => costs.map((cost) => ref(cost['@id'])))),
    'cpsv:hasInput': nonEmpty(evidence.map((e) => ref(e['@id']))),
    'cpsv:produces': nonEmpty(outputs.map((o) => ref(o['@id']))),
    'cpsv:follows': nonEmpty(legal.map(({ rule }) => ref(rule['@id']))),
    'cv:hasLegalResource': nonEmpty(legal.map(({ document }) => ref(document['@id'] as string))),
    'dct:isPartOf': ref(datasetIri(base)),
  };

  return {
    own: [serviceNode, ...channels.flatMap(({ channel, costs }) => [channel, ...costs]), ...evidence, ...outputs, ...legal.map(({ rule }) => rule)],
    shared: [
      ...legal.map(({ document }) => document),
      ...agencyNodes(p, agencyIri, agency),
      { '@id': fieldIri, '@type': 'skos:Concept', 'skos:prefLabel': text(p.field.name, 'vi'), 'skos:notation': p.field.code },
    ],
  };
}

/**
 * The competent authority and the unit it serves. An agency missing from the context (it should
 * not be) is still named, from the record, without its unit.
 */
function agencyNodes(p: PublishedProcedure, agencyIri: string, agency: (AgencyUnit & { unitIri: string }) | undefined): JsonLdNode[] {
  const organisation: JsonLdNode = {
    '@id': agencyIri,
    '@type': 'cv:PublicOrganisation',
    'dct:identifier': p.implementingAgency.code,
    'skos:prefLabel': text(agency?.name ?? p.implementingAgency.name, 'vi'),
    'dct:spatial': agency && ref(agency.unitIri),
  };
  if (!agency) return [organisation];
  const unit: JsonLdNode = {
    '@id': agency.unitIri,
    '@type': ['dct:Location', ATU_CLASS],
    'dct:identifier': agency.unitCode,
    'skos:prefLabel': text(agency.unitName, 'vi'),
    'locn:geographicName': text(agency.unitName, 'vi'),
  };
  return [organisation, unit];
}
