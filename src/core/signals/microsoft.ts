/**
 * Microsoft: ASP.NET Core JwtBearer challenge texts, IdentityModel IDX codes, Microsoft Graph and
 * Azure Resource Manager error objects. Entra ID (AADSTS) and Azure Storage live in their own files.
 */

import { matchTexts, mergeSameKind, rule, signal, type TextMatch, type TextMatcher } from './generic.ts';
import { type BodyView, get, readBody, str } from './generic-body.ts';
import { readEntraSignals } from './microsoft-entra.ts';
import { readAzureStorageSignals } from './microsoft-storage.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

const FAMILY = 'microsoft';

/**
 * .NET renders times as `MM/dd/yyyy HH:mm:ss` (InvariantCulture, JwtBearerHandler) or
 * `M/d/yyyy h:mm:ss AM` (en-US, IdentityModel "(UTC)" texts, ARM); both are UTC in these messages.
 */
export function parseDotNetTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AP]M))?$/i.exec(text.trim());
  if (!us) {
    const iso = /^\d{4}-\d{2}-\d{2}T[\d:.]{8,20}Z$/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
    return Number.isNaN(iso) ? undefined : iso;
  }
  const [mo, d, y, h, mi, s] = us.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const pm = us[7]?.toUpperCase() === 'PM';
  const hour = us[7] ? (h % 12) + (pm ? 12 : 0) : h;
  return Date.UTC(y, mo - 1, d, hour, mi, s);
}

/** A quoted value the server chose to show: IdentityModel hides PII as "[PII of type ... is hidden]". */
function shown(value: string | undefined): string | undefined {
  if (!value || value.startsWith('[PII') || value === '(null)' || value === 'null') return undefined;
  return value;
}

// IdentityModel LogMessages.cs (AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet,
// src/Microsoft.IdentityModel.Tokens/LogMessages.cs; IDX14100 from System.IdentityModel.Tokens.Jwt).
const IDX_KINDS = new Map<string, SignalKind>([
  ['10223', 'expired'],
  ['10222', 'not-yet-valid'],
  ['10214', 'wrong-audience'],
  ['10231', 'wrong-audience'],
  ['10205', 'wrong-issuer'],
  ['10500', 'signature-invalid'],
  ['10501', 'signature-invalid'],
  ['10503', 'signature-invalid'],
  ['10504', 'signature-invalid'],
  ['10508', 'signature-invalid'],
  ['10511', 'signature-invalid'],
  ['10225', 'invalid'],
  ['14100', 'malformed-credential'],
]);

function idxDetails(code: string, text: string): SignalDetails | undefined {
  if (code === '10223' || code === '10222') {
    // "ValidTo (UTC): '12/27/2024 4:41:52 PM', Current time (UTC): '12/30/2024 3:00:16 PM'." (older: no "(UTC)")
    const m = /Current time(?: \(UTC\))?: '([^']{1,40})'/.exec(text);
    return { serverTime: parseDotNetTime(m?.[1]) };
  }
  if (code === '10214') {
    return {
      actual: shown(/Audiences: '([^']{0,300})'/.exec(text)?.[1]),
      expected: shown(/ValidAudience: '([^']{0,300})'/.exec(text)?.[1]),
    };
  }
  if (code === '10205') {
    return {
      actual: shown(/Issuer: '([^']{0,300})'/.exec(text)?.[1]),
      expected: shown(/ValidIssuer: '([^']{0,300})'/.exec(text)?.[1]),
    };
  }
  return undefined;
}

/** The first IDX code in a text decides: later ones are usually the inner exceptions it lists. */
export const matchIdx: TextMatcher = (text) => {
  const m = /\bIDX(\d{5})\b/.exec(text);
  const kind = m?.[1] === undefined ? undefined : IDX_KINDS.get(m[1]);
  if (!m?.[1] || !kind) return undefined;
  return { family: FAMILY, kind, code: `IDX${m[1]}`, details: idxDetails(m[1], text), at: m.index };
};

const quoted = (m: RegExpExecArray): SignalDetails => ({ actual: shown(m[1]) });

/**
 * ASP.NET Core JwtBearerHandler.CreateErrorDescription (dotnet/aspnetcore,
 * src/Security/Authentication/JwtBearer/src/JwtBearerHandler.cs); the forms without quoted values are
 * what ASP.NET Core 2.x sent. Exported: rfc6750 reads invalid_token descriptions with these too.
 */
