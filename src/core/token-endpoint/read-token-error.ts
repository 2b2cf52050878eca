/**
 * What a token endpoint said when it refused a grant, across providers: RFC 6749 §5.2's `error` and
 * `error_description` (JSON, or a form body as GitHub sends without `Accept: application/json`),
 * Entra's AADSTS codes, Google APIs' `error: {message, status}` (Firebase's TOKEN_EXPIRED), Amazon
 * Cognito's `__type` and `message`, Slack's `ok: false`.
 */
export interface TokenError {
  /** The error code: RFC 6749's, or the provider's own (NotAuthorizedException, TOKEN_EXPIRED). */
  code: string;
  description?: string;
  /** Entra's `AADSTS700082`, when the description carries one. */
  aadsts?: string;
  /** The endpoint's words, as quoted in evidence. */
  quote: string;
}

/** Device-flow polling (RFC 8628 §3.5): the user has not finished yet. An answer, not a failure. */
export const STILL_POLLING = new Set(['authorization_pending', 'slow_down']);

const QUOTE_CHARS = 300;

export function readTokenError(body: string | undefined): TokenError | undefined {
  if (body === undefined) return undefined;
  const text = body.length > 16_384 ? body.slice(0, 16_384) : body;
  const fields = parse(text);
  if (!fields) return undefined;
  const error = fields.error;
  // Google APIs and Firebase: { error: { code: 400, message: "TOKEN_EXPIRED", status: "INVALID_ARGUMENT" } }
  if (isObject(error)) {
    const message = typeof error.message === 'string' ? error.message : undefined;
    const status = typeof error.status === 'string' ? error.status : undefined;
    if (!message && !status) return undefined;
    // "TOO_MANY_ATTEMPTS_TRY_LATER : Access to this account…": the code before the colon.
    const code = /^[A-Z][A-Z_]{2,}\b/.exec(message ?? '')?.[0] ?? status ?? 'error';
    return finish(code, message, `${message ?? ''}${status ? ` (${status})` : ''}`);
  }
  const description = str(fields.error_description) ?? str(fields.message) ?? str(fields.errorSummary);
  if (typeof error === 'string' && error.length > 0) return finish(error, description);
  // Amazon Cognito: { "__type": "NotAuthorizedException", "message": "Refresh Token has expired" }
  const type = str(fields.__type) ?? str(fields.code) ?? str(fields.errorCode);
  if (type) return finish(type.replace(/^.*#/, ''), description);
  return undefined;
}

function finish(code: string, description?: string, quoted?: string): TokenError {
  const result: TokenError = {
    code: code.slice(0, 100),
    quote: (quoted ?? (description ? `${code}: ${description}` : code)).slice(0, QUOTE_CHARS),
  };
  if (description) result.description = description.slice(0, 1000);
  const aadsts = /\bAADSTS\d{4,8}\b/.exec(description ?? '')?.[0];
  if (aadsts) result.aadsts = aadsts;
  return result;
}

function parse(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return isObject(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  // GitHub's form-encoded answer: error=bad_refresh_token&error_description=…
  if (/^error=/.test(trimmed) || /&error=/.test(trimmed))
    return Object.fromEntries(new URLSearchParams(trimmed));
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
