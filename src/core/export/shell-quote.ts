/** C0 controls, DEL and C1 controls: what a terminal would act on instead of showing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same range, plus what $'…' escapes
const ANSI_C_SPECIAL = /[\\'\u0000-\u001f\u007f-\u009f]/g;

/**
 * One bash word that stands for `text` exactly. Single quotes make every character literal
 * (bash(1) QUOTING: no expansion, no history expansion), so the only character to handle is `'`
 * itself, which closes the quote, is escaped, and reopens it: `'\''`.
 *
 * Text with control characters uses ANSI-C quoting (`$'…'`) instead, as DevTools' "Copy as cURL
 * (bash)" does, so a carriage return or escape sequence in a hostile value is shown as `\r` or
 * `\x1b` rather than rewriting the user's terminal when pasted.
 */
export function shellQuote(text: string): string {
  if (!CONTROL.test(text)) return `'${text.replaceAll("'", "'\\''")}'`;
  return `$'${text.replace(ANSI_C_SPECIAL, escapeAnsiC)}'`;
}

function escapeAnsiC(char: string): string {
  switch (char) {
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    // A NUL ends a C string: bash cannot pass it in an argument, so it is dropped.
    case '\u0000':
      return '';
    default: {
      const code = char.charCodeAt(0);
      // \xHH is a byte; C1 controls are two-byte UTF-8 characters, which need \uHHHH (bash ≥ 4.2).
      return code < 0x80
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  }
}