export const MICROSOFT_RULES: readonly TextMatcher[] = [
  matchIdx,
  rule(FAMILY, 'expired', /The token (?:expired at '[^']{1,40}'|is expired)/),
  rule(FAMILY, 'not-yet-valid', /The token is not valid (?:before '[^']{1,40}'|yet)/),
  rule(FAMILY, 'wrong-audience', /The audience (?:'([^']{0,300})' )?is invalid/, { details: quoted }),
  rule(FAMILY, 'wrong-issuer', /The issuer (?:'([^']{0,300})' )?is invalid/, { details: quoted }),
  rule(FAMILY, 'signature-invalid', /The signature (?:key was not found|is invalid)/),
  rule(FAMILY, 'invalid', /The token (?:has no expiration|lifetime is invalid)/),
];

function firstQuoted(pattern: RegExp, text: string): string | undefined {
  return pattern.exec(text)?.[1];
}

/**
 * Graph and ARM wrap errors as {"error":{"code":"InvalidAuthenticationToken","message":"..."}}; the
 * code says "token rejected", the message says why ("Invalid audience.", "the token is expired.").
 */
function graphOrArm(code: string, message: string): TextMatch | undefined {
  const at = (kind: SignalKind, details?: SignalDetails): TextMatch => ({
    family: FAMILY,
    kind,
    code,
    details,
  });
  switch (code) {
    case 'InvalidAuthenticationToken': {
      const idx = matchIdx(message);
      if (idx) return at(idx.kind, idx.details);
      if (/audience/i.test(message)) return at('wrong-audience');
      if (/expired/i.test(message)) return at('expired');
      return at('invalid');
    }
    case 'ExpiredAuthenticationToken':
      // ARM: "The access token expiry UTC time '3/21/2023 12:44:36 PM' is earlier than current UTC time '...'."
      return at('expired', {
        serverTime: parseDotNetTime(firstQuoted(/current UTC time '([^']{1,40})'/, message)),
      });
    case 'InvalidAuthenticationTokenAudience': {
      const allowed = /allowed audiences ([^\n]{1,400})/.exec(message)?.[1];
      return at('wrong-audience', {
        actual: firstQuoted(/wrong audience or resource '([^']{1,300})'/, message),
        expected: allowed?.replace(/'/g, '').replace(/\.$/, ''),
      });
    }
    case 'InvalidAuthenticationTokenTenant':
      return at('wrong-issuer', {
        actual: firstQuoted(/wrong issuer '([^']{1,300})'/, message),
        expected: firstQuoted(/must match the tenant '([^']{1,300})'/, message),
      });
    case 'Authorization_RequestDenied':
      return at('insufficient-scope');
    default:
      return undefined;
  }
}

function readGraphError(body: BodyView): ServerSignal[] {
  const error = get(body.json, 'error');
  const code = str(get(error, 'code'));
  const message = str(get(error, 'message')) ?? '';
  const m = code ? graphOrArm(code, message) : undefined;
  return m ? [signal({ ...m, message: message || (code ?? ''), where: 'response-body' })] : [];
}

/** IDX codes in other response headers (some gateways echo the validation failure in a custom header). */
function readIdxHeaders(input: SignalInput): ServerSignal[] {
  const out: ServerSignal[] = [];
  for (const { name, value } of input.headers.slice(0, 100)) {
    if (name === 'www-authenticate') continue; // read as a challenge, by matchTexts
    const text = value.slice(0, 2000);
    const m = matchIdx(text);
    if (m) out.push(signal({ ...m, message: text, where: 'response-header' }));
  }
  return out;
}

/** Only the body's first IDX code is the failure; the ones after it are the inner exceptions it lists. */
function firstIdxOnly(signals: readonly ServerSignal[]): ServerSignal[] {
  const firstIdx = signals.find((s) => s.where === 'response-body' && s.code?.startsWith('IDX'));
  return signals.filter((s) => s === firstIdx || s.where !== 'response-body' || !s.code?.startsWith('IDX'));
}

export function readMicrosoftSignals(input: SignalInput): ServerSignal[] {
  return mergeSameKind([
    ...readGraphError(readBody(input)),
    ...readEntraSignals(input),
    ...readAzureStorageSignals(input),
    ...readIdxHeaders(input),
    ...firstIdxOnly(matchTexts(input, MICROSOFT_RULES)),
  ]);
}
