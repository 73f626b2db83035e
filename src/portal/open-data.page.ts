import { html } from './html';
import { renderPage } from './layout';
import type { RunQuery } from '../graphql/in-process-query';
import type { PortalAssets } from './portal-assets';

const DATASETS_QUERY = `query PortalDatasets {
  datasets { id titleVi descriptionVi licence takesAsOf distributions { format mediaType path } columns { name type required description } }
}`;

interface DatasetsData {
  datasets: {
    id: string;
    titleVi: string;
    descriptionVi: string;
    licence: string;
    takesAsOf: boolean;
    distributions: { format: string; mediaType: string; path: string }[];
    columns: { name: string; type: string; required: boolean; description: string }[];
  }[];
}

/** `/du-lieu`: every open-data download from the `datasets` query, its columns, and the licence. */
export async function openDataPage(run: RunQuery, assets: PortalAssets): Promise<string> {
  const { datasets } = await run<DatasetsData>(DATASETS_QUERY, {});
  return renderPage(
    {
      title: 'Dữ liệu mở',
      section: '/du-lieu',
      description: 'Tải toàn bộ danh mục thủ tục hành chính và số liệu giải quyết hồ sơ: CSV, NDJSON, Parquet, JSON-LD.',
      main: html`<h1>Dữ liệu mở</h1>
        <p>
          Toàn bộ danh mục thủ tục và số liệu giải quyết hồ sơ, tải về tự do theo giấy phép
          <a href="https://creativecommons.org/licenses/by/4.0/deed.vi" rel="license">Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)</a>: được sao chép, phân
          phối, chỉnh sửa và dùng cho mục đích thương mại, với điều kiện ghi nguồn.
        </p>
        <p>
          Mô tả máy đọc: <a href="/opendata/datapackage.json">Data Package (Frictionless)</a> · <a href="/opendata/catalog.jsonld">Danh mục DCAT-AP</a>. Bảng
          danh mục nhận thêm <code>?asOf=YYYY-MM-DD</code> (danh mục tại một ngày); tệp CSV nhận <code>?bom=true</code> để mở đúng tiếng Việt bằng Excel.
        </p>
        <p class="notice representative" role="note">
          Các bảng đánh dấu dữ liệu minh họa ở cột <code>is_representative</code> (thủ tục mã “R.”) và <code>representative_received</code> (hồ sơ mẫu): không
          dùng các dòng đó làm căn cứ.
        </p>
        ${datasets.map(
          (dataset) =>
            html`<section class="dataset" aria-labelledby="ds-${dataset.id}">
              <h2 id="ds-${dataset.id}">${dataset.titleVi}</h2>
              <p>${dataset.descriptionVi}</p>
              <ul class="downloads">
                ${dataset.distributions.map(
                  (distribution) =>
                    html`<li>
                      <a href="${distribution.path}" type="${distribution.mediaType}" download
                        >Tải ${distribution.format}<span class="visually-hidden">: ${dataset.titleVi}</span></a
                      >
                    </li>`,
                )}
              </ul>
              <details>
                <summary>${dataset.columns.length} cột</summary>
                <table>
                  <caption class="visually-hidden">
                    Các cột của ${dataset.titleVi}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Cột</th>
                      <th scope="col">Kiểu</th>
                      <th scope="col">Mô tả</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${dataset.columns.map(
                      (column) =>
                        html`<tr>
                          <th scope="row"><code>${column.name}</code>${column.required ? '' : ' (có thể trống)'}</th>
                          <td>${column.type}</td>
                          <td lang="en">${column.description}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </details>
            </section>`,
        )}`,
    },
    assets,
  );
}
