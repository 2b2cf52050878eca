import { findStoredTokens, type StoredEntry } from '../core/page-tokens/find-stored-tokens.ts';

/** Reads the page's storage and readable cookies (the isolated world shares both with the page). */
export function collectPageTokens() {
  const entries: StoredEntry[] = [];
  for (const store of ['localStorage', 'sessionStorage'] as const) {
    try {
      const storage = window[store];
      for (let index = 0; index < storage.length && entries.length < 300; index++) {
        const key = storage.key(index);
        if (key !== null) entries.push({ store, key, value: storage.getItem(key) ?? '' });
      }
    } catch {
      // Storage can be disabled or blocked (sandboxed frames, privacy settings).
    }
  }
  for (const pair of document.cookie ? document.cookie.split('; ') : []) {
    const equals = pair.indexOf('=');
    if (equals > 0)
      entries.push({
        store: 'cookie',
        key: pair.slice(0, equals),
        value: safeDecode(pair.slice(equals + 1)),
      });
  }
  return { tokens: findStoredTokens(entries) };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
