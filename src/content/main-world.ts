import { isCredentialHeader } from '../core/credential-headers.ts';
import type { HeaderEntry } from '../core/exchange.ts';
import { mayReadBody, SUCCESS_SCAN_CHARS, worthRelaying } from '../core/page-relay-rule.ts';
import {
  mightBeTokenRequest,
  readTokenRequest,
  TOKEN_BODY_CHARS,
} from '../core/token-endpoint/read-token-request.ts';
import { tokenAnswer, withoutSecrets } from '../core/token-endpoint/token-answer.ts';
import type { TokenRequest } from '../core/token-endpoint/token-request.ts';
import { LIMITS } from '../shared/limits.ts';
import type { PageObservation } from '../shared/messages.ts';
import { RELAY_EVENT } from '../shared/page-relay.ts';

/**
 * Runs in the page's own world at document_start, before any page script, and watches fetch and
 * XMLHttpRequest without changing what they do: same arguments, same results, same errors, the
 * page's body untouched (only a clone of a failed response is read, up to a cap). It ships raw
 * facts and does no diagnosis: every cycle spent here is spent on the page's thread.
 *
 * It is the first witness: network capture stays off until a tab needs it (network-capture.ts). So
 * besides failures it relays what the worker's timeline needs and what tells it the page's view is
 * partial: credentialed successes (sampled: the first per credential and endpoint, then one a
 * second), credentialed calls that ended without a response, and redirects.
 */
