import { boundedJson } from './bounded-json.ts';

/** A claim value as short text for a sentence: strings quoted, arrays and objects as JSON, bounded. */
export function claimText(value: unknown, limit = 200): string {
  const { text, truncated } = boundedJson(value, { maxChars: limit });
  return truncated ? `${text}…` : text;
}
