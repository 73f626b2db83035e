/** Markup known to be safe: what `html` returns, inserted by `html` as it is. */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template may insert: text is escaped, markup inserted, lists joined, and null, undefined and booleans leave nothing. */
export type HtmlPart = Html | string | number | boolean | null | undefined | readonly HtmlPart[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character]);

function render(part: HtmlPart): string {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly HtmlPart[]).map(render).join('');
  if (part === null || part === undefined || typeof part === 'boolean') return '';
  return escapeHtml(String(part));
}

/**
 * A template literal whose inserted values are escaped: text from the catalogue (names, fee
 * descriptions, an agency's edit) can never become markup. Runs on the server and in the browser,
 * so both render results the same way.
 */
export function html(strings: TemplateStringsArray, ...parts: HtmlPart[]): Html {
  let markup = strings[0];
  for (let i = 0; i < parts.length; i++) markup += render(parts[i]) + strings[i + 1];
  return new Html(markup);
}

/** Trusted markup inserted as is (a serialised JSON island whose `<` are already escaped). */
export const trusted = (markup: string): Html => new Html(markup);
