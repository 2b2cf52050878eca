import type { BodySample } from '../exchange.ts';
import { reduceTokenResponse } from './reduce-token-response.ts';
import type { TokenResponse } from './token-request.ts';

/**
 * A token endpoint's answer as a witness relays it: a successful grant reduced to fingerprints and
 * claims where it was read (its tokens go no further); an error (GitHub's and Slack's come with
 * 200) as a body, capped, with every secret the request sent taken out of it (a server may echo
 * "Invalid refresh token: <value>"). Any other 2xx answer is not relayed at all: it may hold tokens
 * in a shape the reducer does not know. Page safe: the page observer and the DevTools panel use it.
 */
export function tokenAnswer(
  status: number,
  text: string | undefined,
  cap: number,
  secretValues: readonly string[] = [],
): { body?: BodySample; tokenResponse?: TokenResponse } {
  if (text === undefined) return {};
  if (status >= 200 && status < 300) {
    const tokenResponse = reduceTokenResponse(text);
    if (tokenResponse) return { tokenResponse };
    if (!ERROR_SHAPE.test(text.slice(0, 4096))) return {};
  }
  const clean = withoutSecrets(text, secretValues);
  return { body: { text: clean.slice(0, cap), truncated: clean.length > cap } };
}

/**
 * An error's shape in a 2xx answer (GitHub's `error=` form, Slack's `ok: false`, an `error` member):
 * a few characters' test on the page's thread; the worker reads the error itself.
 */
const ERROR_SHAPE = /"(?:error|__type)"\s*:|"ok"\s*:\s*false|^\s*error=|&error=/;

/** Shorter values are not taken out: they would match ordinary words ("code": "abc"). */
const MIN_SECRET_CHARS = 4;

/** The text with each value replaced, as sent and as JSON and URL encodings would write it. */
export function withoutSecrets(text: string, values: readonly string[]): string {
  let clean = text;
  for (const value of values) {
    if (value.length < MIN_SECRET_CHARS) continue;
    const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
    for (const form of forms) clean = clean.split(form).join('[redacted]');
  }
  return clean;
}
