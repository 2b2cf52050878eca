import type { BodySample } from '../exchange.ts';
import { reduceTokenResponse } from './reduce-token-response.ts';
import type { TokenResponse } from './token-request.ts';

/**
 * A token endpoint's answer as a witness relays it: a successful grant reduced to fingerprints and
 * claims where it was read (its tokens go no further); anything else (an error, GitHub's 200 with
 * `error`) as a body, capped. Page safe: the page observer and the DevTools panel both use it.
 */
export function tokenAnswer(
  status: number,
  text: string | undefined,
  cap: number,
): { body?: BodySample; tokenResponse?: TokenResponse } {
  if (text === undefined) return {};
  if (status >= 200 && status < 300) {
    const tokenResponse = reduceTokenResponse(text);
    if (tokenResponse) return { tokenResponse };
  }
  return { body: { text: text.slice(0, cap), truncated: text.length > cap } };
}
