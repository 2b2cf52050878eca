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
