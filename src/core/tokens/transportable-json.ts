/**
 * A copy of decoded JSON (a token's header or claims) that survives being sent between the
 * extension's contexts. Chrome serialises messages with a nesting limit (a claim 10,000 arrays
 * deep fails the whole reply with "Could not serialize message") and writes ±Infinity (JSON.parse
 * reads 1e999 so) as null, which would misstate the claim. Deeper members become the text
 * `[…]` / `{…}`, as boundedJson writes them; infinities become their text.
 */
export const TRANSPORT_DEPTH = 32;

export function transportableJson<T>(value: T, maxDepth = TRANSPORT_DEPTH): T {
  return copy(value, 0, maxDepth) as T;
}

function copy(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1, maxDepth));
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    // defineProperty, not assignment: a claim named __proto__ must stay a claim, not a prototype.
    Object.defineProperty(result, key, {
      value: copy(member, depth + 1, maxDepth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
