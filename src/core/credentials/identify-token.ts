import { decodeJwt, looksLikeJwt } from '../tokens/decode-jwt.ts';
import { identifyAwsKeyId } from './aws-sigv4.ts';
import { readAzureSas } from './azure-sas.ts';
import type { CredentialDetails, IdentifiedToken } from './credential.ts';
import { recognisableCore, shapeNotes } from './shape-notes.ts';
import { findVendorToken } from './vendor-tokens.ts';

/**
 * What kind of credential a value is, from its shape alone: vendors put recognisable prefixes on
 * their secrets so that scanners (and we) can tell them apart. Most specific shapes are tried first;
 * anything unrecognised is 'opaque'. Total: every input gives a result, nothing throws.
 */
export const MAX_TOKEN_LENGTH = 64 * 1024;

type Recogniser = (token: string, now: number) => IdentifiedToken | undefined;

/** `now` bounds the Discord creation date (a token cannot come from the future); tests fix it. */
export function identifyToken(value: string, now: number = Date.now()): IdentifiedToken {
  if (value.length > MAX_TOKEN_LENGTH) {
    return opaque(value, [`${value.length} characters: too long to inspect, not parsed`]);
  }
  if (/^SharedAccessSignature\s/i.test(value.trim())) return readAzureSas(value);
  const notes = shapeNotes(value);
  const token = recognisableCore(value);
  for (const recognise of RECOGNISERS) {
    const found = recognise(token, now);
    if (found) return withNotes(found, notes);
  }
  return opaque(value, notes);
}

function opaque(value: string, notes: string[]): IdentifiedToken {
  return withNotes(
    { kind: 'opaque', description: `opaque token, ${value.length} characters`, details: {} },
    notes,
  );
}

function withNotes(found: IdentifiedToken, notes: readonly string[]): IdentifiedToken {
  const all = [...notes, ...(found.details.shapeNotes ?? [])];
  const { shapeNotes: _, ...details } = found.details;
  return { ...found, details: all.length ? { ...details, shapeNotes: all } : details };
}

function fromJwt(token: string): IdentifiedToken | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const decoded = decodeJwt(token);
  if (decoded.kind === 'invalid') {
    const kind = token.split('.').length === 5 ? 'jwe' : 'jwt';
    return { kind, description: 'JWT-shaped, does not decode', details: { shapeNotes: [decoded.reason] } };
  }
  const alg = typeof decoded.header.alg === 'string' ? decoded.header.alg : 'no alg';
  if (decoded.kind === 'jws') {
    // RFC 7515 Appendix A.5: an unsecured JWS has alg "none" and an empty signature.
    const signed = decoded.signaturePresent ? alg : `unsigned, alg ${alg}`;
    return { kind: 'jwt', description: `JWT (${signed})`, details: {} };
  }
  // RFC 7516 §4.1.2: `enc` is required in a JWE header.
  const enc = decoded.header.enc;
  if (typeof enc === 'string')
    return { kind: 'jwe', description: `JWE (encrypted, ${alg}, ${enc})`, details: {} };
  return {
    kind: 'jwe',
    description: 'JWE-shaped',
    details: { shapeNotes: ['5 parts but no enc in the header'] },
  };
}

/** Discord's token epoch (2011-01-01): older bot tokens count their timestamp from it. */
const DISCORD_EPOCH_SECONDS = 1_293_840_000;
const DISCORD_LAUNCH_MS = Date.UTC(2015, 0, 1);
const B64URL = /^[A-Za-z0-9_-]+$/;

/** base64(user id).base64(timestamp).HMAC: three dotted parts like a JWT, but not one (no `eyJ`). */
function fromDiscord(token: string, now: number): IdentifiedToken | undefined {
  const parts = token.split('.');
  const [id = '', time = '', hmac = ''] = parts;
  if (parts.length !== 3 || id.startsWith('eyJ') || id.length > 28) return undefined;
  if (time.length < 4 || hmac.length < 25) return undefined;
  if (!B64URL.test(time) || !B64URL.test(hmac)) return undefined;
  const userId = asciiOf(decodeBase64(id));
  if (userId === undefined || !/^\d{17,20}$/.test(userId)) return undefined;
  const bytes = decodeBase64(time);
  if (!bytes || bytes.length < 4 || bytes.length > 6) return undefined;
  const seconds = bytes.reduce((total, byte) => total * 256 + byte, 0);
  const createdAt = [seconds + DISCORD_EPOCH_SECONDS, seconds]
    .map((candidate) => candidate * 1000)
    .find((ms) => ms >= DISCORD_LAUNCH_MS && ms <= now + 86_400_000);
  if (createdAt === undefined) return undefined;
  return {
    kind: 'discord-bot-token',
    description: `Discord bot token for user ${userId} created ${new Date(createdAt).toISOString().slice(0, 10)}`,
    details: { discordUserId: userId, createdAt },
  };
}

/**
 * GitHub's prefixed formats (github.blog 2021-04-05 "Behind GitHub's new authentication token
 * formats"; fine-grained PATs 2022-10-18): prefix + 36 base62 characters, github_pat_ + 82.
 */
