import type { HeaderEntry } from '../exchange.ts';

/** Words every token request's body has one of (form or JSON, Cognito's too). */
const BODY_HINTS = ['grant_type', 'client_id', 'refresh_token', 'AuthFlow', 'RefreshToken', 'code='];
const URL_HINT = /\/(?:token|access_token)\/?(?:[?#]|$)|googleapis\.com\/v1\/(?:token|accounts:)/i;

/**
 * A cheap first look, for the page's thread: most POSTs (GraphQL, forms, beacons) are no token
 * request, and are let go before a URL is parsed or a header list built.
 */
export function mightBeTokenRequest(
  url: string,
  body: string | undefined,
  headers: readonly HeaderEntry[] = [],
): boolean {
  if (body !== undefined) for (const hint of BODY_HINTS) if (body.includes(hint)) return true;
  if (URL_HINT.test(url)) return true;
  // Cognito's calls name their operation in a header; a body they send may not be readable.
  return headers.some((header) => header.name === 'x-amz-target' && header.value.includes('CognitoIdentity'));
}
