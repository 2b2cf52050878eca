import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.ts';

/**
 * The server behind e2e/page-compat.spec.ts: small, deterministic endpoints for comparing what a page
 * sees with and without the extension. Two of them make two origins (same host, other port) for the
 * cross-origin cases. Listens on 127.0.0.1 only. `sendDate` is off so that every response header is
 * the same from one request to the next and can be compared whole.
 *
 *   /page                      an empty HTML page to run the cases in
 *   /text?status=&body=        text/plain
 *   /json?status=              application/json
 *   /bytes?status=             application/octet-stream, the bytes 0..255
 *   /doc?status=               text/html with a <title>
 *   /echo?status=              JSON: method, content-type, x-* headers and body of the request
 *   /slow?status=&chunks=&interval=   headers at once, then one chunk per interval
 *   /delay?ms=                 answers after ms (timeouts, aborts before the headers)
 *   /redirect?hops=            a same-origin 302 chain ending at /text
 *   /redirect-to?to=           a 302 to any address (another origin, a 401)
 *   /big?status=&mb=           mb MiB streamed with Content-Length, honouring backpressure
 *   /record?id= , /seen?id=    remembers a request (keepalive) and tells what it was
 *   any path with cors=1       CORS headers, and OPTIONS preflights are answered
 */

export interface CompatServer {
  url: string;
  close(): Promise<void>;
}

const KIB = 1024;

interface Recorded {
  method: string;
  contentType: string | null;
  body: string;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function statusOf(query: URLSearchParams): number {
  return Number(query.get('status') ?? 200);
}

/** Streams `total` bytes in 64 KiB chunks, waiting for 'drain' so the server never buffers it all. */
async function streamBytes(response: ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(64 * KIB, 'a');
  let sent = 0;
  while (sent < total && !response.destroyed) {
    const size = Math.min(chunk.length, total - sent);
    sent += size;
    if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
      await new Promise<void>((resolve) => {
        const go = () => {
          response.off('drain', go).off('close', go);
          resolve();
        };
        response.on('drain', go).on('close', go);
      });
    }
  }
  response.end();
}

async function slowChunks(response: ServerResponse, chunks: number, interval: number): Promise<void> {
  for (let index = 0; index < chunks && !response.destroyed; index++) {
    response.write(`chunk ${index};`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  response.end();
}

export async function startCompatServer(): Promise<CompatServer> {
  const recorded = new Map<string, Recorded>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer(async (request, response) => {
    response.sendDate = false;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = url.searchParams;
    const status = statusOf(query);
    if (query.get('cors') === '1') {
      response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Access-Control-Expose-Headers', 'X-Compat');
      if (request.method === 'OPTIONS') {
        response.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PUT',
          'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '',
        });
        response.end();
        return;
      }
    }
    response.setHeader('X-Compat', `${url.pathname}:${status}`);

    switch (url.pathname) {
      case '/page':
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(
          '<!doctype html><html><head><title>compat page</title></head><body>compat</body></html>',
        );
        return;
      case '/text':
        response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(query.get('body') ?? `text ${status}`);
        return;
      case '/json':
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status, ok: status < 400, list: [1, 2, 3], text: 'é ü 😀' }));
        return;
      case '/bytes':
        response.writeHead(status, { 'Content-Type': 'application/octet-stream' });
        response.end(Buffer.from(Array.from({ length: 256 }, (_, index) => index)));
        return;
      case '/doc':
        response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(
          `<!doctype html><html><head><title>doc ${status}</title></head><body><p>p</p></body></html>`,
        );
        return;
      case '/echo': {
        const body = await readBody(request);
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(
            ([name]) => name.startsWith('x-') || name === 'content-type',
          ),
        );
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ method: request.method, headers, body: body.toString('utf8') }));
        return;
      }
      case '/slow':
        // nosniff: otherwise Chrome holds back the first 512 bytes of an XHR's text/plain body to
        // sniff its type, and the chunks would not reach the page one by one.
        response.writeHead(status, {
          'Content-Type': 'text/plain; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
        });
        // Headers now, the body a chunk at a time: the page sees the response before the body ends.
        response.flushHeaders();
        await slowChunks(response, Number(query.get('chunks') ?? 10), Number(query.get('interval') ?? 50));
        return;
      case '/delay': {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            if (response.destroyed) return;
            response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
            response.end('late');
          },
          Number(query.get('ms') ?? 1000),
        );
        timers.add(timer);
        return;
      }
      case '/redirect': {
        const hops = Number(query.get('hops') ?? 0);
        const next = hops > 0 ? `/redirect?hops=${hops - 1}` : '/text?body=landed';
        response.writeHead(302, { Location: next });
        response.end();
        return;
      }
      case '/redirect-to':
        response.writeHead(302, { Location: query.get('to') ?? '/' });
        response.end();
        return;
      case '/big':
        response.writeHead(status, {
          'Content-Type': status === 200 ? 'application/octet-stream' : 'text/plain',
          'Content-Length': Number(query.get('mb') ?? 1) * KIB * KIB,
        });
        await streamBytes(response, Number(query.get('mb') ?? 1) * KIB * KIB);
        return;
      case '/record': {
        const body = await readBody(request);
        recorded.set(query.get('id') ?? '', {
          method: request.method ?? '',
          contentType: request.headers['content-type'] ?? null,
          body: body.toString('utf8'),
        });
        response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('recorded');
        return;
      }
      case '/seen':
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(recorded.get(query.get('id') ?? '') ?? null));
        return;
      default:
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('not found');
    }
  });

  const loopback = await listenOnLoopback(server);
  return {
    url: loopback.url,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      return loopback.close();
    },
  };
}
