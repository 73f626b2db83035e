import { AppError } from '../../shared/errors';
import { groupBy } from '../group-by';
import { html, type Html } from '../html';
import {
  CHANGE_KIND_LABELS,
  CHANNEL_LABELS,
  FEE_KIND_LABELS,
  fieldNames,
  formatDate,
  formatDateTime,
  formatVnd,
  LEVEL_LABELS,
  ONLINE_LEVEL_LABELS,
  REPRESENTATIVE_LABEL,
  STATUS_LABELS,
  SUBJECT_LABELS,
} from '../labels';
import { renderPage } from '../layout';
import type { RunQuery } from '../../graphql/in-process-query';
import type { PortalAssets } from '../portal-assets';
import { PROCEDURE_QUERY, type ProcedureData, type ProcedureRecord, type ProcedureVersion } from './procedure.query';

/** National codes (`1.001193`), representative ones (`R.…`) and local ones: letters, digits, dots and dashes. */
const PROCEDURE_CODE = /^[\p{L}\p{N}.\-_]{1,40}$/u;

function fee(item: ProcedureRecord['channels'][number]['fees'][number]): Html {
  const amount = item.amountVnd === null ? 'Theo quy định (không có mức cố định)' : item.amountVnd === 0 ? 'Không thu' : formatVnd(item.amountVnd);
  return html`<li>
    <strong>${FEE_KIND_LABELS[item.kind]}: ${amount}</strong>${item.description ? html`<br /><span class="verbatim">${item.description}</span>` : ''}
  </li>`;
}

function channels(procedure: ProcedureRecord): Html {
  if (!procedure.channels.length) return html`<p>Danh mục chưa ghi cách thức thực hiện.</p>`;
  return html`<div class="channels">
    ${procedure.channels.map(
      (channel) =>
        html`<section class="channel">
          <h3>${CHANNEL_LABELS[channel.channel]}</h3>
          <dl>
            <dt>Thời hạn giải quyết</dt>
            <dd class="verbatim">${channel.processingTime.description || '—'}</dd>
            <dt>Phí, lệ phí</dt>
            <dd>
              ${
                channel.fees.length
                  ? html`<ul>
                      ${channel.fees.map(fee)}
                    </ul>`
                  : 'Không thu phí, lệ phí'
              }
            </dd>
          </dl>
        </section>`,
    )}
  </div>`;
}