(() => {
  // Captured before page scripts run, so a page that replaces these cannot confuse the observer.
  const { then } = Promise.prototype;
  const stringify = JSON.stringify;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const listen = EventTarget.prototype.addEventListener;
  const Event = CustomEvent;
  const now = Date.now;
  const decoder = () => new TextDecoder();
  const readText: (this: Response) => Promise<string> = Response.prototype.text;
  const includes: (this: string, search: string) => boolean = String.prototype.includes;
  const split: (this: string, separator: string) => string[] = String.prototype.split;
  const searchParamsText: (this: URLSearchParams) => string = URLSearchParams.prototype.toString;
  // This script's origin as Chrome prints it in stack frames (chrome-extension://<id>/), read before
  // any page script. Firefox prints `<anonymous code>` for them: nothing to find, nothing to remove.
  const ownOrigin = /[a-z-]+-extension:\/\/[^/]+\//.exec(String(new Error().stack))?.[0] ?? '';

  /**
   * fetch and XHR errors are created while a wrapper below is on the stack, so their `stack` would
   * name this script, and error monitors would drop the page's own network errors as caused by an
   * extension (Sentry's browser-extension filter reads the frame that threw; Exceptionless and many
   * hand-written filters any frame). Our frames are taken out, as if the page had called the browser.
   */
  function withoutOwnFrames(error: unknown): unknown {
    try {
      const stack = typeof error === 'object' && error !== null ? (error as Error).stack : undefined;
      if (ownOrigin && typeof stack === 'string' && includes.call(stack, ownOrigin)) {
        const lines = split.call(stack, '\n');
        let kept = lines[0] ?? '';
        for (let index = 1; index < lines.length; index++) {
          const line = lines[index] ?? '';
          if (!includes.call(line, ownOrigin)) kept += `\n${line}`;
        }
        (error as Error).stack = kept;
      }
    } catch {
      // The error reaches the page unchanged.
    }
    return error;
  }

  /** Calls the browser's own method; what it throws is rethrown without the wrapper's frame. */
  function native<T>(method: (...args: never[]) => unknown, self: unknown, args: IArguments): T {
    try {
      return Reflect.apply(method, self, args);
    } catch (error) {
      throw withoutOwnFrames(error);
    }
  }

  const serviceWorkers = navigator.serviceWorker;

  function relay(observation: PageObservation): void {
    try {
      // A service worker that handles the page's requests may add or change their headers after
      // the page set them: the page's view of the request is then not what went out.
      if (serviceWorkers?.controller) observation.viaServiceWorker = true;
      dispatch.call(document, new Event(RELAY_EVENT, { detail: stringify(observation) }));
    } catch {
      // Never let the observer's own failure reach the page.
    }
  }

  function absolute(url: string): string {
    try {
      return new URL(url, document.baseURI).href;
    } catch {
      return url;
    }
  }

  function entries(headers: Iterable<[string, string]>): HeaderEntry[] {
    const list: HeaderEntry[] = [];
    for (const [name, value] of headers) {
      if (list.length >= LIMITS.headerCount) break;
      list.push({ name: name.toLowerCase(), value: value.slice(0, LIMITS.headerValueChars) });
    }
    return list;
  }

  /**
   * Successes with a credential, sampled: the first per credential and endpoint, then one a second.
   * Enough for the timeline (which token worked, where, until when), not one message per call.
   */
  const SUCCESS_SAMPLE_MS = 1000;
  const lastSuccess = new Map<string, number>();

  function credentialOf(headers: HeaderEntry[]): string | undefined {
    let key: string | undefined;
    for (const header of headers) if (isCredentialHeader(header.name)) key = `${key ?? ''}${header.value}\n`;
    return key;
  }

  /** Whether a credentialed success is due (and if so, counts it as relayed). */
  function successDue(url: string, credential: string): boolean {
    // Per credential and endpoint (URL without its query): a sign-out call is not a repeat of the
    // profile call before it, while 2,000 calls of a storm to one endpoint are.
    const query = url.indexOf('?');
    const key = `${query < 0 ? url : url.slice(0, query)}\n${credential}`;
    const at = now();
    const last = lastSuccess.get(key);
    if (last !== undefined && at - last < SUCCESS_SAMPLE_MS) return false;
    if (lastSuccess.size >= 256) lastSuccess.clear();
    lastSuccess.set(key, at);
    return true;
  }

  /**
   * Raw bounded facts only: the worker decides whether this is a failure and why. The observation
   * is built only when it goes: most credentialed successes do not (profiled in a storm of 2,000
   * calls, building them all was a third of the observer's time on the page's thread).
   */
  function finish(
    status: number,
    body: PageObservation['body'],
    credential: string | undefined,
    url: string,
    build: () => PageObservation,
  ): void {
    if (worthRelaying(status, body?.text) || (credential !== undefined && successDue(url, credential)))
      relay(build());
  }

  /**
   * A cross-origin redirect drops Authorization (Fetch standard, "HTTP-redirect fetch"): what the
   * final hop carried is the page's list without it.
   */
  function redirect(
    requested: string,
    final: string,
    headers: HeaderEntry[],
    credential: string | undefined,
  ): Pick<PageObservation, 'redirectedFrom' | 'requestHeaders'> {
    if (credential === undefined || final === requested) return { requestHeaders: headers };
    const slash = (url: string) => url.slice(0, url.indexOf('/', 8));
    const crossOrigin = slash(final) !== slash(requested);
    if (!crossOrigin)
      return { redirectedFrom: { url: requested, carriedCredential: true }, requestHeaders: headers };
    // The browser did not forward Authorization across origins: kept aside, for the redirect experiment.
    let dropped: HeaderEntry | undefined;
    for (const header of headers) if (header.name === 'authorization') dropped = header;
    return {
      redirectedFrom: {
        url: requested,
        carriedCredential: true,
        ...(dropped ? { credential: dropped } : {}),
      },
      requestHeaders: headers.filter((header) => header.name !== 'authorization'),
    };
  }

  /**
   * A small body sent as it is (same-origin, so every header is visible, and no Content-Encoding)
   * is read in one call: its length is its size. Any other is streamed, and the reading stops at
   * the cap, however far a compressed body would inflate.
   */
  const WHOLE_READ_MAX = 4096;

  function readsWhole(response: Response, length: string | null): boolean {
    return (
      length !== null &&
      Number(length) <= WHOLE_READ_MAX &&
      response.type === 'basic' &&
      response.headers.get('content-encoding') === null
    );
  }

  async function readCapped(
    response: Response,
    cap: number,
    whole: boolean,
  ): Promise<{ text: string; truncated: boolean } | undefined> {
    if (whole) {
      // The text method captured at document_start: a page's replacement never sees our clone.
      const text = await readText.call(response);
      return { text: text.slice(0, cap), truncated: text.length > cap };
    }
    const reader = response.body?.getReader();
    if (!reader) return undefined;
    const decode = decoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decode.decode(value, { stream: true });
      if (text.length >= cap) {
        // Stop reading our branch; the page's own branch of the tee is unaffected.
        void reader.cancel().catch(() => {});
        return { text: text.slice(0, cap), truncated: true };
      }
    }
    return { text: text + decode.decode(), truncated: false };
  }

  /**
   * A token-endpoint request (issue 17), read from the body the page passed (a string, a
   * URLSearchParams; a stream or a Blob is not read, and then only a token endpoint's path says
   * so), once the answer has come: nothing is read before the browser has the request. The secrets
   * in it are fingerprinted here; their raw values stay in `secretValues`, only to be taken out of
   * the answer, and go no further.
   */
  function tokenRequestOf(
    method: string,
    url: string,
    headers: HeaderEntry[],
    body: unknown,
    secretValues: string[],
  ): TokenRequest | undefined {
    if (method !== 'POST') return undefined;
    try {
      let text: string | undefined;
      if (typeof body === 'string') text = body;
      else if (body instanceof URLSearchParams) text = searchParamsText.call(body);
      if (text !== undefined && text.length > TOKEN_BODY_CHARS) text = undefined;
      if (!mightBeTokenRequest(url, text, headers)) return undefined;
      return readTokenRequest(method, absolute(url), headers, text, secretValues);
    } catch {
      return undefined;
    }
  }

  const tokenAnswerOf = (status: number, text: string | undefined, secretValues: readonly string[]) =>
    tokenAnswer(status, text, LIMITS.bodyChars, secretValues);

  /**
   * What a token request's record keeps of its headers: no Authorization (a client_secret_basic
   * secret is fingerprinted in the request instead; a redirect to another origin drops it anyway).
   */
  function tokenRequestHeaders(headers: HeaderEntry[]): HeaderEntry[] {
    return headers.filter((header) => header.name !== 'authorization');
  }

  function requestHeadersOf(input: RequestInfo | URL, init: RequestInit | undefined): HeaderEntry[] {
    if (init?.headers) return entries(new Headers(init.headers));
    return input instanceof Request ? entries(input.headers) : [];
  }

  // fetch takes any method that converts to a string ({ toString }, a number); so does this.
  const methodOf = (input: RequestInfo | URL, init: RequestInit | undefined) =>
    String(init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const requestedUrl = (input: RequestInfo | URL) =>
    absolute(input instanceof Request ? input.url : String(input));
  // The credentials mode decides whether cookies went (issue 18); fetch's default is same-origin.
  const credentialsOf = (input: RequestInfo | URL, init: RequestInit | undefined) =>
    init?.credentials ?? (input instanceof Request ? input.credentials : 'same-origin');

  function observeFetch(
    input: RequestInfo | URL,
    init: RequestInit | undefined,
    response: Response,
    startedAt: number,
  ): void {
    const status = response.status;
    const headers = requestHeadersOf(input, init);
    const credential = credentialOf(headers);
    // Only a call that may be a POST is looked at as a token request.
    if (init?.method !== undefined || input instanceof Request) {
      const secretValues: string[] = [];
      const raw = input instanceof Request ? input.url : String(input);
      const tokenRequest = tokenRequestOf(methodOf(input, init), raw, headers, init?.body, secretValues);
      if (tokenRequest) {
        observeTokenFetch(input, init, response, startedAt, headers, tokenRequest, secretValues);
        return;
      }
    }
    const length = response.headers.get('content-length');
    const readBody = mayReadBody(status, response.headers.get('content-type'), length);
    // Ordinary traffic without a credential stops here, as cheaply as it can.
    if (!readBody && credential === undefined) return;
    const completedAt = now();
    // Read now: the page may change the objects it passed once the body has been read.
    const method = methodOf(input, init);
    const raw = input instanceof Request ? input.url : String(input);
    const requested = () => absolute(raw);
    const url = response.url;
    const build = (body: PageObservation['body']): PageObservation => {
      const asked = requested();
      const final = url || asked;
      return {
        api: 'fetch',
        method,
        url: final,
        status,
        startedAt,
        completedAt,
        ...redirect(asked, final, headers, credential),
        responseHeaders: entries(response.headers),
        credentials: credentialsOf(input, init),
        ...(body ? { body } : {}),
      };
    };
    const decide = (body: PageObservation['body']) => {
      try {
        finish(status, body, credential, url || requested(), () => build(body));
      } catch {
        // After the body is read no wrapper is on the stack: nothing may reach the page from here.
      }
    };
    if (!readBody) {
      decide(undefined);
      return;
    }
    const cap = status === 200 ? SUCCESS_SCAN_CHARS : LIMITS.bodyChars;
    then.call(readCapped(response.clone(), cap, readsWhole(response, length)), decide, () =>
      decide(undefined),
    );
  }

  /**
   * A token endpoint's exchange is relayed whatever its outcome: a success is the refresh the
   * timeline shows and the evidence that the app kept an old token; a failure is a failure.
   */
  function observeTokenFetch(
    input: RequestInfo | URL,
    init: RequestInit | undefined,
    response: Response,
    startedAt: number,
    headers: HeaderEntry[],
    tokenRequest: TokenRequest,
    secretValues: string[],
  ): void {
    const status = response.status;
    const completedAt = now();
    const method = methodOf(input, init);
    const asked = requestedUrl(input);
    const final = response.url || asked;
    const send = (text: string | undefined, truncated: boolean) => {
      try {
        const answer = tokenAnswerOf(status, text, secretValues);
        if (answer.body && truncated) answer.body.truncated = true;
        relay({
          api: 'fetch',
          method,
          url: withoutSecrets(final, secretValues),
          status,
          startedAt,
          completedAt,
          requestHeaders: tokenRequestHeaders(headers),
          responseHeaders: entries(response.headers),
          tokenRequest,
          ...answer,
        });
      } catch {
        // Nothing may reach the page from here.
      }
    };
    if (status < 200 || (status >= 300 && status < 400)) {
      send(undefined, false);
      return;
    }
    then.call(
      readCapped(
        response.clone(),
        TOKEN_BODY_CHARS,
        readsWhole(response, response.headers.get('content-length')),
      ),
      (body: { text: string; truncated: boolean } | undefined) => send(body?.text, body?.truncated === true),
      () => send(undefined, false),
    );
  }

  /**
   * A credentialed call that ended without a response (the page sees only a TypeError): to another
   * origin, that is a refused preflight or CORS check. A call the page aborted is its own business.
   */
  function observeFetchError(
    input: RequestInfo | URL,
    init: RequestInit | undefined,
    error: unknown,
    startedAt: number,
  ): void {
    if ((error as { name?: unknown } | null)?.name === 'AbortError') return;
    const headers = requestHeadersOf(input, init);
    const credentials = credentialsOf(input, init);
    // A call that asked for cookies is credentialed too: its CORS check may be what failed.
    if (credentialOf(headers) === undefined && credentials !== 'include') return;
    relay({
      api: 'fetch',
      method: methodOf(input, init),
      url: requestedUrl(input),
      status: 0,
      startedAt,
      completedAt: now(),
      requestHeaders: headers,
      responseHeaders: [],
      credentials,
      error: String(error).slice(0, 200),
    });
  }

  const nativeFetch = window.fetch;
  if (typeof nativeFetch === 'function') {
    // A method, not a function expression: like the native fetch it has no prototype and cannot be
    // called with `new`; name and length match too.
    const wrapped = {
      fetch(this: unknown, input: RequestInfo | URL): Promise<Response> {
        const init = arguments[1] as RequestInit | undefined;
        const startedAt = now();
        // `this` passes through so an illegal invocation still throws as it would natively.
        const result: Promise<Response> = native(nativeFetch, this, arguments);
        return then.call(
          result,
          (response: Response) => {
            try {
              observeFetch(input, init, response, startedAt);
            } catch {
              // Observation is best effort; the response always reaches the page.
            }
            return response;
          },
          (error: unknown) => {
            try {
              observeFetchError(input, init, error, startedAt);
            } catch {
              // Best effort; the error reaches the page as it was.
            }
            throw withoutOwnFrames(error);
          },
        ) as Promise<Response>;
      },
    }.fetch;
    window.fetch = wrapped as typeof fetch;
  }

  interface XhrState {
    method: string;
    url: string;
    headers: HeaderEntry[];
    /** The body passed to send(), read once the answer has come (a token request's, issue 17). */
    body?: unknown;
    /** The page called abort(): a status 0 that is nobody's failure. */
    aborted?: boolean;
  }
  const xhrState = new WeakMap<XMLHttpRequest, XhrState>();
  const proto = XMLHttpRequest.prototype;
  const nativeOpen = proto.open;
  const nativeSetRequestHeader = proto.setRequestHeader;
  const nativeSend = proto.send;

  function xhrBody(
    xhr: XMLHttpRequest,
    cap: number = LIMITS.bodyChars,
  ): { text: string; truncated: boolean } | undefined {
    let text: string;
    if (xhr.responseType === '' || xhr.responseType === 'text') text = xhr.responseText;
    else if (xhr.responseType === 'json' && xhr.response !== null) text = stringify(xhr.response) ?? '';
    else return undefined;
    return { text: text.slice(0, cap), truncated: text.length > cap };
  }

  function observeXhr(xhr: XMLHttpRequest, state: XhrState, startedAt: number): void {
    const status = xhr.status;
    const credential = credentialOf(state.headers);
    const requested = absolute(state.url);
    const credentials = xhr.withCredentials ? 'include' : 'same-origin';
    if (status === 0) {
      if ((credential === undefined && credentials !== 'include') || state.aborted) return;
      relay({
        api: 'xhr',
        method: state.method.toUpperCase(),
        url: requested,
        status: 0,
        startedAt,
        completedAt: now(),
        requestHeaders: state.headers,
        responseHeaders: [],
        credentials,
        error: 'XMLHttpRequest: network error',
      });
      return;
    }
    const readBody = mayReadBody(
      status,
      xhr.getResponseHeader('content-type'),
      xhr.getResponseHeader('content-length'),
    );
    const secretValues: string[] = [];
    const tokenRequest =
      state.body === undefined
        ? undefined
        : tokenRequestOf(state.method.toUpperCase(), state.url, state.headers, state.body, secretValues);
    state.body = undefined;
    if (!readBody && credential === undefined && !tokenRequest) return;
    const url = xhr.responseURL || requested;
    const answer = tokenRequest
      ? tokenAnswerOf(status, xhrBody(xhr, TOKEN_BODY_CHARS)?.text, secretValues)
      : undefined;
    const body = answer ? answer.body : readBody ? xhrBody(xhr) : undefined;
    if (answer) {
      relay({
        api: 'xhr',
        method: state.method.toUpperCase(),
        url: withoutSecrets(url, secretValues),
        status,
        startedAt,
        completedAt: now(),
        requestHeaders: tokenRequestHeaders(state.headers),
        responseHeaders: xhrResponseHeaders(xhr),
        tokenRequest: tokenRequest as TokenRequest,
        ...answer,
      });
      return;
    }
    finish(status, body, credential, url, () => {
      return {
        api: 'xhr',
        method: state.method.toUpperCase(),
        url,
        status,
        startedAt,
        completedAt: now(),
        ...redirect(requested, url, state.headers, credential),
        responseHeaders: xhrResponseHeaders(xhr),
        credentials,
        ...(body ? { body } : {}),
      };
    });
  }

  function xhrResponseHeaders(xhr: XMLHttpRequest): HeaderEntry[] {
    const responseHeaders: [string, string][] = [];
    for (const line of xhr.getAllResponseHeaders().split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) responseHeaders.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    return entries(responseHeaders);
  }

  proto.open = {
    open(this: XMLHttpRequest, method: string, url: string | URL) {
      try {
        xhrState.set(this, { method: String(method), url: String(url), headers: [] });
      } catch {
        // An argument or `this` the browser refuses: its own open says so, below.
      }
      return native(nativeOpen, this, arguments);
    },
  }.open as typeof proto.open;

  proto.setRequestHeader = {
    setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      const result = native(nativeSetRequestHeader, this, arguments);
      // Recorded after the native call, so only headers the browser accepted are kept.
      const state = xhrState.get(this);
      if (state && state.headers.length < LIMITS.headerCount) {
        state.headers.push({
          name: String(name).toLowerCase(),
          value: String(value).slice(0, LIMITS.headerValueChars),
        });
      }
      return result;
    },
  }.setRequestHeader;

  proto.send = {
    send(this: XMLHttpRequest) {
      const state = xhrState.get(this);
      if (state) {
        const startedAt = now();
        // Kept as passed, read at loadend only if this is a token request (issue 17).
        if (arguments.length > 0 && arguments[0] !== null) state.body = arguments[0];
        if (credentialOf(state.headers) !== undefined)
          listen.call(
            this,
            'abort',
            () => {
              state.aborted = true;
            },
            { once: true },
          );
        listen.call(
          this,
          'loadend',
          () => {
            try {
              observeXhr(this, state, startedAt);
            } catch {
              // Best effort, as for fetch.
            }
          },
          { once: true },
        );
      }
      return native(nativeSend, this, arguments);
    },
  }.send;
})();
