/** A claim value as short text for a sentence: strings quoted, arrays and objects as JSON, bounded. */
export function claimText(value: unknown, limit = 200): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
