import type { IdentifiedToken } from '../credentials/credential.ts';
import { identifyToken } from '../credentials/identify-token.ts';
import { isPlaceholderValue } from '../credentials/parse-authorization.ts';

/**
 * The two base redactions every other rule builds on: a JWT keeps what anyone can decode (header
 * and payload) and loses what makes it usable (the signature); any other secret becomes a label
 * that identifies it (kind, last characters, length) without being usable.
 */

const B64URL = /^[A-Za-z0-9_-]*$/;
/** Placeholders longer than this are not shown verbatim, whatever they look like. */
const MAX_PLACEHOLDER = 40;

/** True for a value shaped like a compact JWS (`eyJ….eyJ….sig`, also truncated or unsigned) or JWE. */
export function isJwtShaped(value: string): boolean {
  const parts = value.split('.', 6);
  const [header = '', payload = ''] = parts;
  if (parts.length < 2 || parts.length > 5 || !header.startsWith('eyJ')) return false;
  if (!parts.every((part) => B64URL.test(part))) return false;
  return parts.length === 5 || payload.startsWith('eyJ');
}

/**
 * `<header>.<payload>.[signature removed]`, as Cloudflare's har-sanitizer and Chrome DevTools'
 * sanitized HAR export do: the claims stay readable, the token cannot be replayed. A JWE keeps only
 * its protected header (RFC 7516 §3.1): the other four parts are key material and ciphertext.
 */
export function redactJwt(token: string): string {
  const value = token.trim();
  if (!isJwtShaped(value)) return redactOpaque(value, 'token');
  const parts = value.split('.');
  const [header = '', payload = ''] = parts;
  if (parts.length === 5) return `${header}.[encrypted parts removed]`;
  // Cut after the payload: there is no signature to remove, and the truncation is the diagnosis.
  if (parts.length === 2) return value;
  // RFC 7515 Appendix A.5: an unsecured JWS has an empty signature; nothing to remove.
  if (parts.slice(2).every((part) => part === '')) return `${header}.${payload}.`;
  return `${header}.${payload}.[signature removed]`;
}

/**
 * `[GitHub classic PAT …a1B2, 40 chars]`. Up to 8 characters nothing is shown; below 16 the tail
 * shrinks so that three quarters of the value always stay hidden. Placeholders ("undefined",
 * "null", "{{token}}") are shown as they are: they are not secrets, and they are often the diagnosis.
 */
export function redactOpaque(value: string, kindDescription?: string): string {
  if (value === '') return '';
  const trimmed = value.trim();
  if (trimmed.length <= MAX_PLACEHOLDER && trimmed !== '' && isPlaceholderValue(trimmed)) return value;
  const kind = kindDescription ?? describeSecretKind(value);
  if (value.length <= 8) return hiddenLabel(kind, value.length);
  const tail = value.length >= 16 ? 4 : Math.floor(value.length / 4);
  return `[${kind} …${value.slice(-tail)}, ${value.length} chars]`;
}

/** A label that shows nothing of the value: for passwords and for values too short to hint at. */
export function hiddenLabel(kind: string, length: number): string {
  return `[${kind}, ${length} chars]`;
}

/** redactJwt for JWT-shaped values, redactOpaque for the rest. */
export function redactSecret(value: string, kindDescription?: string): string {
  return isJwtShaped(value.trim()) ? redactJwt(value) : redactOpaque(value, kindDescription);
}

/**
 * A short kind for the label, by shape. The Discord recogniser bounds creation dates by "now";
 * an unbounded now keeps this function's output independent of the clock.
 */
export function describeSecretKind(value: string): string {
  return shortKind(identifyToken(value, Number.MAX_SAFE_INTEGER));
}

function shortKind({ kind, details, description }: IdentifiedToken): string {
  switch (kind) {
    case 'vendor-token':
      return description;
    case 'github-token':
      return `GitHub ${details.githubType ?? 'token'}`;
    case 'slack-token':
      return `Slack ${details.slackType ?? ''} token`.replace('  ', ' ');
    case 'stripe-key':
      return `Stripe ${details.stripeMode ?? ''} ${details.stripeType ?? ''} key`.replace(/\s+/g, ' ');
    case 'jwt':
      return 'JWT';
    case 'jwe':
      return 'JWE';
    case 'aws-access-key-id':
      return 'AWS access key id';
    case 'discord-bot-token':
      return 'Discord bot token';
    case 'google-oauth-token':
      return 'Google OAuth token';
    case 'google-api-key':
      return 'Google API key';
    case 'azure-sas':
      return 'Azure SAS';
    default:
      return 'secret';
  }
}
