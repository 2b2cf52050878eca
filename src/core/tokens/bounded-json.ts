/**
 * JSON text for a decoded claim or header, bounded in length and depth, that never throws.
 *
 * JSON.stringify recurses: a claim nested a few thousand arrays deep (a page can send one; it fits
 * in a 30 KB token) throws RangeError "Maximum call stack size exceeded", and a megabyte claim is a
 * megabyte of text where a line was wanted. This writer stops at `maxChars` and shows members
 * deeper than `maxDepth` as `[…]` / `{…}`, and says when it did either.
 */
export interface BoundedJsonOptions {
  maxChars: number;
  /** Levels of arrays and objects written out; deeper ones become `[…]` / `{…}`. */
  maxDepth?: number;
  /** Spaces per level, as JSON.stringify's third argument; 0 writes one line. */
  indent?: number;
}

export interface BoundedJson {
  text: string;
  /** True when the text stops short of the value: cut at `maxChars`, or deeper members elided. */
  truncated: boolean;
}

const DEFAULT_DEPTH = 32;

export function boundedJson(value: unknown, options: BoundedJsonOptions): BoundedJson {
  const maxDepth = options.maxDepth ?? DEFAULT_DEPTH;
  const indent = options.indent ?? 0;
  const parts: string[] = [];
  let length = 0;
  let full = false;
  let elided = false;

  const push = (text: string): void => {
    if (full) return;
    const room = options.maxChars - length;
    if (text.length > room) {
      parts.push(text.slice(0, room));
      length = options.maxChars;
      full = true;
    } else {
      parts.push(text);
      length += text.length;
    }
  };
  const newline = (depth: number): void => {
    if (indent > 0) push(`\n${' '.repeat(indent * depth)}`);
  };

  /** A scalar as JSON, or undefined for arrays and objects. */
  const scalar = (item: unknown): string | undefined => {
    // Quoting a prefix one longer than the room left still overflows it, so the cut is seen.
    if (typeof item === 'string') return JSON.stringify(item.slice(0, options.maxChars - length + 1));
    // JSON.parse reads 1e999 as Infinity; JSON.stringify would write null, which misstates the claim.
    if (typeof item === 'number') return Number.isFinite(item) ? JSON.stringify(item) : String(item);
    if (item === null || typeof item !== 'object') return String(item);
    return undefined;
  };

  const write = (item: unknown, depth: number): void => {
    if (full) return;
    const text = scalar(item);
    if (text !== undefined) {
      push(text);
      return;
    }
    const container = item as object;
    const array = Array.isArray(container);
    const keys = array ? [] : Object.keys(container);
    const size = array ? container.length : keys.length;
    if (size === 0 || depth >= maxDepth) {
      if (size > 0) elided = true;
      push(array ? (size ? '[…]' : '[]') : size ? '{…}' : '{}');
      return;
    }
    push(array ? '[' : '{');
    for (let index = 0; index < size && !full; index++) {
      if (index > 0) push(',');
      newline(depth + 1);
      if (array) {
        write(container[index], depth + 1);
      } else {
        const key = keys[index] as string;
        push(`${JSON.stringify(key)}:${indent > 0 ? ' ' : ''}`);
        // The own data property: no getter runs, and an own "__proto__" key reads as itself.
        write(Object.getOwnPropertyDescriptor(container, key)?.value, depth + 1);
      }
    }
    newline(depth);
    push(array ? ']' : '}');
  };

  write(value, 0);
  return { text: parts.join(''), truncated: full || elided };
}
