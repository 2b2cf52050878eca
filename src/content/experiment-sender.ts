import type { HeaderEntry } from '../core/exchange.ts';
import type { ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import { LIMITS } from '../shared/limits.ts';
import type { ExperimentResponse } from '../shared/messages.ts';

/**
 * Sends an experiment's request from the page, as the page would: with its origin, cookies, Referer
 * and CORS. This is the content script's own `fetch`, in both browsers:
 * - Chromium runs a content script's fetch on behalf of the page's origin.
 * - Firefox does too in Manifest V3, and this extension is MV3 only. MV2's workaround, the page's
 *   `content.fetch`, does not exist there (an MV3 content script has no `content`; Firefox's own
 *   test_ext_secfetch.js asserts it), and the privileged fetch it avoided (no Origin, no Referer,
 *   no CORS) is MV2's. Checked in Firefox ESR 153 by e2e-firefox/experiments.test.ts: the server
 *   gets the page's Referer and cookies with `Sec-Fetch-Site: same-origin`, and a cross-origin
 *   request goes through the page's CORS preflight with `Origin: <the page's origin>`.
 * `globalThis.content` is deliberately not consulted: in Chromium's isolated world a page's frame
 * named "content" answers to that name, so the page could make the request leave from that frame or
 * fail. `fetch` cannot be shadowed that way, and it is not the page's (possibly patched)
 * `window.fetch`, so the page cannot see, change or answer the experiment. Nothing is cached or
 * stored.
 */
export async function sendExperiment(request: ExperimentRequest): Promise<ExperimentResponse> {
  const startedAt = Date.now();
  const init: RequestInit = {
    method: request.method,
    headers: request.headers.map((header): [string, string] => [header.name, header.value]),
    cache: 'no-store',
    credentials: 'same-origin',
    // Not followed: only Authorization is dropped across origins, so an API key header would go
    // wherever the server points. A redirect ends the experiment (inconclusive), sending nothing on.
    redirect: 'manual',
  };
  try {
    const response = await fetch(request.url, init);
    if (response.type === 'opaqueredirect') {
      return {
        status: 0,
        url: request.url,
        headers: [],
        error:
          'The server answered with a redirect, which was not followed (the credential goes nowhere else)',
        startedAt,
        completedAt: Date.now(),
      };
    }
    const headers: HeaderEntry[] = [];
    response.headers.forEach((value, name) => {
      if (headers.length < LIMITS.headerCount)
        headers.push({ name, value: value.slice(0, LIMITS.headerValueChars) });
    });
    const body = request.method === 'HEAD' ? undefined : await readCapped(response, LIMITS.bodyChars);
    return {
      status: response.status,
      url: response.url || request.url,
      headers,
      ...(body ? { body } : {}),
      startedAt,
      completedAt: Date.now(),
    };
  } catch (error) {
    return {
      status: 0,
      url: request.url,
      headers: [],
      error: String(error).slice(0, 200),
      startedAt,
      completedAt: Date.now(),
    };
  }
}

async function readCapped(
  response: Response,
  cap: number,
): Promise<{ text: string; truncated: boolean } | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length > cap) {
        void reader.cancel().catch(() => {});
        return { text: text.slice(0, cap), truncated: true };
      }
    }
  } catch {
    return { text, truncated: true };
  }
  return { text: text + decoder.decode(), truncated: false };
}
