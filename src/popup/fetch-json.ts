import { insecureUrlProblem } from '../core/verify/verify-signature.ts';

/**
 * The shell's fetch for the signature check: an issuer's discovery document and JWKS. Extension
 * pages with host access to all sites may fetch cross-origin without CORS. Every response is
 * bounded, because the URLs come from a token the page sent and the servers are not ours.
 */
export const FETCH_TIMEOUT_MS = 8_000;
export const MAX_RESPONSE_BYTES = 512 * 1024;

export interface FetchJsonLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type FetchJsonFailure = 'network' | 'timeout' | 'http-status' | 'too-large' | 'not-json' | 'refused';

/** A readable failure; `kind` says which bound or step failed. */
export class FetchJsonError extends Error {
  constructor(
    readonly kind: FetchJsonFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FetchJsonError';
  }
}

const DEFAULT_LIMITS: FetchJsonLimits = { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES };

export async function fetchJson(url: string, limits: FetchJsonLimits = DEFAULT_LIMITS): Promise<unknown> {
  // The URL comes from a token or an issuer's document: quoted in messages at a bounded length.
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
  const controller = new AbortController();
  // One deadline for the whole exchange, body included: a server that trickles bytes is cut off too.
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        // No cookies or HTTP auth, no cached copy, no Referer: the request says nothing about the user.
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw timedOut(shown, limits);
      throw new FetchJsonError('network', `${shown} could not be reached (${messageOf(error)})`);
    }
    // A redirect may land elsewhere: the final URL must meet the same https rule as the first.
    const landed = response.url ? new URL(response.url) : undefined;
    const refused = landed ? insecureUrlProblem(landed) : undefined;
    if (landed && refused) {
      await response.body?.cancel();
      throw new FetchJsonError(
        'refused',
        `${shown} redirected to ${landed.href.slice(0, 200)}, which ${refused}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      const statusText = response.statusText ? ` ${response.statusText}` : '';
      throw new FetchJsonError('http-status', `${shown} answered HTTP ${response.status}${statusText}`);
    }
    const text = await readCapped(response, shown, limits, controller.signal);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const type = response.headers.get('content-type');
      throw new FetchJsonError(
        'not-json',
        `${shown} did not answer with JSON${type ? ` (content-type ${type.slice(0, 100)})` : ''}`,
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body as a stream and stops as soon as it passes the cap (Content-Length may lie or be absent). */
async function readCapped(
  response: Response,
  url: string,
  limits: FetchJsonLimits,
  signal: AbortSignal,
): Promise<string> {
  const tooLarge = () =>
    new FetchJsonError(
      'too-large',
      `${url} sent more than ${formatBytes(limits.maxBytes)}; not read further`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchJsonError) throw error;
    if (signal.aborted) throw timedOut(url, limits);
    throw new FetchJsonError('network', `${url} broke off while sending its answer (${messageOf(error)})`);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(body);
}

function timedOut(url: string, limits: FetchJsonLimits): FetchJsonError {
  return new FetchJsonError('timeout', `${url} did not answer within ${limits.timeoutMs / 1000} s`);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
