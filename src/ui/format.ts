import { boundedJson } from '../core/tokens/bounded-json.ts';

/**
 * Page-controlled text at a bounded length, saying how much was left out: a 256 KB URL or a 1 MB
 * token is a few lines on screen, not thousands, and the user still sees that there was more.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never end on the first half of a surrogate pair.
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… ${(text.length - end).toLocaleString('en-US')} more characters`;
}

/** Host and path of a URL, the part a person recognises; the query is usually noise. */
export function hostAndPath(url: string, max = 300): string {
  try {
    const parsed = new URL(url);
    return clip(`${parsed.host}${parsed.pathname}`, max);
  } catch {
    return clip(url, max);
  }
}

export function clockTime(instant: number): string {
  return new Date(instant).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * A claim value as text: strings as they are, everything else as JSON, bounded in length and in
 * depth (JSON.stringify throws on a claim nested thousands of levels deep).
 */
export function claimText(value: unknown, limit = 2000): string {
  if (typeof value === 'string') return clip(value, limit);
  const { text, truncated } = boundedJson(value, { maxChars: limit, maxDepth: 16 });
  return truncated ? `${text}… (cut: longer or more deeply nested than shown)` : text;
}
