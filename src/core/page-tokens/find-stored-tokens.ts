import { looksLikeJwt } from '../tokens/decode-jwt.ts';

/**
 * Tokens a page keeps in localStorage, sessionStorage and readable cookies, found by shape (a
 * JWT anywhere) or by name (a `token`/`access_token`-like key). They let the diagnosis say "the
 * app sent an old token while a fresher one sits in storage". Bounded: a page controls all of it.
 */
export type TokenStore = 'localStorage' | 'sessionStorage' | 'cookie';

export interface StoredEntry {
  store: TokenStore;
  key: string;
  value: string;
}

export interface StoredToken {
  store: TokenStore;
  /** Storage key, with the JSON path inside the value when the token was nested ("auth › access_token"). */
  path: string;
  value: string;
}

export const STORED_TOKEN_LIMITS = {
  entries: 300,
  valueChars: 64 * 1024,
  tokens: 40,
  jsonNodes: 400,
  depth: 6,
};

const TOKEN_NAME =
  /(?:^|[_.\-\s]|[a-z](?=[A-Z]))(?:access|id|refresh|auth|bearer|session)?[_\-\s]?(?:token|jwt)$|^(?:jwt|token|accessToken|idToken|id_token|access_token|authorization)$/i;
const PLAUSIBLE_TOKEN = /^[A-Za-z0-9._~+/=-]{16,8192}$/;

export function findStoredTokens(entries: readonly StoredEntry[]): StoredToken[] {
  const found: StoredToken[] = [];
  for (const entry of entries.slice(0, STORED_TOKEN_LIMITS.entries)) {
    if (found.length >= STORED_TOKEN_LIMITS.tokens) break;
    const value = entry.value.slice(0, STORED_TOKEN_LIMITS.valueChars);
    const bare = unquote(value.trim());
    if (isTokenValue(bare, entry.key)) {
      found.push({ store: entry.store, path: entry.key, value: bare });
      continue;
    }
    if (bare.startsWith('{') || bare.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bare);
      } catch {
        continue;
      }
      walk(parsed, entry.key, entry.store, found, { nodes: 0 }, 0);
    }
  }
  return found.slice(0, STORED_TOKEN_LIMITS.tokens);
}

function walk(
  node: unknown,
  path: string,
  store: TokenStore,
  found: StoredToken[],
  budget: { nodes: number },
  depth: number,
): void {
  if (depth > STORED_TOKEN_LIMITS.depth || ++budget.nodes > STORED_TOKEN_LIMITS.jsonNodes) return;
  if (found.length >= STORED_TOKEN_LIMITS.tokens) return;
  if (typeof node === 'string') {
    const name = path.slice(path.lastIndexOf('›') + 1).trim();
    if (isTokenValue(node, name)) found.push({ store, path, value: node });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, child] of Object.entries(node)) {
    walk(child, `${path} › ${key}`, store, found, budget, depth + 1);
  }
}

function isTokenValue(value: string, name: string): boolean {
  if (looksLikeJwt(value) && value.length <= 16 * 1024) return true;
  return TOKEN_NAME.test(name) && PLAUSIBLE_TOKEN.test(value);
}

function unquote(value: string): string {
  return value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
