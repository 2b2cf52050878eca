import type { CompatCase } from '../support/compat-page.ts';

/**
 * XMLHttpRequest as pages use it: every responseType, synchronous requests, event order, abort
 * and timeout.
 * Run by e2e/page-compat.spec.ts in a Chromium without the extension and in one with it; each
 * `run` is serialised into the page, so it may use only its arguments and browser globals.
 */
export const XHR_CASES: Record<string, CompatCase> = {
  'xhr: responseType "" and "text", 200 and 401': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const responseType of ['', 'text'] as const) {
        for (const status of [200, 401]) {
          results.push(await compat.xhr({ url: `${a}/text?status=${status}`, responseType }));
        }
      }
      return results;
    },
    plain: [
      { status: 200, response: 'text 200' },
      { status: 401, response: 'text 401' },
      { status: 200, response: 'text 200' },
      { status: 401, response: 'text 401' },
    ],
  },

  'xhr: responseType "json", 200 and 401': {
    run: async (compat, { a }) => [
      await compat.xhr({ url: `${a}/json?status=200`, responseType: 'json' }),
      await compat.xhr({ url: `${a}/json?status=401`, responseType: 'json' }),
      // Not JSON: null, not an exception.
      await compat.xhr({ url: `${a}/text?status=401`, responseType: 'json' }),
    ],
    plain: [
      { status: 200, response: { status: 200, ok: true } },
      { status: 401, response: { status: 401, ok: false } },
      { status: 401, response: null },
    ],
  },

  'xhr: responseType "blob" and "arraybuffer", 200 and 401': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      for (const responseType of ['blob', 'arraybuffer'] as const) {
        for (const status of [200, 401]) {
          results.push(await compat.xhr({ url: `${a}/bytes?status=${status}`, responseType }));
        }
      }
      return results;
    },
    plain: [
      { status: 200, response: { size: 256, type: 'application/octet-stream' } },
      { status: 401, response: { size: 256, type: 'application/octet-stream' } },
      { status: 200, responseType: 'arraybuffer' },
      { status: 401, responseType: 'arraybuffer' },
    ],
  },

  'xhr: responseType "document", 200 and 401': {
    run: async (compat, { a }) => [
      await compat.xhr({ url: `${a}/doc?status=200`, responseType: 'document' }),
      await compat.xhr({ url: `${a}/doc?status=401`, responseType: 'document' }),
    ],
    plain: [
      { status: 200, response: { title: 'doc 200' } },
      { status: 401, response: { title: 'doc 401' } },
    ],
  },

  'xhr: synchronous requests, 200 and 401': {
    run: async (compat, { a, refused }) => {
      const results: unknown[] = [];
      for (const path of ['/text?status=200', '/text?status=401', '/json?status=401']) {
        results.push(await compat.xhr({ url: a + path, async: false }));
      }
      results.push(await compat.xhr({ url: `${refused}/x`, async: false }));
      // A synchronous request cannot change its responseType.
      results.push(
        await compat.settle(() => {
          const request = new XMLHttpRequest();
          request.open('GET', `${a}/text`, false);
          request.responseType = 'json';
        }),
      );
      return results;
    },
    plain: [
      { status: 200, response: 'text 200' },
      { status: 401, response: 'text 401' },
      { status: 401 },
      { status: 0, sendError: { name: 'NetworkError' } },
      { error: { name: 'InvalidAccessError' } },
    ],
  },

  'xhr: event order with upload events when sending a body': {
    run: async (compat, { a }) => {
      const body = 'x'.repeat(200_000);
      return [
        await compat.xhr({ url: `${a}/echo?status=200`, method: 'POST', body, upload: true }),
        await compat.xhr({ url: `${a}/echo?status=401`, method: 'POST', body, upload: true }),
        // A slow body: several readyState 3 and progress events, collapsed.
        await compat.xhr({ url: `${a}/slow?status=401&chunks=4&interval=40` }),
      ].map((facts) => ({ ...facts, response: String(facts.response).length }));
    },
    plain: [
      {
        status: 200,
        events: [
          'readystate:1',
          'loadstart',
          'upload.loadstart',
          'upload.progress',
          'upload.load:200000/200000',
          'upload.loadend',
          'readystate:2',
          'readystate:3',
          'progress',
          'readystate:4',
          'load:200081/0/false',
          'loadend',
        ],
      },
      { status: 401 },
      { status: 401 },
    ],
  },

  'xhr: abort() before the headers and in the middle of the body': {
    run: async (compat, { a }) => [
      await compat.xhr({ url: `${a}/delay?ms=3000`, abortOn: 'send' }),
      await compat.xhr({ url: `${a}/slow?status=200&chunks=40&interval=100`, abortOn: 'loading' }),
      await compat.xhr({ url: `${a}/slow?status=401&chunks=40&interval=100`, abortOn: 'loading' }),
      await compat.xhr({
        url: `${a}/slow?status=401&chunks=40&interval=100`,
        abortOn: 'loading',
        upload: true,
      }),
    ],
    plain: [
      {
        readyState: 0,
        status: 0,
        events: ['readystate:1', 'loadstart', 'readystate:4', 'abort', 'loadend'],
        afterAbort: { readyState: 0, status: 0 },
      },
      { readyState: 0, status: 0, afterAbort: { readyState: 0, status: 0 } },
      { readyState: 0, status: 0, afterAbort: { readyState: 0, status: 0 } },
      { readyState: 0, status: 0 },
    ],
  },

  'xhr: a timeout fires "timeout", and a refused connection fires "error"': {
    run: async (compat, { a, b, refused }) => [
      await compat.xhr({ url: `${a}/delay?ms=3000`, timeout: 150 }),
      await compat.xhr({ url: `${refused}/x` }),
      // Another origin without CORS: an error too, whatever the status.
      await compat.xhr({ url: `${b}/text?status=401` }),
    ],
    plain: [
      { status: 0, events: ['readystate:1', 'loadstart', 'readystate:4', 'timeout', 'loadend'] },
      { status: 0, events: ['readystate:1', 'loadstart', 'readystate:4', 'error', 'loadend'] },
      { status: 0, events: ['readystate:1', 'loadstart', 'readystate:4', 'error', 'loadend'] },
    ],
  },

  'xhr: redirects, and a cross-origin 401 after a preflight': {
    run: async (compat, { a, b }) => [
      await compat.xhr({ url: `${a}/redirect?hops=2` }),
      await compat.xhr({ url: `${a}/redirect-to?to=${encodeURIComponent('/text?status=401')}` }),
      await compat.xhr({
        url: `${b}/text?status=401&cors=1`,
        method: 'PUT',
        headers: { Authorization: 'Bearer compat', 'X-Custom': '1' },
        body: '{}',
      }),
    ],
    plain: [{ status: 200, response: 'landed' }, { status: 401 }, { status: 401, response: 'text 401' }],
  },
};
