import type { HeaderEntry } from '../core/exchange.ts';
import type { ExperimentRequest } from '../core/experiments/plan-experiment.ts';
import { LIMITS } from '../shared/limits.ts';
import type { ExperimentResponse } from '../shared/messages.ts';

/**
 * Sends an experiment's request from the page, as the page would: Chromium runs a content script's
 * fetch with the page's origin, cookies and CORS; Firefox runs it with the extension's, so there
 * the page's own `content.fetch` is used. Neither is the page's (possibly patched) `window.fetch`,
 * so the page cannot see, change or answer the experiment. Nothing is cached or stored.
 */
export async function sendExperiment(request: ExperimentRequest): Promise<ExperimentResponse> {
  const pageFetch = (globalThis as { content?: { fetch?: typeof fetch } }).content?.fetch;
  const startedAt = Date.now();
  const init: RequestInit = {
    method: request.method,
    headers: request.headers.map((header): [string, string] => [header.name, header.value]),
    cache: 'no-store',
    credentials: 'same-origin',
    redirect: 'follow',
  };
  try {
    const response = pageFetch ? await pageFetch(request.url, init) : await fetch(request.url, init);
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
