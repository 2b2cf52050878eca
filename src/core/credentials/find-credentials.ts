import { isCredentialHeader } from '../credential-headers.ts';
import { type HeaderEntry, headerValue } from '../exchange.ts';
import { parseSigV4Authorization, readPresignedUrl } from './aws-sigv4.ts';
import { readAzureSas } from './azure-sas.ts';
import { readBasic } from './basic.ts';
import type { IdentifiedToken, SentCredential } from './credential.ts';
import { readDpopProof } from './dpop-proof.ts';
import { identifyToken } from './identify-token.ts';
import { bareToken, isPlaceholderValue, parseAuthorization } from './parse-authorization.ts';

/**
 * Every credential a request carried, in headers and in the URL, each identified by its shape.
 * Placeholders ("Bearer undefined") are kept: they are often the whole diagnosis.
 */
export interface CredentialRequest {
  url: string;
  headers: readonly HeaderEntry[];
  /** Header names the user declared as credentials (settings), lower-case. */
  extraCredentialHeaders?: ReadonlySet<string>;
}

type Location = SentCredential['location'];

/** Schemes whose credentials are a single token (RFC 6750 Bearer, RFC 9449 DPoP, and vendor habits). */
const TOKEN_SCHEMES = new Set(['', 'bearer', 'token', 'bot', 'dpop', 'jwt', 'apikey', 'key']);
/** Query parameters that carry tokens (RFC 6750 §2.3 access_token; common API-key names). */
const QUERY_TOKENS = new Set(['access_token', 'token', 'api_key', 'apikey', 'hapikey', 'auth_token']);
/** Vendor query parameters named after what they carry (`x-algolia-api-key`, `subscription-key`). */
const QUERY_TOKEN_NAME = /(?:api[-_]?key|access[-_]token|auth[-_]token)$/;
const API_KEY_NAME = /(?:api[-_]?key|subscription-key)$/;

export function findCredentials(request: CredentialRequest): SentCredential[] {
  const found: SentCredential[] = [];
  for (const header of request.headers) {
    const name = header.name.toLowerCase();
    if (isCredentialHeader(name, request.extraCredentialHeaders))
      found.push(fromHeader(name, header.value, request.headers));
  }
  found.push(...fromQuery(request.url));
  return found;
}

function fromHeader(name: string, value: string, headers: readonly HeaderEntry[]): SentCredential {
  const location: Location = { in: 'header', name };
  if (name === 'authorization' || name === 'proxy-authorization')
    return fromAuthorization(location, value, headers);
  if (name === 'x-amz-security-token') return { location, scheme: '', value, ...sessionToken(value) };
  if (name === 'dpop') {
    const proof = isPlaceholderValue(value.trim()) ? placeholder(value.trim()) : readDpopProof(value);
    return { location, scheme: '', value, ...proof };
  }
  return { location, scheme: '', value, ...tokenIn(name, value) };
}

function fromAuthorization(
  location: Location,
  value: string,
  headers: readonly HeaderEntry[],
): SentCredential {
  const parsed = parseAuthorization(value);
  const token = bareToken(parsed);
  const sent = { location, scheme: parsed.scheme, value: token };
  if (token !== '' && isPlaceholderValue(token)) return { ...sent, ...placeholder(token) };
  switch (parsed.schemeKey) {
    case 'basic':
      return { ...sent, ...readBasic(token) };
    case 'aws4-hmac-sha256': {
      const signed = parseSigV4Authorization(parsed.credentials, headerValue(headers, 'x-amz-date'));
      // A temporary (ASIA) key signs nothing valid without its session token: UnrecognizedClientException.
      if (
        signed.details.awsKeyType === 'temporary' &&
        headerValue(headers, 'x-amz-security-token') === undefined
      ) {
        signed.details.shapeNotes = [
          ...(signed.details.shapeNotes ?? []),
          'temporary key (ASIA…) but no X-Amz-Security-Token header',
        ];
      }
      return { ...sent, ...signed };
    }
    case 'sharedaccesssignature':
      return { ...sent, ...readAzureSas(token) };
    default:
      if (TOKEN_SCHEMES.has(parsed.schemeKey)) return { ...sent, ...tokenIn(parsed.schemeKey, token) };
      // Digest, Negotiate, NTLM, SharedKey...: challenge-response schemes, nothing to identify.
      return {
        ...sent,
        kind: 'opaque',
        description: `${parsed.scheme} credentials, ${token.length} characters`,
        details: {},
      };
  }
}

