import { formatDuration } from '../time/format-relative.ts';
import { decodeJwt, type JsonObject } from '../tokens/decode-jwt.ts';
import type { CredentialDetails, IdentifiedToken } from './credential.ts';

/**
 * DPoP proofs (RFC 9449): a JWT in the `DPoP` request header, `typ: dpop+jwt`, signed with the
 * public key it carries in `jwk`; its payload binds it to one request (htm, htu, iat, jti; ath when
 * an access token is sent, nonce when the server asked for one). Nothing here verifies signatures.
 */
export interface DpopRequest {
  method: string;
  url: string;
  /** When the request was sent, ms since the epoch. */
  sentAt: number;
  /** The access token sent with the proof, if any: the proof then needs `ath` (RFC 9449 §4.3 step 11). */
  accessToken?: string;
}

/** How far iat may sit from the request before we call it out; servers pick their own window (§11.1). */
const DEFAULT_LEEWAY_SECONDS = 60;

type Decoded = { header: JsonObject; payload: JsonObject } | { reason: string };

function decode(proof: string): Decoded {
  const decoded = decodeJwt(proof.trim());
  if (decoded.kind === 'jws') return { header: decoded.header, payload: decoded.payload };
  if (decoded.kind === 'jwe') return { reason: 'the DPoP proof is encrypted (JWE); it must be a signed JWT' };
  return { reason: `the DPoP proof does not decode: ${decoded.reason}` };
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What is wrong with the proof on its own, before comparing it with the request (§4.2, §4.3). */
function shapeProblems(header: JsonObject, payload: JsonObject): string[] {
  const problems: string[] = [];
  const typ = text(header.typ);
  if (typ === undefined) problems.push('no typ in header (dpop+jwt required)');
  else if (typ.toLowerCase() !== 'dpop+jwt') problems.push(`typ is ${typ}, not dpop+jwt`);
  const alg = text(header.alg);
  // §4.2: alg must be an asymmetric signature algorithm, not "none" and not a MAC.
  if (alg === undefined) problems.push('no alg in header');
  else if (alg === 'none' || /^HS\d/.test(alg))
    problems.push(`alg ${alg} is not an asymmetric signature algorithm`);
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) problems.push('no jwk in header');
  else if ('d' in jwk) problems.push('jwk contains a private key ("d"); it must hold the public key only');
  for (const claim of ['jti', 'htm', 'htu']) {
    if (text(payload[claim]) === undefined) problems.push(`no ${claim} claim`);
  }
  if (typeof payload.iat !== 'number') problems.push('no iat claim');
  const htu = text(payload.htu);
  if (htu !== undefined && /[?#]/.test(htu))
    problems.push('htu includes a query or fragment (§4.2 says without)');
  return problems;
}

export function readDpopProof(value: string): IdentifiedToken {
  const decoded = decode(value);
  if ('reason' in decoded) {
    return {
      kind: 'dpop-proof',
      description: 'DPoP proof, not decodable',
      details: { shapeNotes: [decoded.reason] },
    };
  }
  const { header, payload } = decoded;
  const details: CredentialDetails = {};
  if (typeof payload.iat === 'number' && Number.isFinite(payload.iat)) details.createdAt = payload.iat * 1000;
  const notes = shapeProblems(header, payload);
  if (notes.length) details.shapeNotes = notes;
  const htm = text(payload.htm);
  const htu = text(payload.htu);
  const target = htm && htu ? `, for ${htm} ${withoutQuery(htu).slice(0, 200)}` : '';
  return {
    kind: 'dpop-proof',
    description: `DPoP proof (${text(header.alg) ?? 'no alg'}${target})`,
    details,
  };
}

/** Human-readable reasons a server would refuse this proof for this request (RFC 9449 §4.3). */
export function checkDpopProof(
  proof: string,
  request: DpopRequest,
  leewaySeconds: number = DEFAULT_LEEWAY_SECONDS,
): string[] {
  const decoded = decode(proof);
  if ('reason' in decoded) return [decoded.reason];
  const { header, payload } = decoded;
  const problems = shapeProblems(header, payload);

  // §4.3 step 8: htm matches the request method; methods are case-sensitive (RFC 9110 §9.1).
  const htm = text(payload.htm);
  if (htm !== undefined && htm !== request.method) {
    const hint = htm.toUpperCase() === request.method.toUpperCase() ? ' (methods are case-sensitive)' : '';
    problems.push(`htm is ${htm} but the request was ${request.method}${hint}`);
  }
  // §4.3 step 9: htu matches the request URI without query and fragment, after normalisation.
  const htu = text(payload.htu);
  const requestUri = normaliseUri(request.url);
  if (htu !== undefined && normaliseUri(htu) !== requestUri) {
    problems.push(
      `htu ${htu.slice(0, 200)} does not match the request URL ${requestUri.slice(0, 200)} (RFC 9449 §4.3 compares without query and fragment)`,
    );
  }
  // §4.3 step 10: iat within an acceptable window of the time the proof was received.
  if (typeof payload.iat === 'number' && Number.isFinite(payload.iat)) {
    const delta = request.sentAt - payload.iat * 1000;
    if (Math.abs(delta) > leewaySeconds * 1000) {
      const span = formatDuration(Math.abs(delta)) ?? '';
      problems.push(
        delta > 0
          ? `iat is ${span} before the request`
          : `iat is ${span} after the request (client clock ahead?)`,
      );
    }
  }
  // §4.3 step 11: with an access token, the proof carries ath = base64url(SHA-256(token)).
  if (request.accessToken && text(payload.ath) === undefined) {
    problems.push('no ath claim, but the request carries an access token (RFC 9449 §4.3 requires it)');
  }
  return problems;
}

function withoutQuery(uri: string): string {
  const end = uri.search(/[?#]/);
  return end === -1 ? uri : uri.slice(0, end);
}

/** RFC 3986 §6.2.2–6.2.3 normalisation as URL does it (case, default port, dot segments). */
function normaliseUri(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return withoutQuery(uri);
  }
}
