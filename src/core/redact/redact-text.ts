import { redactOpaque, redactSecret } from './redact-token.ts';

/** Free text beyond this is cut: error bodies are small, and it bounds the work on hostile pages. */
export const MAX_TEXT_LENGTH = 256 * 1024;
/** More distinct secrets than a request can plausibly carry are ignored (after the longest). */
const MAX_SECRETS = 64;
const MIN_SECRET_LENGTH = 8;

/**
 * Free text (an error body, an evidence line) with every occurrence of the given secrets replaced by
 * its redacted form: servers echo credentials back (AWS IncompleteSignature quotes the whole
 * Authorization header; Stripe quotes part of the key). Any JWT-looking substring loses its
 * signature, and well-known vendor token shapes are redacted, whether or not they were given.
 *
 * Each secret is found with String#indexOf (Boyer-Moore-Horspool in V8) and the JWT and vendor
 * scans are single passes, so the work is linear in the text for a bounded number of secrets.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const usable = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_SECRETS);
  const limit = Math.min(text.length, MAX_TEXT_LENGTH);
  // Read past the cut by the longest secret, so one that straddles it is still found whole.
  const window = text.slice(0, limit + (usable[0]?.length ?? 0));

  const hits: { start: number; end: number; secret: string }[] = [];
  for (const secret of usable) {
    for (let at = window.indexOf(secret); at !== -1 && at < limit; at = window.indexOf(secret, at + 1)) {
      hits.push({ start: at, end: at + secret.length, secret });
    }
  }
  // Longest first among hits that start together; overlapping hits merge into the first one.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  // One label per secret, not per hit: a hostile body can repeat a secret thousands of times.
  const labels = new Map<string, string>();
  const label = (secret: string) => {
    const known = labels.get(secret);
    if (known !== undefined) return known;
    const made = redactSecret(secret);
    labels.set(secret, made);
    return made;
  };
  let out = '';
  let position = 0;
  for (const hit of hits) {
    if (hit.start < position) {
      position = Math.max(position, hit.end);
      continue;
    }
    out += window.slice(position, hit.start) + label(hit.secret);
    position = hit.end;
  }
  if (position < limit) out += window.slice(position, limit);
  const masked = maskTokenShapes(out);
  return text.length > MAX_TEXT_LENGTH
    ? `${masked}\n[… ${text.length - MAX_TEXT_LENGTH} more characters not shown]`
    : masked;
}

/** Runs of base64url characters and dots: every compact JWT lies inside one. */
const TOKEN_RUN = /[A-Za-z0-9_.-]+/g;

/**
 * Vendor secrets by their documented prefixes (GitHub, Slack, Stripe secret and restricted keys,
 * Google API keys). Each pattern is a literal prefix and one greedy class with nothing after it,
 * so a failed attempt costs at most the minimum length: the scan stays linear.
 */
const VENDOR_TOKEN =
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abpesr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[\w-]{35})/g;

/** JWT signatures and vendor-shaped tokens in free text, redacted in one pass each. */
export function maskTokenShapes(text: string): string {
  return text
    .replace(TOKEN_RUN, (run) => (run.includes('eyJ') && run.includes('.') ? maskJwtsInRun(run) : run))
    .replace(VENDOR_TOKEN, (token) => redactOpaque(token));
}

/**
 * `…eyJ<header>.eyJ<payload>.<signature>` loses the signature; `eyJ<header>.<key>.<iv>.<ct>.<tag>`
 * (a JWE) keeps only the header. Segments are visited once, left to right.
 */
function maskJwtsInRun(run: string): string {
  const segments = run.split('.');
  const out: string[] = [];
  let index = 0;
  while (index < segments.length) {
    const first = segments[index] ?? '';
    const next = segments.slice(index + 1, index + 5);
    const [payload = '', signature = '', ciphertext = '', tag = ''] = next;
    if (first.includes('eyJ') && payload.startsWith('eyJ') && signature !== '') {
      out.push(first, payload, '[signature removed]');
      index += 3;
    } else if (first.startsWith('eyJ') && next.length === 4 && signature && ciphertext && tag) {
      out.push(first, '[encrypted parts removed]');
      index += 5;
    } else {
      out.push(first);
      index += 1;
    }
  }
  return out.join('.');
}
