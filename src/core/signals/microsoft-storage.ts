/**
 * Azure Storage (Blob, Queue, Table, Files) rejects Shared Key and SAS requests with an XML <Error>
 * whose <AuthenticationErrorDetail> says why, e.g. "Signature not valid in the specified time frame:
 * Start [...] - Expiry [...] - Current [...]" or "Signature did not match. String to sign used was ...".
 * Codes: https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
 */

import { signal } from './generic.ts';
import { get, readBody, str, xmlElement } from './generic-body.ts';
import type { ServerSignal, SignalDetails, SignalInput, SignalKind } from './server-signal.ts';

const CODES = new Map<string, SignalKind>([
  ['AuthenticationFailed', 'invalid'],
  ['AuthorizationPermissionMismatch', 'insufficient-scope'],
  ['InvalidAuthenticationInfo', 'malformed-credential'],
  ['NoAuthenticationInformation', 'missing-credential'],
]);

/** "Start [Fri, 10 May 2019 06:42:00 GMT] - Expiry [...] - Current [...]": which side of the window we are on. */
function timeFrame(detail: string): { kind: SignalKind; details: SignalDetails } | undefined {
  const m = /Start \[([^\]]{1,40})\] - Expiry \[([^\]]{1,40})\] - Current \[([^\]]{1,40})\]/.exec(detail);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  const [start, expiry, current] = [Date.parse(m[1]), Date.parse(m[2]), Date.parse(m[3])];
  if (Number.isNaN(current)) return undefined;
  const details = { serverTime: current };
  if (!Number.isNaN(start) && current < start) return { kind: 'not-yet-valid', details };
  if (!Number.isNaN(expiry) && current > expiry) return { kind: 'expired', details };
  return { kind: 'invalid', details };
}

export function readAzureStorageSignals(input: SignalInput): ServerSignal[] {
  const body = readBody(input);
  // XML from Blob/Queue/Table; Data Lake Gen2 sends the same codes as {"error":{"code","message"}}.
  const code = xmlElement(body.text, 'Code') ?? str(get(get(body.json, 'error'), 'code'));
  const base = code === undefined ? undefined : CODES.get(code);
  if (!code || !base) return [];
  const detail = xmlElement(body.text, 'AuthenticationErrorDetail');
  const message =
    detail ?? xmlElement(body.text, 'Message') ?? str(get(get(body.json, 'error'), 'message')) ?? code;
  let kind = base;
  let details: SignalDetails | undefined;
  if (detail && code === 'AuthenticationFailed') {
    const framed = timeFrame(detail);
    if (framed) ({ kind, details } = framed);
    else if (
      /Signature did not match|MAC signature found in the HTTP request .{0,200}is not the same as any computed signature/s.test(
        detail,
      )
    )
      kind = 'signature-invalid';
  }
  // ARM uses the same code for "Authentication failed. The 'Authorization' header is missing."
  if (kind === 'invalid' && /header is missing/i.test(message)) kind = 'missing-credential';
  return [signal({ family: 'microsoft', kind, code, message, where: 'response-body', details })];
}