const GITHUB: ReadonlyArray<readonly [prefix: string, type: string, words: string, length: number]> = [
  ['github_pat_', 'fine-grained PAT', 'fine-grained personal access token', 82],
  ['ghp_', 'classic PAT', 'classic personal access token', 36],
  ['gho_', 'OAuth token', 'OAuth access token', 36],
  ['ghu_', 'user-to-server token', 'user-to-server token (GitHub App acting for a user)', 36],
  ['ghs_', 'installation token', 'installation token (GitHub App, server-to-server)', 36],
  ['ghr_', 'refresh token', 'refresh token (for the token endpoint, not the API)', 36],
];

function fromGithub(token: string): IdentifiedToken | undefined {
  const entry = GITHUB.find(([prefix]) => token.startsWith(prefix) && token.length > prefix.length);
  if (!entry) return undefined;
  const [prefix, githubType, words, length] = entry;
  const rest = token.slice(prefix.length);
  const notes: string[] = [];
  if (!(prefix === 'github_pat_' ? /^\w+$/ : /^[A-Za-z0-9]+$/).test(rest)) {
    notes.push(
      `characters outside ${prefix === 'github_pat_' ? 'A-Z a-z 0-9 _' : 'A-Z a-z 0-9'} after ${prefix}`,
    );
  }
  if (rest.length !== length) {
    const hint = rest.length < length ? 'truncated?' : 'extra characters?';
    notes.push(`${length} characters expected after ${prefix}, found ${rest.length}: ${hint}`);
  }
  const details: CredentialDetails = notes.length ? { githubType, shapeNotes: notes } : { githubType };
  return { kind: 'github-token', description: `GitHub ${words}`, details };
}

/** Slack token types (api.slack.com/authentication/token-types; token rotation docs for xoxe). */
const SLACK: ReadonlyArray<readonly [prefix: string, type: string, words: string]> = [
  ['xoxe.xoxb-', 'bot', 'bot token, rotating (expires; renewed with its xoxe- refresh token)'],
  ['xoxe.xoxp-', 'user', 'user token, rotating, or app configuration token (expires; renewed with xoxe-)'],
  ['xoxe-', 'refresh', 'refresh token (exchanged at oauth.v2.access; API methods refuse it)'],
  ['xoxb-', 'bot', 'bot token'],
  ['xoxp-', 'user', 'user token'],
  ['xapp-', 'app-level', 'app-level token (Socket Mode and apps.* methods only)'],
];

function fromSlack(token: string): IdentifiedToken | undefined {
  const entry = SLACK.find(([prefix]) => token.startsWith(prefix) && token.length > prefix.length);
  if (!entry) return undefined;
  return { kind: 'slack-token', description: `Slack ${entry[2]}`, details: { slackType: entry[1] } };
}

/** Stripe API keys (docs.stripe.com/keys): sk_ secret, rk_ restricted, pk_ publishable; live or test. */
function fromStripe(token: string): IdentifiedToken | undefined {
  const match = /^(sk|rk|pk)_(live|test)_./.exec(token);
  if (!match) return undefined;
  const stripeType = match[1] === 'sk' ? 'secret' : match[1] === 'rk' ? 'restricted' : 'publishable';
  const stripeMode = match[2] === 'live' ? 'live' : 'test';
  return {
    kind: 'stripe-key',
    description: `Stripe ${stripeType} key (${stripeMode} mode)`,
    details: { stripeMode, stripeType },
  };
}

function fromGoogle(token: string): IdentifiedToken | undefined {
  if (token.startsWith('ya29.') && token.length > 5) {
    return { kind: 'google-oauth-token', description: 'Google OAuth 2.0 access token', details: {} };
  }
  // Google API keys: "AIza" + 35 characters of [A-Za-z0-9_-] (39 in all).
  if (!/^AIza[\w-]+$/.test(token)) return undefined;
  const found = token.length - 4;
  const details: CredentialDetails =
    found === 35 ? {} : { shapeNotes: [`35 characters expected after AIza, found ${found}`] };
  return { kind: 'google-api-key', description: 'Google API key', details };
}

function fromAzureSas(token: string): IdentifiedToken | undefined {
  if (!token.includes('sig=') || /\s/.test(token)) return undefined;
  const names = token
    .replace(/^\?/, '')
    .split('&')
    .map((pair) => pair.split('=', 1)[0]);
  return names.includes('sig') && (names.includes('se') || names.includes('sv'))
    ? readAzureSas(token)
    : undefined;
}

function fromVendorTable(token: string): IdentifiedToken | undefined {
  const vendor = findVendorToken(token);
  if (!vendor) return undefined;
  return { kind: 'vendor-token', description: vendor.words, details: { vendorTokenId: vendor.id } };
}

const RECOGNISERS: readonly Recogniser[] = [
  fromJwt,
  fromDiscord,
  fromGithub,
  fromSlack,
  fromStripe,
  fromGoogle,
  fromVendorTable,
  identifyAwsKeyId,
  fromAzureSas,
];

/** Standard or URL-safe base64 without white space, padding optional; undefined otherwise. */
function decodeBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(body) || body.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(atob(body.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function asciiOf(bytes: Uint8Array | undefined): string | undefined {
  return bytes?.every((byte) => byte < 0x80) ? String.fromCharCode(...bytes) : undefined;
}
