import { html, type Html } from './html';
import type { PortalAssetName, PortalAssets } from './portal-assets';

const NAVIGATION = [
  { path: '/', label: 'Tra cứu thủ tục' },
  { path: '/thong-ke', label: 'Thống kê hồ sơ' },
  { path: '/du-lieu', label: 'Dữ liệu mở' },
  { path: '/thay-doi', label: 'Thay đổi danh mục' },
];

export interface PageContent {
  title: string;
  /** The navigation entry this page belongs to. */
  section: string;
  main: Html;
  description?: string;
  scripts?: Exclude<PortalAssetName, 'portal.css'>[];
  head?: Html;
}

/** The whole document: Vietnamese, a skip link, the navigation, the page, and what the data is. */
export function renderPage(content: PageContent, assets: PortalAssets): string {
  return (
    '<!doctype html>' +
    html`<html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${content.title} · Thủ tục hành chính</title>
        ${content.description ? html`<meta name="description" content="${content.description}" />` : ''}
        <link rel="stylesheet" href="${assets.url('portal.css')}" />
        ${(content.scripts ?? []).map((script) => html`<script type="module" src="${assets.url(script)}"></script>`)} ${content.head ?? ''}
      </head>
      <body>
        <a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
        <header class="site-header">
          <p class="site-name"><a href="/">Thủ tục hành chính · API mở</a></p>
          <nav aria-label="Chính">
            <ul>
              ${NAVIGATION.map((item) => html`<li><a href="${item.path}" ${item.path === content.section ? html`aria-current="page"` : ''}>${item.label}</a></li>`)}
            </ul>
          </nav>
        </header>
        <main id="noi-dung" tabindex="-1">${content.main}</main>
        <footer class="site-footer">
          <p>
            Mọi thông tin trên các trang này lấy từ API GraphQL công khai (<code>/graphql</code>); các trang là mã nguồn tham khảo cho cổng dịch vụ công. Dữ
            liệu phát hành theo giấy phép <a href="https://creativecommons.org/licenses/by/4.0/deed.vi" rel="license">CC BY 4.0</a>.
          </p>
          <p>
            Những mục gắn nhãn “Dữ liệu minh họa” được tạo để thử nghiệm (thủ tục mã “R.”, hồ sơ mẫu, văn bản mẫu): không phải dữ liệu thực, không dùng làm căn
            cứ.
          </p>
        </footer>
      </body>
    </html>`.value
  );
}
