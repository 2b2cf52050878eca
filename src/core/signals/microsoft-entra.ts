/**
 * Microsoft Entra ID (AADSTS) errors from the token endpoint, e.g.
 * {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to
 * inactivity. ...\r\nTrace ID: ...","error_codes":[700082],"error_uri":"https://login.microsoftonline.com/error?code=700082"}.
 * Codes and meanings: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */

import { signal } from './generic.ts';
import { get, isFailure, readBody, str } from './generic-body.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

const KINDS = new Map<string, SignalKind>([
  ['700082', 'expired'], // ExpiredOrRevokedGrantInactiveToken: refresh token unused for 90 days
  ['70008', 'expired'], // ExpiredOrRevokedGrant
  ['700084', 'expired'], // refresh token issued to a SPA reached its fixed lifetime
  ['70043', 'expired'], // BadTokenDueToSignInFrequency: expired by a Conditional Access sign-in frequency
  ['7000222', 'expired'], // InvalidClientSecretExpiredKeysProvided
  ['50173', 'revoked'], // FreshTokenNeeded: grant revoked (password change or reset)
  ['50132', 'revoked'], // SsoArtifactInvalidOrExpired
  ['50133', 'revoked'], // SsoArtifactRevoked
  ['50076', 'step-up'], // UserStrongAuthClientAuthNRequired: MFA required
  ['50079', 'step-up'], // UserStrongAuthEnrollmentRequired
  ['50074', 'step-up'], // UserStrongAuthClientAuthNRequiredInterrupt
  ['50078', 'step-up'], // UserStrongAuthExpired: presented MFA expired
  ['50013', 'signature-invalid'], // InvalidAssertion: failed signature validation
  ['700027', 'signature-invalid'], // client assertion failed signature validation
  ['65001', 'insufficient-scope'], // DelegationDoesNotExist: no consent for the requested scopes
]);

/**
 * AADSTS500133 / AADSTS700024: "Assertion is not within its valid time range. ... Current time:
 * 2019-04-10T21:53:20.2000709Z, expiry time of assertion 2019-04-10T21:47:48.0000000Z." Past its expiry
 * on Entra's clock it is expired; still before it, the assertion was rejected as not yet valid, which
 * means the two clocks disagree.
 */
function timeRange(text: string): { kind: SignalKind; details?: SignalDetails } {
  const m = /Current time: ([\d\-T:.]{10,40}Z), expiry time of assertion ([\d\-T:.]{10,40}Z)/.exec(text);
  const current = m?.[1] ? Date.parse(m[1]) : Number.NaN;
  const expiry = m?.[2] ? Date.parse(m[2]) : Number.NaN;
  if (Number.isNaN(current)) return { kind: 'expired' };
  return {
    kind: !Number.isNaN(expiry) && current <= expiry ? 'clock-skew' : 'expired',
    details: { serverTime: current },
  };
}

/** The description without the trace ids Entra appends on their own lines. */
function firstLine(text: string): string {
  const cut = text.search(/\r?\n|\s+Trace ID:/);
  return cut > 0 ? text.slice(0, cut) : text;
}

export function readEntraSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  let text = str(get(body.json, 'error_description'));
  const list = get(body.json, 'error_codes');
  let codes = Array.isArray(list)
    ? list
        .slice(0, 5)
        .map(str)
        .filter((c): c is string => c !== undefined && /^\d{4,8}$/.test(c))
    : [];
  if (codes.length === 0) {
    // No error_codes (an HTML error page, truncated JSON): the first AADSTS code in the body.
    const segment =
      text ?? (isFailure(input, body) ? body.segments.find((s) => /AADSTS\d/.test(s)) : undefined);
    const m = segment ? /AADSTS(\d{5,7})/.exec(segment) : null;
    if (!m?.[1]) return [];
    codes = [m[1]];
    text = segment;
  }
  const uri = str(get(body.json, 'error_uri'));
  return codes.map((code) => {
    const timed = code === '500133' || code === '700024' ? timeRange(text ?? '') : undefined;
    const kind = timed?.kind ?? KINDS.get(code) ?? 'invalid';
    return signal({
      family: 'microsoft',
      kind,
      code: `AADSTS${code}`,
      message: text ? firstLine(text) : `AADSTS${code}`,
      where: 'response-body',
      details: { ...timed?.details, uri },
    });
  });
}
