import type { Exchange } from '../../src/core/exchange.ts';

/**
 * Helpers that e2e/page-compat.spec.ts installs into each test page, so that every case records
 * what a page can see in the same way in both browsers. Everything returned is plain JSON, so the
 * two runs can be compared with deep equality.
 */

export interface ErrorFacts {
  name: string;
  message: string;
  constructor: string;
}

export type Settled<T> = { value: T } | { error: ErrorFacts };

export interface ResponseFacts {
  status: number;
  statusText: string;
  ok: boolean;
  type: ResponseType;
  redirected: boolean;
  url: string;
  headers: [string, string][];
  bodyUsed: boolean;
}

export interface XhrOptions {
  url: string;
  method?: string;
  /** false: a synchronous request. */
  async?: boolean;
  responseType?: XMLHttpRequestResponseType;
  body?: string;
  headers?: Record<string, string>;
  timeout?: number;
  /** Listen to the upload events too (they fire only when a listener was added before send). */
  upload?: boolean;
  /** Call abort() right after send(), or at the first sign of the body arriving. */
  abortOn?: 'send' | 'loading';
}

export interface XhrFacts {
  readyState: number;
  status: number;
  statusText: string;
  responseURL: string;
  headers: string;
  responseType: string;
  response: unknown;
  /** Events in order; runs of a repeating event (progress, readyState 3) collapsed to one. */
  events: string[];
  sendError?: ErrorFacts;
  afterAbort?: { readyState: number; status: number; statusText: string };
}

export interface Compat {
  error(thrown: unknown): ErrorFacts;
  settle<T>(run: () => T | Promise<T>): Promise<Settled<T>>;
  response(response: Response): ResponseFacts;
  /** The body read through getReader(): the chunks as text, in order. */
  chunks(response: Response): Promise<string[]>;
  xhr(options: XhrOptions): Promise<XhrFacts>;
}

/** What every case receives: the two origins, and a value unique to this run (never returned). */
export interface CaseArgs {
  a: string;
  b: string;
  /** An address where nothing listens: connection refused. */
  refused: string;
  nonce: string;
}

/** A case's page code: serialised into the page, so it may use only its arguments and browser globals. */
export type PageCase = (compat: Compat, args: CaseArgs) => Promise<unknown>;

export interface CompatCase {
  run: PageCase;
  /** What the plain browser must show, so that a case cannot pass by testing nothing. */
  plain?: unknown;
  /** Checks on what the extension recorded, once both runs are equal. */
  recorded?: (exchanges: () => Promise<Exchange[]>) => Promise<void>;
}

/** Evaluated in the page (it must not refer to anything outside itself). */
export function installCompatHelpers(): void {
  const error = (thrown: unknown): ErrorFacts => {
    const value = thrown as { name?: unknown; message?: unknown; constructor?: { name?: unknown } } | null;
    return {
      name: String(value?.name),
      message: String(value?.message),
      constructor: String(value?.constructor?.name),
    };
  };

  // Progress events and readyState 3 repeat once per chunk the network delivers, which varies from
  // run to run; their order relative to the other events does not.
  const repeating = new Set(['progress', 'upload.progress', 'readystate:3']);
  const collapse = (events: string[]): string[] => {
    const kept: string[] = [];
    let run: string[] = [];
    for (const event of events) {
      if (!repeating.has(event)) run = [];
      else if (run.includes(event)) continue;
      else run.push(event);
      kept.push(event);
    }
    return kept;
  };

  async function summarize(request: XMLHttpRequest): Promise<unknown> {
    const { response } = request;
    switch (request.responseType) {
      case '':
      case 'text':
        return request.responseText;
      case 'json':
        return response;
      case 'blob': {
        const blob = response as Blob | null;
        return blob && { size: blob.size, type: blob.type, text: await blob.text() };
      }
      case 'arraybuffer':
        return response && Array.from(new Uint8Array(response as ArrayBuffer));
      case 'document': {
        const document = response as Document | null;
        return document && { title: document.title, html: document.documentElement.outerHTML };
      }
      default:
        return `unexpected responseType ${request.responseType}`;
    }
  }

  function xhr(options: XhrOptions): Promise<XhrFacts> {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      const events: string[] = [];
      let afterAbort: XhrFacts['afterAbort'];
      let sendError: ErrorFacts | undefined;
      let aborted = false;
      const abort = () => {
        if (aborted) return;
        aborted = true;
        request.abort();
        afterAbort = {
          readyState: request.readyState,
          status: request.status,
          statusText: request.statusText,
        };
      };
      const done = async () => {
        resolve({
          readyState: request.readyState,
          status: request.status,
          statusText: request.statusText,
          responseURL: request.responseURL,
          headers: request.getAllResponseHeaders(),
          responseType: request.responseType,
          response: aborted ? null : await summarize(request),
          events: collapse(events),
          ...(sendError ? { sendError } : {}),
          ...(afterAbort ? { afterAbort } : {}),
        });
      };
      request.addEventListener('readystatechange', () => {
        events.push(`readystate:${request.readyState}`);
        if (options.abortOn === 'loading' && request.readyState === 3) abort();
      });
      const types = ['loadstart', 'progress', 'abort', 'error', 'timeout', 'load', 'loadend'];
      for (const type of types) {
        request.addEventListener(type, (event) => {
          const { loaded, total, lengthComputable } = event as ProgressEvent;
          // Only the final 'load' has byte counts that do not depend on timing.
          events.push(type === 'load' ? `load:${loaded}/${total}/${lengthComputable}` : type);
          // Events after loadend would be a bug: a task later is enough to see them.
          if (type === 'loadend' && options.async !== false) setTimeout(done, 0);
        });
        if (options.upload) {
          request.upload.addEventListener(type, (event) => {
            const { loaded, total } = event as ProgressEvent;
            events.push(type === 'load' ? `upload.load:${loaded}/${total}` : `upload.${type}`);
          });
        }
      }
      request.open(options.method ?? 'GET', options.url, options.async ?? true);
      for (const [name, value] of Object.entries(options.headers ?? {}))
        request.setRequestHeader(name, value);
      if (options.responseType !== undefined) request.responseType = options.responseType;
      if (options.timeout !== undefined) request.timeout = options.timeout;
      try {
        request.send(options.body ?? null);
      } catch (thrown) {
        sendError = error(thrown);
      }
      if (options.abortOn === 'send') abort();
      if (options.async === false) void done();
    });
  }

  const compat: Compat = {
    error,
    async settle(run) {
      try {
        return { value: await run() };
      } catch (thrown) {
        return { error: error(thrown) };
      }
    },
    response: (response) => ({
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      type: response.type,
      redirected: response.redirected,
      url: response.url,
      headers: [...response.headers],
      bodyUsed: response.bodyUsed,
    }),
    async chunks(response) {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      const seen: string[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return seen;
        seen.push(decoder.decode(value));
      }
    },
    xhr,
  };
  (window as unknown as { compat: Compat }).compat = compat;
}
