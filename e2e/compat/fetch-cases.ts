import { expect } from '@playwright/test';
import type { CompatCase } from '../support/compat-page.ts';

/**
 * fetch as pages use it: Request objects, aborts, streams, clones, redirects, keepalive, no-cors
 * and errors.
 * Run by e2e/page-compat.spec.ts in a Chromium without the extension and in one with it; each
 * `run` is serialised into the page, so it may use only its arguments and browser globals.
 */
export const FETCH_CASES: Record<string, CompatCase> = {
  'fetch: a Request object with headers and a POST body, and init overriding it': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const make = () =>
          new Request(`${a}/echo?status=${status}`, {
            method: 'POST',
            headers: { 'X-From-Request': 'request', 'Content-Type': 'text/plain' },
            body: 'request body',
          });
        const inits: (RequestInit | undefined)[] = [
          undefined,
          { method: 'PUT', headers: { 'X-From-Init': 'init' } },
          { body: 'init body', headers: new Headers({ 'Content-Type': 'application/x-init' }) },
        ];
        for (const init of inits) {
          const request = make();
          const response = await fetch(request, init);
          results.push({ ...compat.response(response), body: await response.json(), used: request.bodyUsed });
        }
      }
      return results;
    },
    plain: [
      { status: 200, body: { method: 'POST', body: 'request body' } },
      { status: 200, body: { method: 'PUT', body: 'request body', headers: { 'x-from-init': 'init' } } },
      { status: 200, body: { method: 'POST', body: 'init body' } },
      { status: 401, body: { method: 'POST' } },
      { status: 401, body: { method: 'PUT' } },
      { status: 401, body: { body: 'init body' } },
    ],
  },

  'fetch: aborted before the call, and before the headers': {
    run: async (compat, { a }) => {
      const before = new AbortController();
      before.abort();
      const reason = new Error('custom reason');
      const withReason = new AbortController();
      withReason.abort(reason);
      let sameReason = false;
      const inRequest = new AbortController();
      const request = new Request(`${a}/text?status=401`, { signal: inRequest.signal });
      inRequest.abort();
      const waiting = new AbortController();
      const pending = fetch(`${a}/delay?ms=3000`, { signal: waiting.signal });
      waiting.abort();
      return {
        before: await compat.settle(() => fetch(`${a}/text?status=401`, { signal: before.signal })),
        withReason: await compat.settle(() =>
          fetch(`${a}/text`, { signal: withReason.signal }).catch((thrown) => {
            sameReason = thrown === reason;
            throw thrown;
          }),
        ),
        sameReason,
        viaRequest: await compat.settle(() => fetch(request)),
        beforeHeaders: await compat.settle(() => pending),
      };
    },
    plain: {
      before: { error: { name: 'AbortError' } },
      withReason: { error: { name: 'Error', message: 'custom reason' } },
      sameReason: true,
      viaRequest: { error: { name: 'AbortError' } },
      beforeHeaders: { error: { name: 'AbortError' } },
    },
  },

  'fetch: aborted after the headers, while the page reads a slow 200 or 401 body': {
    run: async (compat, { a }) => {
      const results: Record<number, unknown> = {};
      for (const status of [200, 401]) {
        const url = `${a}/slow?status=${status}&chunks=40&interval=100`;
        const controller = new AbortController();
        const response = await fetch(url, { signal: controller.signal });
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const first = await reader.read();
        controller.abort();
        const next = await compat.settle(() => reader.read().then(({ done }) => done));
        // The same through text(), aborted once the body has started.
        const other = new AbortController();
        const second = await fetch(url, { signal: other.signal });
        const text = second.text();
        other.abort();
        results[status] = {
          response: compat.response(response),
          first: new TextDecoder().decode(first.value),
          next,
          text: await compat.settle(() => text),
          // The page (and the observer) still work afterwards.
          after: await fetch(`${a}/text?status=${status}`).then((later) => later.text()),
        };
      }
      return results;
    },
    plain: {
      200: {
        first: 'chunk 0;',
        next: { error: { name: 'AbortError' } },
        text: { error: { name: 'AbortError' } },
      },
      401: { first: 'chunk 0;', next: { error: { name: 'AbortError' } }, after: 'text 401' },
    },
    // The observer read a clone of the 401 that the abort cut short: it did not hang, and it
    // reported what it had (reading a clone of failures is its job).
    recorded: async (exchanges) => {
      const fromThePage = async () =>
        (await exchanges())
          .filter(
            (exchange) => exchange.url.includes('/slow?status=401') && exchange.sources.includes('page'),
          )
          .map((exchange) => exchange.status);
      // Two aborted 401s (reader and text()); webRequest sees neither complete.
      await expect.poll(fromThePage).toEqual([401, 401]);
    },
  },

  'fetch: the page streams 200 and 401 bodies with getReader()': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const response = await fetch(`${a}/slow?status=${status}&chunks=3&interval=60`);
        const locked = response.body?.locked;
        const chunks = await compat.chunks(response);
        // The network decides how many reads it takes; what arrives, and that it arrives in parts, does not.
        results.push({
          ...compat.response(response),
          locked,
          text: chunks.join(''),
          parts: chunks.length > 1,
        });
      }
      return results;
    },
    plain: [
      { status: 200, locked: false, text: 'chunk 0;chunk 1;chunk 2;', parts: true, bodyUsed: true },
      { status: 401, locked: false, text: 'chunk 0;chunk 1;chunk 2;', parts: true, bodyUsed: true },
    ],
  },

  'fetch: response.clone() and the original are both read, in either order': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const response = await fetch(`${a}/json?status=${status}`);
        const copy = response.clone();
        const originalFirst = [await response.text(), await copy.text()];
        const again = await fetch(`${a}/bytes?status=${status}`);
        const copyOfAgain = again.clone();
        const cloneFirst = [
          Array.from(new Uint8Array(await copyOfAgain.arrayBuffer())),
          Array.from(new Uint8Array(await again.arrayBuffer())),
        ];
        results.push({
          originalFirst,
          cloneFirst,
          used: [response.bodyUsed, copy.bodyUsed],
          cloneUsed: await compat.settle(() => response.clone()),
          kinds: await fetch(`${a}/json?status=${status}`).then(async (one) => [
            await one.clone().json(),
            (await one.clone().blob()).size,
            await one
              .clone()
              .formData()
              .then(
                () => 'form',
                (thrown) => compat.error(thrown),
              ),
            (await one.bytes()).length,
          ]),
        });
      }
      return results;
    },
    plain: [
      { used: [true, true], cloneUsed: { error: { name: 'TypeError' } } },
      { used: [true, true], cloneUsed: { error: { name: 'TypeError' } } },
    ],
  },

  'fetch: a same-origin 302 chain, and one that ends in a 401': {
    run: async (compat, { a }) => {
      const chain = await fetch(`${a}/redirect?hops=3`);
      const to401 = await fetch(`${a}/redirect-to?to=${encodeURIComponent('/text?status=401')}`);
      return [
        { ...compat.response(chain), body: await chain.text() },
        { ...compat.response(to401), body: await to401.text() },
      ];
    },
    plain: [
      { status: 200, redirected: true, body: 'landed' },
      { status: 401, redirected: true, body: 'text 401' },
    ],
  },

  "fetch: redirect 'manual' and 'error'": {
    run: async (compat, { a }) => {
      const manual = await fetch(`${a}/redirect?hops=1`, { redirect: 'manual' });
      return {
        manual: { ...compat.response(manual), body: await manual.text() },
        error: await compat.settle(() => fetch(`${a}/redirect?hops=1`, { redirect: 'error' })),
        errorAfter401: await compat.settle(() =>
          fetch(`${a}/redirect-to?to=${encodeURIComponent('/text?status=401')}`, { redirect: 'error' }),
        ),
      };
    },
    plain: {
      manual: { status: 0, type: 'opaqueredirect', redirected: false, body: '' },
      error: { error: { name: 'TypeError' } },
      errorAfter401: { error: { name: 'TypeError' } },
    },
  },

  'fetch: cross-origin redirects, with and without CORS at the end': {
    run: async (compat, { a, b }) => {
      const to = (path: string) => `${a}/redirect-to?to=${encodeURIComponent(b + path)}`;
      const allowed = await fetch(to('/text?cors=1'));
      const allowed401 = await fetch(to('/text?status=401&cors=1'));
      return {
        allowed: { ...compat.response(allowed), body: await allowed.text() },
        allowed401: { ...compat.response(allowed401), body: await allowed401.text() },
        refused: await compat.settle(() => fetch(to('/text?status=401'))),
      };
    },
    plain: {
      allowed: { status: 200, type: 'cors', redirected: true, body: 'text 200' },
      allowed401: { status: 401, type: 'cors', redirected: true, body: 'text 401' },
      refused: { error: { name: 'TypeError' } },
    },
  },

  'fetch: a token request with one-shot headers and a URLSearchParams body is sent as the page made it': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const status of [200, 400]) {
        // A generator is a valid HeadersInit that can be read once: only the browser may read it.
        function* headers(): Generator<[string, string]> {
          yield ['X-Client', 'spa'];
          yield ['Content-Type', 'application/x-www-form-urlencoded'];
        }
        const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-compat-1' });
        const response = await fetch(`${a}/echo?status=${status}`, {
          method: 'POST',
          headers: headers() as unknown as HeadersInit,
          body,
        });
        results.push({ ...compat.response(response), body: await response.json(), params: String(body) });
      }
      return results;
    },
    plain: [
      {
        status: 200,
        body: {
          method: 'POST',
          headers: { 'x-client': 'spa', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=refresh_token&refresh_token=rt-compat-1',
        },
      },
      { status: 400, body: { headers: { 'x-client': 'spa' } } },
    ],
  },

  'fetch: keepalive requests reach the server, and an oversized one is refused': {
    run: async (compat, { a, nonce }) => {
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const id = `${nonce}-${status}`;
        const response = await fetch(`${a}/record?id=${id}&status=${status}`, {
          method: 'POST',
          keepalive: true,
          body: `kept ${status}`,
          headers: { 'Content-Type': 'text/plain' },
        });
        results.push({
          ...compat.response(response),
          url: response.url.replace(nonce, 'nonce'),
          body: await response.text(),
          seen: await fetch(`${a}/seen?id=${id}`).then((seen) => seen.json()),
        });
      }
      results.push(
        await compat.settle(() =>
          fetch(`${a}/record?id=${nonce}-big`, { method: 'POST', keepalive: true, body: 'x'.repeat(70_000) }),
        ),
      );
      return results;
    },
    plain: [
      { status: 200, seen: { method: 'POST', body: 'kept 200', contentType: 'text/plain' } },
      { status: 401, seen: { method: 'POST', body: 'kept 401', contentType: 'text/plain' } },
      { error: { name: 'TypeError' } },
    ],
  },

  "fetch: mode 'no-cors' to another origin gives an opaque response": {
    run: async (compat, { b }) => {
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const response = await fetch(`${b}/text?status=${status}`, { mode: 'no-cors' });
        results.push({ ...compat.response(response), body: await response.text() });
      }
      results.push(await compat.settle(() => fetch(`${b}/text?status=401`)));
      return results;
    },
    plain: [
      { status: 0, type: 'opaque', ok: false, headers: [], body: '' },
      { status: 0, type: 'opaque', ok: false, headers: [], body: '' },
      { error: { name: 'TypeError', message: 'Failed to fetch' } },
    ],
  },

  'fetch: a credentialed failure with a method that is not a string, its init changed after the call': {
    run: async (compat, { a }) => {
      const unhandled: unknown[] = [];
      window.addEventListener('unhandledrejection', (event) => unhandled.push(compat.error(event.reason)));
      // fetch converts the method with its toString (and normalises "put"); the observer must not
      // trip over a method that is not a string, before or after it reads the body.
      const init = {
        method: { toString: () => 'put' } as unknown as string,
        headers: { Authorization: 'Bearer compat-token-0123456789' },
      };
      const pending = fetch(`${a}/echo?status=401`, init);
      init.method = 'DELETE';
      const response = await pending;
      const body = (await response.json()) as { method: string };
      await fetch(`${a}/text`).then((next) => next.text());
      return { status: response.status, method: body.method, unhandled };
    },
    plain: { status: 401, method: 'PUT', unhandled: [] },
  },

  'fetch: network errors, bad URLs and invalid requests fail with the same errors': {
    run: async (compat, { a, refused }) => {
      const unhandled: unknown[] = [];
      window.addEventListener('unhandledrejection', (event) => unhandled.push(compat.error(event.reason)));
      const outcomes = {
        refused: await compat.settle(() => fetch(`${refused}/x`)),
        badUrl: await compat.settle(() => fetch('http://[bad')),
        badScheme: await compat.settle(() => fetch('ftp://127.0.0.1/')),
        credentialsInUrl: await compat.settle(() => fetch('http://user:pass@127.0.0.1/')),
        badHeader: await compat.settle(() => fetch(`${a}/text`, { headers: { 'bad header': 'x' } })),
        getWithBody: await compat.settle(() => fetch(`${a}/text`, { body: 'x' })),
        forbiddenMethod: await compat.settle(() => fetch(`${a}/text`, { method: 'CONNECT' })),
        noArguments: await compat.settle(() => (fetch as unknown as () => Promise<Response>)()),
        badInit: await compat.settle(() => fetch(`${a}/text`, 5 as unknown as RequestInit)),
      };
      // A rejection nobody handles is reported to the page once, with the same reason.
      const reported = new Promise((resolve) =>
        window.addEventListener('unhandledrejection', () => resolve(true), { once: true }),
      );
      void fetch(`${refused}/unhandled`);
      await reported;
      // A later round trip leaves time for a second report, had there been one.
      await fetch(`${a}/text`).then((response) => response.text());
      return { outcomes, unhandled };
    },
    plain: {
      outcomes: {
        refused: { error: { name: 'TypeError', message: 'Failed to fetch' } },
        badUrl: { error: { name: 'TypeError' } },
        badHeader: { error: { name: 'TypeError' } },
        getWithBody: { error: { name: 'TypeError' } },
        noArguments: { error: { name: 'TypeError' } },
      },
      unhandled: [{ name: 'TypeError', message: 'Failed to fetch' }],
    },
  },
};
