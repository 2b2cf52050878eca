/**
 * How a secret is shown before the user reveals it: enough to recognise which token it is
 * (kind prefix, last four characters, length), never enough to use it.
 */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return '•'.repeat(Math.max(secret.length, 4));
  const prefix =
    /^(?:eyJ|gh[pousr]_|github_pat_|xox[abpe]-|sk_(?:live|test)_|rk_(?:live|test)_|pk_(?:live|test)_|ya29\.|AIza|AKIA|ASIA)/.exec(
      secret,
    )?.[0] ?? '';
  return `${prefix}••••••${secret.slice(-4)} (${secret.length} chars)`;
}

/** A run of token characters: a credential, or a scheme or word of the header's shape. */
const TOKEN_RUN = /[A-Za-z0-9._~+/=-]{6,}/g;
/** Words an Authorization header's shape is made of, and the placeholders apps send: shown. */
const SHAPE_WORDS =
  /^(?:bearer|basic|token|dpop|jwt|bot|digest|negotiate|hoba|mutual|vapid|undefined|null|nan)$/i;

/**
 * A header value with each token in it masked and everything else kept, so its shape (a doubled
 * scheme, quotes, white space, a placeholder) can be shown without the credential.
 */
export function maskTokenRuns(text: string): string {
  return text.replace(TOKEN_RUN, (run) => (SHAPE_WORDS.test(run) ? run : maskSecret(run)));
}
