import { html, type Html } from './html';

/** A name split into pieces, the words that matched the search marked (HighlightSegment). */
export type Highlight = { text: string; matched: boolean }[];

export const renderHighlight = (segments: Highlight): Html =>
  html`${segments.map((segment) => (segment.matched ? html`<mark>${segment.text}</mark>` : segment.text))}`;
