/**
 * Characters a user cannot see but a server receives: zero-width, bidi controls and marks, the
 * byte order mark, C0 and C1 control characters, soft hyphens, line and paragraph separators,
 * invisible operators, interlinear annotation marks, Unicode tag characters (U+E0000–U+E007F,
 * which spell hidden ASCII), and lone surrogate halves. Shown as labelled markers so a pasted token
 * with a hidden U+200B or a right-to-left override is seen for what it is.
 */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/** The text with hidden characters replaced by visible `U+200B` markers (rendered as text only). */
export function VisibleText({ text }: { text: string }) {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return <>{text}</>;
  const parts: (string | { code: string })[] = [];
  let last = 0;
  HIDDEN.lastIndex = 0;
  for (let match = HIDDEN.exec(text); match; match = HIDDEN.exec(text)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ code: `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) =>
        typeof part === 'string' ? (
          part
        ) : (
          <mark key={index} class="hidden-char" title={`Invisible character ${part.code}`}>
            {part.code}
          </mark>
        ),
      )}
    </>
  );
}
