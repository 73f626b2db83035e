/**
 * Vietnamese text normalisation shared by search and highlighting. It mirrors the SQL functions
 * vn_fold() and vn_words() (unaccent + lower, y as i): what a citizen types and what the
 * catalogue stores fold to the same ASCII text, whatever the diacritics, case or normal form.
 */

/** Folds one NFC character: strips tone and vowel marks, đ to d, lower case, y to i (kí = ký). */
function foldChar(char: string): string {
  if (char === 'đ' || char === 'Đ') return 'd';
  const folded = char
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return folded === 'y' ? 'i' : folded;
}

/** NFC first, so that NFD input (decomposed marks) folds like the precomposed text it means. */
function foldVietnamese(text: string): string {
  let folded = '';
  for (const char of text.normalize('NFC')) folded += foldChar(char);
  return folded;
}

/**
 * Lower case without tone and vowel marks, đ as d, but y kept (foldVietnamese without the y to
 * i): for identifiers people read, such as slugs, where "quy-hoach" must not become "qui-hoach".
 */
export function plainVietnamese(text: string): string {
  let plain = '';
  for (const char of text.normalize('NFC')) {
    plain +=
      char === 'đ' || char === 'Đ'
        ? 'd'
        : char
            .normalize('NFD')
            .replace(/\p{M}+/gu, '')
            .toLowerCase();
  }
  return plain;
}

/** True when the text carries tone or vowel marks or đ: the user chose a spelling. */
export function hasDiacritics(text: string): boolean {
  return /[\p{M}đĐ]/u.test(text.normalize('NFD'));
}

/**
 * Lower-case words with their diacritics (NFC), split like vn_lower_words() splits a name in
 * the database: anything that is not a letter or digit separates words.
 */
export function lowerWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Words of the text as folded ASCII tokens. Everything that is not a letter or digit separates
 * words, so tsquery operators, quotes and emoji in the input are never syntax.
 */
export function searchTokens(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}

export interface HighlightSegment {
  text: string;
  matched: boolean;
}

/**
 * Splits `name` into segments, marking the words that match a search token (a whole word, or
 * the start of a word for the last, possibly half-typed, token). Folding keeps one character per
 * NFC character, so positions in the folded name are positions in the original.
 */
export function highlightName(name: string, tokens: string[]): HighlightSegment[] {
  const original = [...name.normalize('NFC')];
  const folded = original.map(foldChar);
  const segments: HighlightSegment[] = [];
  const push = (text: string, matched: boolean) => {
    const last = segments.at(-1);
    if (last && last.matched === matched) last.text += text;
    else if (text) segments.push({ text, matched });
  };
  const lastToken = tokens.at(-1);
  let i = 0;
  while (i < original.length) {
    if (!/[a-z0-9]/.test(folded[i])) {
      push(original[i], false);
      i++;
      continue;
    }
    let j = i;
    while (j < original.length && /[a-z0-9]/.test(folded[j])) j++;
    const word = folded.slice(i, j).join('');
    const matched = tokens.includes(word) || (lastToken !== undefined && lastToken.length >= 2 && word.startsWith(lastToken));
    push(original.slice(i, j).join(''), matched);
    i = j;
  }
  return segments;
}
