/** Host and path of a URL, the part a person recognises; the query is usually noise. */
export function hostAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

export function clockTime(instant: number): string {
  return new Date(instant).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A claim value as text: strings as they are, everything else as bounded JSON. */
export function claimText(value: unknown, limit = 2000): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
}
