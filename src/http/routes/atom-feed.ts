import type { CatalogueChange } from '../../catalogue/history/procedure-version.type';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** An entry's id: one per procedure, so a reader shows a procedure's changes as updates of one entry, and a removal deletes it. */
const entryId = (code: string) => `urn:vn-procedure:${xml(code)}`;

const KIND_TITLES: Record<CatalogueChange['kind'], string> = {
  CREATED: 'Công bố mới',
  AMENDED: 'Sửa đổi, bổ sung',
  ABOLISHED: 'Bãi bỏ',
  REMOVED: 'Rút khỏi danh mục',
  RESTORED: 'Công bố lại',
};

/** What a reader sees of a change, in Vietnamese, saying when a legal act is representative. */
function describe(change: CatalogueChange): string {
  const act = change.legalAct
    ? ` Theo ${change.legalAct.number}${change.legalAct.isRepresentative ? ' (quyết định minh họa của dữ liệu mẫu, không có thật)' : ''}.`
    : '';
  const fields = change.changedFields.length ? ` Trường thay đổi: ${change.changedFields.join(', ')}.` : '';
  return `${KIND_TITLES[change.kind]} thủ tục ${change.procedureCode}, phiên bản ${change.version}, hiệu lực từ ${change.effectiveFrom}.${fields}${act}`;
}

/**
 * The latest changes (newest first) as an Atom feed (RFC 4287): an entry per change of a
 * procedure in force, and a removal as an RFC 6721 deleted entry of the procedure's entry.
 */
export function atomFeed(latest: readonly CatalogueChange[]): string {
  const updated = latest[0]?.recordedAt.toISOString() ?? new Date(0).toISOString();
  const items = latest.map((change) => {
    const when = change.recordedAt.toISOString();
    if (change.kind === 'REMOVED') {
      return `  <at:deleted-entry ref="${entryId(change.procedureCode)}" when="${when}">
    <at:comment xml:lang="vi">${xml(describe(change))}</at:comment>
  </at:deleted-entry>`;
    }
    const name = change.procedure?.name ?? change.procedureCode;
    return `  <entry>
    <id>${entryId(change.procedureCode)}</id>
    <title xml:lang="vi">${xml(`${KIND_TITLES[change.kind]}: ${name}`)}</title>
    <updated>${when}</updated>
    <category term="${change.kind}"/>
    <content type="text" xml:lang="vi">${xml(describe(change))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0" xml:lang="vi">
  <id>urn:vn-procedure:changes</id>
  <title>Thay đổi danh mục thủ tục hành chính</title>
  <subtitle>Những thay đổi mới nhất của danh mục; toàn bộ lịch sử: GET /changes (NDJSON) hoặc truy vấn catalogueChanges (GraphQL).</subtitle>
  <updated>${updated}</updated>
  <author><name>vn-procedures-api</name></author>
  <link rel="self" type="application/atom+xml" href="/changes.atom"/>
${items.join('\n')}
</feed>
`;
}