function documents(procedure: ProcedureRecord): Html {
  if (!procedure.requiredDocuments.length) return html`<p>Danh mục không yêu cầu thành phần hồ sơ.</p>`;
  return html`${groupBy(procedure.requiredDocuments, (document) => document.caseName).map(
    ([caseName, items]) =>
      html`<section class="case">
        ${caseName ? html`<h3>Trường hợp: ${caseName}</h3>` : ''}
        <table>
          <caption class="visually-hidden">
            Thành phần hồ sơ${caseName ? ` (${caseName})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Giấy tờ</th>
              <th scope="col">Bản chính</th>
              <th scope="col">Bản sao</th>
              <th scope="col">Mẫu đơn, tờ khai</th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (document) =>
                html`<tr>
                  <td>${document.name}${document.isRequired ? '' : html` <span class="tag">Không bắt buộc</span>`}</td>
                  <td class="number">${document.originals}</td>
                  <td class="number">${document.copies}</td>
                  <td>
                    ${document.formUrl ? html`<a href="${document.formUrl}" rel="noopener">${document.formName ?? 'Tải mẫu'}</a>` : (document.formName ?? '—')}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`,
  )}`;
}

function steps(procedure: ProcedureRecord): Html {
  if (!procedure.steps.length) return html`<p>Danh mục chưa ghi trình tự thực hiện.</p>`;
  return html`${groupBy(procedure.steps, (step) => step.caseName).map(
    ([caseName, items]) =>
      html`${caseName ? html`<h3>Trường hợp: ${caseName}</h3>` : ''}
        <ol class="steps">
          ${[...items].sort((a, b) => a.position - b.position).map((step) => html`<li class="verbatim">${step.description}</li>`)}
        </ol>`,
  )}`;
}

function legalAct(act: ProcedureVersion['legalAct']): Html {
  if (!act) return html`—`;
  return html`${act.number}${act.issuedOn ? ` ngày ${formatDate(act.issuedOn)}` : ''} của
  ${act.issuer}${act.isRepresentative ? html` <span class="tag representative">${REPRESENTATIVE_LABEL}: văn bản không có thật</span>` : ''}`;
}

function history(versions: ProcedureVersion[], total: number): Html {
  return html`<table>
      <caption class="visually-hidden">
        Các phiên bản của thủ tục
      </caption>
      <thead>
        <tr>
          <th scope="col">Phiên bản</th>
          <th scope="col">Thay đổi</th>
          <th scope="col">Áp dụng</th>
          <th scope="col">Căn cứ</th>
          <th scope="col">Nội dung thay đổi</th>
        </tr>
      </thead>
      <tbody>
        ${versions.map(
          (version) =>
            html`<tr>
              <td class="number">${version.version}</td>
              <td>${CHANGE_KIND_LABELS[version.kind]}<br /><span class="meta">ghi nhận ${formatDateTime(version.recordedAt)}</span></td>
              <td>
                từ
                ${formatDate(version.validFrom)}${version.validTo ? html`<br />đến trước ${formatDate(version.validTo)}` : html`<br /><strong>đang áp dụng</strong>`}
              </td>
              <td>${legalAct(version.legalAct)}</td>
              <td>${version.kind === 'AMENDED' ? fieldNames(version.changedFields) : '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${total > versions.length ? html`<p>Hiển thị ${versions.length} phiên bản mới nhất trong ${total}; xem tất cả qua <code>procedureHistory</code> của API.</p>` : ''}`;
}

function record(procedure: ProcedureRecord, versions: ProcedureVersion[], total: number): Html {
  const current = versions.find((version) => version.version === procedure.version);
  return html`<article class="procedure">
    <p class="breadcrumb"><a href="/">Tra cứu thủ tục</a> › ${procedure.field.name}</p>
    <h1>${procedure.name}</h1>
    ${
      procedure.isRepresentative
        ? html`<p class="notice representative" role="note">
            <strong>${REPRESENTATIVE_LABEL}.</strong> Thủ tục này được tạo để danh mục đủ số lượng đã công bố, không phải thủ tục thật: không dùng làm căn cứ.
          </p>`
        : procedure.representativeFields.length
          ? html`<p class="notice representative" role="note">
              <strong>Một phần là ${REPRESENTATIVE_LABEL.toLowerCase()}:</strong> các mục ${fieldNames(procedure.representativeFields)} được tạo để thử nghiệm,
              không lấy từ nguồn chính thức.
            </p>`
          : ''
    }
    <dl class="facts">
      <dt>Mã thủ tục</dt>
      <dd>${procedure.code}</dd>
      <dt>Tình trạng</dt>
      <dd>${STATUS_LABELS[procedure.status]}</dd>
      <dt>Cấp thực hiện</dt>
      <dd>${LEVEL_LABELS[procedure.level]}</dd>
      <dt>Lĩnh vực</dt>
      <dd>${procedure.field.name}</dd>
      <dt>Cơ quan thực hiện</dt>
      <dd>${procedure.implementingAgency.name} (${procedure.implementingAgency.unit.name})</dd>
      <dt>Đối tượng thực hiện</dt>
      <dd>${procedure.subjects.map((subject) => SUBJECT_LABELS[subject]).join(', ') || '—'}</dd>
      <dt>Dịch vụ công trực tuyến</dt>
      <dd>${ONLINE_LEVEL_LABELS[procedure.onlineServiceLevel]}</dd>
      <dt>Một cửa</dt>
      <dd>
        ${procedure.isOneStop ? 'Tiếp nhận và trả kết quả tại bộ phận một cửa' : 'Không qua bộ phận một cửa'}${procedure.isInterconnected ? '; liên thông' : ''}
      </dd>
      <dt>Có hiệu lực từ</dt>
      <dd>${formatDate(procedure.effectiveFrom)}${procedure.effectiveTo ? ` đến ${formatDate(procedure.effectiveTo)}` : ''}</dd>
      <dt>Nội dung hiện hành áp dụng từ</dt>
      <dd>${formatDate(current?.validFrom ?? procedure.effectiveFrom)} (phiên bản ${procedure.version})</dd>
      ${
        procedure.announcementDecision
          ? html`<dt>Quyết định công bố</dt>
              <dd>${procedure.announcementDecision}</dd>`
          : ''
      }
    </dl>

    <section aria-labelledby="cach-thuc">
      <h2 id="cach-thuc">Nộp hồ sơ ở đâu, bằng cách nào</h2>
      <p>Nơi tiếp nhận: <strong>${procedure.implementingAgency.name}</strong>, ${procedure.implementingAgency.unit.name}.</p>
      ${channels(procedure)}
    </section>
    <section aria-labelledby="ho-so">
      <h2 id="ho-so">Thành phần hồ sơ</h2>
      ${documents(procedure)}
    </section>
    <section aria-labelledby="trinh-tu">
      <h2 id="trinh-tu">Trình tự thực hiện</h2>
      ${steps(procedure)}
    </section>
    ${
      procedure.conditions
        ? html`<section aria-labelledby="dieu-kien">
            <h2 id="dieu-kien">Yêu cầu, điều kiện</h2>
            <p class="verbatim">${procedure.conditions}</p>
          </section>`
        : ''
    }
    <section aria-labelledby="ket-qua-tt">
      <h2 id="ket-qua-tt">Kết quả thực hiện</h2>
      ${
        procedure.results.length
          ? html`<ul>
              ${procedure.results.map((item) => html`<li>${item}</li>`)}
            </ul>`
          : html`<p>—</p>`
      }
    </section>
    <section aria-labelledby="can-cu">
      <h2 id="can-cu">Căn cứ pháp lý</h2>
      ${
        procedure.legalBasis.length
          ? html`<ul>
              ${procedure.legalBasis.map((act) => html`<li>${act.number}${act.issuedOn ? ` ngày ${formatDate(act.issuedOn)}` : ''} của ${act.issuer}: ${act.title}</li>`)}
            </ul>`
          : html`<p>—</p>`
      }
    </section>
    <section aria-labelledby="lich-su">
      <h2 id="lich-su">Lịch sử thay đổi</h2>
      ${history(versions, total)}
      <p>
        Cập nhật lần cuối ${formatDateTime(procedure.updatedAt)}. Dữ liệu máy đọc: truy vấn <code>procedure(code: "${procedure.code}")</code> của API, hoặc
        <a href="/du-lieu">tải toàn bộ danh mục</a>.
      </p>
    </section>
  </article>`;
}

/** `/thu-tuc/{code}`: the whole record for a citizen, complete without JavaScript. */
export async function procedurePage(code: string, run: RunQuery, assets: PortalAssets): Promise<string> {
  if (!PROCEDURE_CODE.test(code)) throw new AppError('NOT_FOUND', 'Mã thủ tục không hợp lệ.');
  const data = await run<ProcedureData>(PROCEDURE_QUERY, { code });
  if (!data.procedure) throw new AppError('NOT_FOUND', `Không có thủ tục mã ${code} đang áp dụng.`);
  return renderPage(
    {
      title: data.procedure.name,
      section: '/',
      description: `${data.procedure.name}: thành phần hồ sơ, phí, lệ phí, thời hạn giải quyết, cơ quan thực hiện.`,
      main: record(
        data.procedure,
        data.procedureHistory.edges.map((edge) => edge.node),
        data.procedureHistory.totalCount,
      ),
    },
    assets,
  );
}
