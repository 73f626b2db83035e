import type { Bilingual } from './dataset';
import { CPSV_MEDIA_TYPE, cpsvOf, type AgencyUnit } from './cpsv-ap';
import { ndjsonOf } from './formats/ndjson';
import type { Snapshot } from './snapshot';

/**
 * Datasets of whole records rather than rows: the catalogue one nested record per procedure, in
 * a single format each. Catalogue datasets: they take `asOf` and follow the catalogue version.
 */
export interface RecordDataset {
  id: string;
  title: Bilingual;
  description: Bilingual;
  extension: string;
  mediaType: string;
  formatTitle: string;
  /** The file, from `snapshot` as of `day`; `base`: this server's origin, for the IRIs of linked data. */
  file(snapshot: Snapshot, day: string, base: string): AsyncGenerator<Buffer>;
}

const procedureRecords: RecordDataset = {
  id: 'procedure-records',
  title: { vi: 'Thủ tục hành chính, mỗi dòng một hồ sơ đầy đủ', en: 'Administrative procedures, one whole record a line' },
  description: {
    vi: 'Mỗi dòng là toàn bộ một thủ tục đang có hiệu lực (như kiểu Procedure của GraphQL): cách thức, thời hạn, phí, thành phần hồ sơ, trình tự, căn cứ pháp lý.',
    en: 'One line per procedure in force, whole, in the GraphQL Procedure shape: channels with times and fees, documents, steps, legal basis.',
  },
  extension: 'ndjson',
  mediaType: 'application/x-ndjson; charset=utf-8',
  formatTitle: 'NDJSON',
  file: (snapshot, day) => ndjsonOf(snapshot.procedures(day)),
};

/** The agencies with the unit each serves: CPSV-AP's PublicOrganisation and its spatial coverage. */
async function agenciesOf(snapshot: Snapshot): Promise<Map<string, AgencyUnit>> {
  const agencies = new Map<string, AgencyUnit>();
  const rows = snapshot.stream<AgencyUnit & { code: string }>(
    `SELECT a.code, a.name, a.level, u.code AS "unitCode", u.name AS "unitName" FROM agency a JOIN administrative_unit u ON u.id = a.unit_id`,
    [],
  );
  for await (const { code, ...agency } of rows) agencies.set(code, agency);
  return agencies;
}

const publicServices: RecordDataset = {
  id: 'public-services',
  title: { vi: 'Thủ tục hành chính theo CPSV-AP 3.2 (JSON-LD)', en: 'Administrative procedures as CPSV-AP 3.2 public services (JSON-LD)' },
  description: {
    vi: 'Danh mục thủ tục theo mô hình dịch vụ công CPSV-AP 3.2 của châu Âu: kênh thực hiện với thời hạn, chi phí bằng đồng, giấy tờ, kết quả, căn cứ pháp lý, cơ quan có thẩm quyền.',
    en: 'The catalogue in the EU Core Public Service Vocabulary (CPSV-AP 3.2): channels with processing times, costs in VND, evidence, outputs, legal resources and competent authorities.',
  },
  extension: 'jsonld',
  mediaType: CPSV_MEDIA_TYPE,
  formatTitle: 'JSON-LD',
  file: async function* (snapshot, day, base) {
    yield* cpsvOf(snapshot.procedures(day), { base, day, agencies: await agenciesOf(snapshot) });
  },
};

export const RECORD_DATASETS: readonly RecordDataset[] = [procedureRecords, publicServices];
