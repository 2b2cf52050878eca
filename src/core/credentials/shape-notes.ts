/** Notes on what is invisible or misplaced in a credential value: the glue bugs users cannot see. */
const SPACE = /[\t\n\v\f\r ]/;
const QUOTE = /["'`\u2018\u2019\u201C\u201D]/;
/** Zero-width and bidi-control characters: invisible when pasted, yet part of the value sent. */
const INVISIBLE: ReadonlyArray<readonly [from: number, to: number, words: string]> = [
  [0x200b, 0x200d, 'zero-width character'],
  [0x200e, 0x200f, 'direction mark'],
  [0x202a, 0x202e, 'bidi control'],
  [0x2066, 0x2069, 'bidi isolate'],
  [0xfeff, 0xfeff, 'byte order mark'],
];
const invisible = (code: number) => INVISIBLE.find(([from, to]) => code >= from && code <= to)?.[2];
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The value without the white space, invisible characters and quotes around it, for recognition. */
export function recognisableCore(value: string): string {
  const edge = (char: string) => SPACE.test(char) || invisible(char.charCodeAt(0)) !== undefined;
  let start = 0;
  let end = value.length;
  for (;;) {
    while (start < end && edge(value.charAt(start))) start++;
    while (end > start && edge(value.charAt(end - 1))) end--;
    if (end - start < 2 || !QUOTE.test(value.charAt(start)) || !QUOTE.test(value.charAt(end - 1))) break;
    start++;
    end--;
  }
  return value.slice(start, end);
}

/** What a user cannot see in the value but a server will choke on. */
/** Printable ASCII with no space or quote: nothing to note (the common case, checked in one pass). */
const PLAIN = /^[!#-&(-_a-~]+$/;

export function shapeNotes(value: string): string[] {
  if (value === '') return ['empty value'];
  if (PLAIN.test(value)) return [];
  const notes: string[] = [];
  const places: string[] = [];
  if (SPACE.test(value.charAt(0))) places.push('at the start');
  if (SPACE.test(value.charAt(value.length - 1))) places.push('at the end');
  if (SPACE.test(value.trim())) places.push('inside');
  if (places.length) notes.push(`contains white space (${places.join(', ')})`);
  if (/[\r\n]/.test(value)) notes.push('contains a line break');
  const core = recognisableCore(value);
  if (core.length < value.trim().length && QUOTE.test(value.trim().charAt(0)))
    notes.push('wrapped in quotes');
  else if (QUOTE.test(core)) notes.push('contains quote characters');
  const hidden = new Set<string>();
  let others = 0;
  let firstOther = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const words = invisible(code);
    if (words) hidden.add(`contains invisible ${hex(code)} (${words})`);
    else if (code > 0x7e || (code < 0x20 && !SPACE.test(char))) {
      others++;
      firstOther ||= hex(code);
    }
  }
  notes.push(...hidden);
  if (others)
    notes.push(
      `contains ${others} non-ASCII or control character${others > 1 ? 's' : ''} (first ${firstOther})`,
    );
  return notes;
}
