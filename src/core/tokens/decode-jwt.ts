import { jwtDecode } from 'jwt-decode';

/**
 * Decodes a JWT's visible parts (RFC 7519) without verifying it. Total: every input yields a
 * result, and a token that does not decode says which part failed and why, because "your token
 * is truncated" is itself a diagnosis.
 */
export type JsonObject = Record<string, unknown>;

export interface DecodedJws {
  kind: 'jws';
  header: JsonObject;
  payload: JsonObject;
  /** RFC 7515: an unsecured JWS (`alg: none`) has an empty third segment. */
  signaturePresent: boolean;
}

export interface DecodedJwe {
  kind: 'jwe';
  /** A JWE (RFC 7516, five segments) is encrypted: only its header can be read. */
  header: JsonObject;
}

export interface JwtDecodeFailure {
  kind: 'invalid';
  reason: string;
  part?: 'header' | 'payload';
}

export type JwtDecodeResult = DecodedJws | DecodedJwe | JwtDecodeFailure;

/** Tokens above this size are not decoded: no real JWT is this large, and it bounds the work. */
export const MAX_JWT_LENGTH = 64 * 1024;

const SEGMENT = /^[A-Za-z0-9_-]*$/;

/** True for values shaped like a compact JWS or JWE whose header starts as JSON (`eyJ` = `{"`). */
export function looksLikeJwt(token: string): boolean {
  if (!token.startsWith('eyJ')) return false;
  const segments = token.split('.', 6).length;
  return segments === 3 || segments === 5;
}

/**
 * The credential identifier and the facts both decode the same token, and the popup decodes the
 * same token for every exchange that carried it: a small cache of the last results saves most of
 * the work (jwt-decode is the engine's most expensive step). Results are treated as read-only.
 */
const recent = new Map<string, JwtDecodeResult>();
const RECENT_LIMIT = 64;

export function decodeJwt(token: string): JwtDecodeResult {
  const cached = recent.get(token);
  if (cached) return cached;
  const result = decodeUncached(token);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(token, result);
  return result;
}

function decodeUncached(token: string): JwtDecodeResult {
  if (token.length > MAX_JWT_LENGTH) {
    return { kind: 'invalid', reason: `token is ${token.length} characters long; not decoded` };
  }
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) {
    return {
      kind: 'invalid',
      reason: `a JWT has 3 dot-separated parts (5 when encrypted); this token has ${segments.length}`,
    };
  }
  const badSegment = segments.findIndex((segment) => !SEGMENT.test(segment));
  if (badSegment !== -1) {
    return {
      kind: 'invalid',
      reason: `part ${badSegment + 1} contains characters outside base64url (A-Z a-z 0-9 - _)`,
      ...(badSegment < 2 ? { part: badSegment === 0 ? 'header' : 'payload' } : {}),
    };
  }
  const header = decodePart(token, 'header');
  if (header.kind === 'invalid') return header;
  if (segments.length === 5) return { kind: 'jwe', header: header.value };
  const payload = decodePart(token, 'payload');
  if (payload.kind === 'invalid') return payload;
  return { kind: 'jws', header: header.value, payload: payload.value, signaturePresent: segments[2] !== '' };
}

function decodePart(
  token: string,
  part: 'header' | 'payload',
): { kind: 'ok'; value: JsonObject } | JwtDecodeFailure {
  let value: unknown;
  try {
    value = jwtDecode<unknown>(token, { header: part === 'header' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', part, reason: `the ${part} ${describeDecodeError(message)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', part, reason: `the ${part} decodes to JSON that is not an object` };
  }
  return { kind: 'ok', value: value as JsonObject };
}

function describeDecodeError(message: string): string {
  if (message.includes('invalid base64'))
    return 'is not valid base64url (truncated or cut at a wrong place?)';
  if (message.includes('invalid json')) return 'is not valid JSON once decoded (truncated?)';
  if (message.includes('missing part')) return 'is missing';
  return `could not be decoded (${message})`;
}

/** A claim as a number of seconds since the epoch, when it is one (RFC 7519 §2 NumericDate). */
export function numericDate(payload: JsonObject, claim: string): number | undefined {
  const value = payload[claim];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
