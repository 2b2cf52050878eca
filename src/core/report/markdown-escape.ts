/**
 * Markdown for page-controlled text: whatever a page or server put in a header, a claim or a body
 * must show as text and never change the report's structure (headings, tables, lists, links,
 * HTML). CommonMark §2.4 lets any ASCII punctuation be backslash-escaped; GFM tables split on `|`.
 */
const INLINE_SPECIAL = /[\\`*_[\]|~]/g;
/** `&lt;` typed by the page must not turn into `<` when rendered: escape only what reads as an entity. */
const ENTITY_LIKE = /&(?=#?[A-Za-z0-9]+;)/g;

/** Text for a paragraph, list item or table cell: one line, escaped, at most `limit` characters. */
export function escapeInline(text: string, limit = 1000): string {
  return singleLine(clip(text, limit))
    .trim()
    .replace(INLINE_SPECIAL, (char) => `\\${char}`)
    .replace(ENTITY_LIKE, '&amp;')
    .replaceAll('<', '&lt;')
    .replace(/^([#>+-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * An inline code span whose fence is longer than any backtick run inside (CommonMark §6.1). A
 * space pads content that starts or ends with a backtick or a space, since one is stripped.
 */
export function codeSpan(text: string, limit = 1000): string {
  const flat = singleLine(clip(text, limit));
  if (flat === '') return '(empty)';
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block (CommonMark §4.5) that no line of `text` can close: the fence is longer. */
export function fencedBlock(text: string, info = 'text'): string {
  const body = replaceControls(text.replace(/\r\n?/g, '\n'), true);
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** At most `limit` characters, with an ellipsis when cut. */
export function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Line breaks become spaces: a page-controlled newline could start a heading or end a table. */
function singleLine(text: string): string {
  return replaceControls(text.replace(/\r\n|[\r\n\u2028\u2029\u0085\t]/g, ' '), false);
}

/**
 * C0 controls, DEL, and bidi overrides and isolates (the "Trojan Source" characters that reorder
 * what a reader sees, CVE-2021-42574) become U+FFFD. A code-point loop, since the report is small.
 */
function replaceControls(text: string, keepNewlines: boolean): string {
  let out = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const control =
      (code < 0x20 && !(keepNewlines && (code === 0x0a || code === 0x09))) ||
      code === 0x7f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069);
    if (control) {
      out += `${text.slice(start, index)}\uFFFD`;
      start = index + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const each of text) {
    current = each === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}
