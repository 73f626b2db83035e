import { badInput } from '../shared/errors';
import { html, type Html } from './html';
import { CHANGE_KIND_LABELS, formatDate, formatDateTime, ORIGIN_LABELS, REPRESENTATIVE_LABEL } from './labels';
import { renderPage } from './layout';
import type { RunQuery } from '../graphql/in-process-query';
import type { PortalAssets } from './portal-assets';

/** The latest changes of the catalogue, newest first (the audit trail is the feed with who and what). */
const CHANGES_QUERY = `query PortalChanges($after: String) {
  catalogueAudit(first: 30, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      kind origin author recordedAt effectiveFrom procedureCode version
      authorAgency { name }
      legalAct { number issuer issuedOn isRepresentative }
      procedure { name isRepresentative }
      changes { summary }
    } }
  }
}`;

interface ChangeEntry {
  kind: string;
  origin: string;
  author: string | null;
  recordedAt: string;
  effectiveFrom: string;
  procedureCode: string;
  version: number;
  authorAgency: { name: string } | null;
  legalAct: { number: string; issuer: string; issuedOn: string | null; isRepresentative: boolean } | null;
  procedure: { name: string; isRepresentative: boolean } | null;
  changes: { summary: string }[];
}

interface ChangesData {
  catalogueAudit: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: ChangeEntry }[] };
}

/** Items of a change listed before "and N more": a creation lists every field. */
const CHANGES_SHOWN = 5;

function entry(change: ChangeEntry): Html {
  const who = change.authorAgency?.name ?? change.author ?? ORIGIN_LABELS[change.origin];
  const shown = change.kind === 'AMENDED' ? change.changes.slice(0, CHANGES_SHOWN) : [];
  return html`<li class="change">
    <p>
      <strong>${CHANGE_KIND_LABELS[change.kind]}</strong> ·
      <a href="/thu-tuc/${encodeURIComponent(change.procedureCode)}">${change.procedure?.name ?? change.procedureCode}</a>
      <span class="meta">(mã ${change.procedureCode}, phiên bản ${change.version})</span>
      ${change.procedure?.isRepresentative ? html`<span class="tag representative">${REPRESENTATIVE_LABEL}</span>` : ''}
    </p>
    <p class="meta">
      Ghi nhận ${formatDateTime(change.recordedAt)}, áp dụng từ ${formatDate(change.effectiveFrom)} ·
      ${who}${
        change.legalAct
          ? html` · căn cứ ${change.legalAct.number} của
            ${change.legalAct.issuer}${change.legalAct.isRepresentative ? html` <span class="tag representative">văn bản minh họa</span>` : ''}`
          : ''
      }
    </p>
    ${
      shown.length
        ? html`<ul class="diff">
            ${shown.map((item) => html`<li lang="en">${item.summary}</li>`)}
          </ul>`
        : ''
    }
    ${change.kind === 'AMENDED' && change.changes.length > shown.length ? html`<p class="meta">và ${change.changes.length - shown.length} thay đổi khác</p>` : ''}
  </li>`;
}

/** `/thay-doi`: the latest catalogue changes, thirty at a time, with the feeds to follow them. */
export async function changesPage(query: URLSearchParams, run: RunQuery, assets: PortalAssets): Promise<string> {
  const after = query.get('sau') || null;
  if (after && after.length > 200) throw badInput('Vị trí trang không hợp lệ.', 'sau');
  const { catalogueAudit } = await run<ChangesData>(CHANGES_QUERY, { after });
  return renderPage(
    {
      title: 'Thay đổi danh mục',
      section: '/thay-doi',
      description: 'Các thay đổi mới nhất của danh mục thủ tục hành chính: công bố mới, sửa đổi, bãi bỏ.',
      head: html`<link rel="alternate" type="application/atom+xml" title="Thay đổi danh mục thủ tục" href="/changes.atom" />`,
      main: html`<h1>Thay đổi danh mục thủ tục</h1>
        <p>
          Mới nhất trước. Theo dõi bằng <a href="/changes.atom">nguồn tin Atom</a>; hệ thống khác đồng bộ qua <code>/changes</code> hoặc
          <code>catalogueChanges</code> của API.
        </p>
        <ol class="changes">
          ${catalogueAudit.edges.map((edge) => entry(edge.node))}
        </ol>
        ${
          catalogueAudit.pageInfo.hasNextPage && catalogueAudit.pageInfo.endCursor
            ? html`<p class="pager"><a rel="next" href="/thay-doi?sau=${encodeURIComponent(catalogueAudit.pageInfo.endCursor)}">Các thay đổi cũ hơn</a></p>`
            : ''
        }`,
    },
    assets,
  );
}