/** identifyToken, plus what the carrier's name says about an otherwise opaque value. */
function tokenIn(carrier: string, value: string): IdentifiedToken {
  const trimmed = value.trim();
  if (trimmed !== '' && isPlaceholderValue(trimmed)) return placeholder(trimmed);
  const identified = identifyToken(value);
  if (identified.kind !== 'opaque' || trimmed === '') return identified;
  if (API_KEY_NAME.test(carrier) || carrier === 'apikey' || carrier === 'key') {
    return { ...identified, kind: 'api-key', description: `API key, ${value.length} characters` };
  }
  if (/^x-(?:csrf|xsrf)-token$/.test(carrier)) {
    return { ...identified, description: `CSRF token, ${value.length} characters` };
  }
  return identified;
}

function placeholder(value: string): IdentifiedToken {
  return {
    kind: 'opaque',
    description: `placeholder value "${value.slice(0, 40)}"`,
    details: { shapeNotes: ['placeholder value'] },
  };
}

/** X-Amz-Security-Token: "undefined" here is a classic (aws-api-gateway-client#31). */
function sessionToken(value: string): IdentifiedToken {
  const trimmed = value.trim();
  const { details } = identifyToken(value);
  if (trimmed === '') return { kind: 'aws-session-token', description: 'AWS session token, empty', details };
  if (isPlaceholderValue(trimmed)) {
    return {
      kind: 'aws-session-token',
      description: `AWS session token is "${trimmed.slice(0, 40)}"`,
      details: { ...details, shapeNotes: [...(details.shapeNotes ?? []), 'placeholder value'] },
    };
  }
  return { kind: 'aws-session-token', description: `AWS session token, ${value.length} characters`, details };
}

function fromQuery(url: string): SentCredential[] {
  const start = url.indexOf('?');
  if (start === -1) return [];
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash === -1 ? undefined : hash);
  const params = new URLSearchParams(query);
  const found: SentCredential[] = [];
  const at = (name: string): Location => ({ in: 'query', name });
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    // An empty parameter (`?hapikey=`) carried nothing: the request went without a credential.
    if ((QUERY_TOKENS.has(key) || QUERY_TOKEN_NAME.test(key)) && value !== '')
      found.push({ location: at(name), scheme: '', value, ...tokenIn(key, value) });
    else if (key === 'x-amz-security-token') {
      found.push({ location: at(name), scheme: '', value, ...sessionToken(value) });
    } else if (key === 'key') {
      // "key" is too common a name to trust; only a Google API key shape makes it a credential.
      const identified = identifyToken(value);
      if (identified.kind === 'google-api-key')
        found.push({ location: at(name), scheme: '', value, ...identified });
    }
  }
  // Azure Storage SAS: sig is the secret part, se the expiry that makes it a SAS rather than any "sig".
  if (params.has('sig') && params.has('se')) {
    found.push({ location: at('sig'), scheme: '', value: params.get('sig') ?? '', ...readAzureSas(query) });
  }
  const presigned = readPresignedUrl(url);
  if (presigned) {
    const signature = [...params].find(([name]) => name.toLowerCase() === 'x-amz-signature');
    const name = signature?.[0] ?? 'X-Amz-Signature';
    found.push({ location: at(name), scheme: '', value: signature?.[1] ?? '', ...presigned });
  }
  return found;
}
