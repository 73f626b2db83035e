import { html, trusted } from '../../../src/portal/html';

describe('html', () => {
  it('escapes what it inserts, whatever its kind, and inserts markup it made itself as is', () => {
    const name = `<script>alert("x")</script> & 'quoted'`;
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;';
    // prettier-ignore
    const item = html`<li>${name}</li>`;
    // prettier-ignore
    expect(html`<ul>${[item, item]}</ul>`.value).toBe(`<ul><li>${escaped}</li><li>${escaped}</li></ul>`);
    // prettier-ignore
    expect(html`<a title="${'" onmouseover="alert(1)'}">`.value).toBe('<a title="&quot; onmouseover=&quot;alert(1)">');
    expect(html`${null}${undefined}${false}${true}${0}${''}`.value).toBe('0');
    // prettier-ignore
    expect(html`<script type="application/json">${trusted('{"a":"\\u003c/script>"}')}</script>`.value).toBe('<script type="application/json">{"a":"\\u003c/script>"}</script>');
  });
});
