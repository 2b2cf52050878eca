import type { CompatCase } from '../support/compat-page.ts';

/**
 * Pages that replace fetch or patch XMLHttpRequest themselves, as analytics and polyfills do.
 * Run by e2e/page-compat.spec.ts in a Chromium without the extension and in one with it; each
 * `run` is serialised into the page, so it may use only its arguments and browser globals.
 */
export const PAGE_PATCH_CASES: Record<string, CompatCase> = {
  'a page that wraps window.fetch with its own function': {
    run: async (compat, { a }) => {
      const original = window.fetch;
      const seen: string[] = [];
      window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
        seen.push(`${init?.method ?? 'GET'} ${String(input).replace(a, '')}`);
        return original.call(this, input, init);
      };
      const results: unknown[] = [];
      for (const status of [200, 401]) {
        const response = await fetch(`${a}/text?status=${status}`, { method: 'GET' });
        results.push({ ...compat.response(response), body: await response.text() });
      }
      results.push(
        await compat.settle(() =>
          fetch(`${a}/echo?status=401`, { method: 'POST', body: 'b' }).then(compat.response),
        ),
      );
      return { results, seen, name: window.fetch.name, stillOriginal: original === window.fetch };
    },
    plain: { seen: ['GET /text?status=200', 'GET /text?status=401', 'POST /echo?status=401'] },
  },

  'a page that replaces window.fetch with a custom function': {
    run: async (compat, { a }) => {
      const results: unknown[] = [];
      window.fetch = async (input) =>
        new Response(`custom ${String(input)}`, { status: 401, statusText: 'Nope' });
      const custom = await fetch('/anything');
      results.push({ ...compat.response(custom), body: await custom.text() });
      // Assigned with defineProperty, as some polyfills do, and made read-only.
      Object.defineProperty(window, 'fetch', {
        value: (input: string) => Promise.resolve(new Response(`defined ${input}`)),
        writable: false,
        configurable: true,
      });
      const defined = await fetch('/x');
      results.push({ ...compat.response(defined), body: await defined.text() });
      results.push({ descriptor: Object.getOwnPropertyDescriptor(window, 'fetch')?.writable });
      // The server saw nothing from these; an ordinary XHR still works.
      results.push(await compat.xhr({ url: `${a}/text?status=401` }));
      return results;
    },
    plain: [
      { status: 401, statusText: 'Nope', body: 'custom /anything' },
      { status: 200, body: 'defined /x' },
      { descriptor: false },
      { status: 401 },
    ],
  },

  'a page that subclasses XMLHttpRequest': {
    run: async (_compat, { a }) => {
      const seen: string[] = [];
      class Tracked extends XMLHttpRequest {
        override open(method: string, url: string | URL, ...rest: unknown[]): void {
          seen.push(`${method} ${String(url).replace(a, '')}`);
          (super.open as (...args: unknown[]) => void)(method, url, ...rest);
        }
      }
      const run = (status: number, async: boolean) =>
        new Promise<unknown>((resolve) => {
          const request = new Tracked();
          const events: string[] = [];
          request.onreadystatechange = () => events.push(`readystate:${request.readyState}`);
          request.onloadend = () => events.push('loadend');
          request.open('GET', `${a}/text?status=${status}`, async);
          const done = () =>
            resolve({
              status: request.status,
              body: request.responseText,
              events,
              isXhr: request instanceof XMLHttpRequest,
              isTracked: request instanceof Tracked,
            });
          if (async) request.addEventListener('loadend', () => setTimeout(done, 0));
          request.send();
          if (!async) done();
        });
      return { results: [await run(200, true), await run(401, true), await run(401, false)], seen };
    },
    plain: {
      results: [
        { status: 200, isTracked: true },
        { status: 401, body: 'text 401', isXhr: true },
        { status: 401, body: 'text 401' },
      ],
      seen: ['GET /text?status=200', 'GET /text?status=401', 'GET /text?status=401'],
    },
  },

  'a page that patches XMLHttpRequest.prototype.open, send and setRequestHeader': {
    run: async (compat, { a }) => {
      // The analytics-library pattern: keep the current method, replace it, call it through.
      const proto = XMLHttpRequest.prototype;
      const log: string[] = [];
      const { open, send, setRequestHeader } = proto;
      const urls = new WeakMap<XMLHttpRequest, string>();
      proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
        urls.set(this, String(args[1]).replace(a, ''));
        log.push(`open ${urls.get(this)}`);
        return (open as (...args: unknown[]) => void).apply(this, args);
      } as typeof proto.open;
      proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
        log.push(`header ${name}`);
        return setRequestHeader.call(this, name, value);
      };
      proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        log.push(`send ${urls.get(this)}`);
        this.addEventListener('load', () => log.push(`load ${urls.get(this)} ${this.status}`));
        return send.call(this, body);
      };
      const results = [
        await compat.xhr({ url: `${a}/text?status=200`, headers: { 'X-Trace': '1' } }),
        await compat.xhr({
          url: `${a}/json?status=401`,
          responseType: 'json',
          headers: { Authorization: 'Bearer x' },
        }),
        await compat.xhr({ url: `${a}/text?status=401`, async: false }),
      ];
      return { results, log, names: [proto.open.name, proto.send.name, proto.setRequestHeader.name] };
    },
    plain: {
      results: [{ status: 200 }, { status: 401 }, { status: 401 }],
      log: [
        'open /text?status=200',
        'header X-Trace',
        'send /text?status=200',
        'load /text?status=200 200',
        'open /json?status=401',
        'header Authorization',
        'send /json?status=401',
        'load /json?status=401 401',
        'open /text?status=401',
        'send /text?status=401',
        'load /text?status=401 401',
      ],
    },
  },
};
