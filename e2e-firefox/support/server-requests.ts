import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';

/** One request as an HTTP server of this process received it: what the browser put on the wire. */
export interface ServerRequest {
  method: string;
  /** The absolute URL, on the origin of the server that received it. */
  url: string;
  headers: Record<string, string | undefined>;
}

/**
 * Every request the HTTP servers of the test process (the demo app and its API origin) receive,
 * seen through Node's `http.server.request.start` diagnostics channel: a server-side view that
 * needs no hook in the demo server, and shows the headers only the browser sets (Origin, Referer,
 * Cookie, Sec-Fetch-*), which no script can forge.
 */
export class ServerRequests {
  readonly all: ServerRequest[] = [];

  readonly #onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    this.all.push({
      method: request.method ?? '',
      url: new URL(request.url ?? '/', `http://127.0.0.1:${port}`).href,
      headers,
    });
  };

  constructor() {
    subscribe('http.server.request.start', this.#onRequest);
  }

  /** The requests received from index `from` on (`all.length` taken before an action). */
  since(from: number): ServerRequest[] {
    return this.all.slice(from);
  }

  stop(): void {
    unsubscribe('http.server.request.start', this.#onRequest);
  }
}
