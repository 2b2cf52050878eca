import { maskSecret } from '../mask-secret.ts';
import type { CredentialDetails, IdentifiedToken } from './credential.ts';
import { identifyToken } from './identify-token.ts';
import { isPlaceholderValue } from './parse-authorization.ts';

/**
 * Basic credentials (RFC 7617 §2): base64 of `user-id ":" password`, UTF-8 being the only charset
 * a server may announce (§2.1). The result names the user and never the password: not its text,
 * not its length, at most what kind of secret it is ("a GitHub installation token").
 */
export function readBasic(credentials: string): IdentifiedToken {
  const text = credentials.trim();
  const notes: string[] = [];
  if (text === '') return basic('Basic (empty)', { shapeNotes: ['no credentials after Basic'] });
  const decoded = decodeBasic(text, notes);
  if (decoded === undefined) {
    // A frequent glue bug: "Basic alice:secret", the pair sent without encoding it.
    if (text.includes(':')) {
      notes.push('user:password sent without base64 encoding (RFC 7617 §2 requires base64)');
      return describePair(text, notes);
    }
    return basic('Basic (not valid base64)', { shapeNotes: notes });
  }
  if (!decoded.includes(':')) {
    notes.push('decodes to text without a colon: user:password expected (RFC 7617 §2)');
    return basic('Basic (no user:password inside)', { shapeNotes: notes });
  }
  return describePair(decoded, notes);
}

function basic(description: string, details: CredentialDetails): IdentifiedToken {
  return { kind: 'basic', description, details };
}

function describePair(pair: string, notes: string[]): IdentifiedToken {
  const colon = pair.indexOf(':');
  const user = pair.slice(0, colon);
  const password = pair.slice(colon + 1);
  if (user === '') notes.push('empty user name');
  else if (isPlaceholderValue(user)) notes.push('the user name is a placeholder value');
  if (password === '') notes.push('empty password');
  else if (isPlaceholderValue(password)) notes.push('the password is a placeholder value');
  else {
    // git and many APIs take a token as the Basic password (`x-access-token:ghs_…`): say which.
    const secret = identifyToken(password);
    const words = secret.kind === 'discord-bot-token' ? 'Discord bot token' : secret.description;
    if (secret.kind !== 'opaque') notes.push(`the password is shaped like this: ${words}`);
  }
  // Stripe and others take the API key as the user name with an empty password (`sk_test_…:`):
  // that user name is a secret, so it is masked like one.
  const userKind = user === '' ? undefined : identifyToken(user);
  const userIsSecret = userKind !== undefined && userKind.kind !== 'opaque';
  const basicUser = userIsSecret ? maskSecret(user) : user;
  const description = userIsSecret ? `Basic (user name: ${userKind.description})` : `Basic (user "${user}")`;
  return basic(description, notes.length ? { basicUser, shapeNotes: notes } : { basicUser });
}

/** The decoded text, or undefined with a note when the value is not base64. */
function decodeBasic(text: string, notes: string[]): string | undefined {
  const body = text.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9+/_-]*$/.test(body) || body.length % 4 === 1) {
    notes.push('not valid base64 (wrong characters or truncated)');
    return undefined;
  }
  if (/[-_]/.test(body))
    notes.push('uses base64url characters (- _) where Basic needs standard base64 (+ /)');
  if (body.length % 4 !== 0 && body.length === text.length) {
    notes.push('base64 padding (=) missing: strict servers reject it');
  }
  let binary: string;
  try {
    binary = atob(body.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    notes.push('not valid base64');
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    notes.push('not valid UTF-8 once decoded (read as Latin-1; RFC 7617 §2.1 allows only UTF-8)');
    return binary;
  }
}
