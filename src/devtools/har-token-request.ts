import { readTokenRequest, TOKEN_BODY_CHARS } from '../core/token-endpoint/read-token-request.ts';
import type { TokenRequest } from '../core/token-endpoint/token-request.ts';
import { type HarEntryLike, harHeaders } from './har-entry.ts';

/**
 * A token request DevTools saw (from a web worker, say, which the page observer cannot see), read
 * in the panel from the logged body, so its secrets go no further than they did on the page
 * (issue 17).
 */
export function tokenRequestOfHar(entry: HarEntryLike, secretValues?: string[]): TokenRequest | undefined {
  const method = entry.request.method.toUpperCase();
  if (method !== 'POST') return undefined;
  const text = entry.request.postData?.text;
  const body = typeof text === 'string' && text.length <= TOKEN_BODY_CHARS ? text : undefined;
  return readTokenRequest(method, entry.request.url, harHeaders(entry.request.headers), body, secretValues);
}
