import { html } from './html';
import { renderPage } from './layout';
import type { PortalAssets } from './portal-assets';

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  404: 'Không tìm thấy trang',
  429: 'Quá nhiều yêu cầu',
  503: 'Dịch vụ tạm thời không phục vụ được',
};

/** A page for a request the portal cannot answer, with what to do next and the error's code. */
export function errorPage(status: number, message: string, code: string, assets: PortalAssets): string {
  const title = TITLES[status] ?? 'Đã có lỗi';
  return renderPage(
    {
      title,
      section: '',
      main: html`<h1>${title}</h1>
        <p>${status >= 500 && status !== 503 ? 'Máy chủ gặp lỗi khi tạo trang này. Lỗi đã được ghi lại; vui lòng thử lại sau.' : message}</p>
        <p class="meta">Mã lỗi: <code>${code}</code></p>
        <p><a href="/">Về trang tra cứu thủ tục</a></p>`,
    },
    assets,
  );
}
