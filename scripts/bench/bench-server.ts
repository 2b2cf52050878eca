import { createServer, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../../e2e/support/loopback.ts';

/**
 * The benchmark's own pages, on 127.0.0.1 (the API storms use the demo server's /api/load):
 * - /page-load?run=N — a page with 200 sub-resources (images, stylesheets, scripts), each on a URL
 *   unique to the run and sent with `cache-control: no-store`, so every load fetches all of them;
 * - /first-script?run=N — a small page whose first script marks when page code first runs.
 */
export const SUB_RESOURCES = { images: 120, stylesheets: 40, scripts: 40 } as const;

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function pageLoadHtml(run: string): string {
  const q = `run=${encodeURIComponent(run)}`;
  const css = Array.from(
    { length: SUB_RESOURCES.stylesheets },
    (_, index) => `<link rel="stylesheet" href="/r/style-${index}.css?${q}">`,
  );
  const images = Array.from(
    { length: SUB_RESOURCES.images },
    (_, index) => `<img src="/r/image-${index}.png?${q}" width="8" height="8" alt="">`,
  );
  const scripts = Array.from(
    { length: SUB_RESOURCES.scripts },
    (_, index) => `<script src="/r/script-${index}.js?${q}"></script>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>page load ${run}</title>
${css.join('\n')}
</head><body><h1>A page with ${SUB_RESOURCES.images + SUB_RESOURCES.stylesheets + SUB_RESOURCES.scripts} sub-resources</h1>
<div>${images.join('')}</div>
${scripts.join('\n')}
</body></html>`;
}

const FIRST_SCRIPT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script>performance.mark('first-page-script')</script><title>first script</title></head><body><p>The first page script marks when it ran.</p></body></html>`;

function send(response: ServerResponse, type: string, body: string | Buffer): void {
  response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

export type BenchServer = LoopbackServer;

export async function startBenchServer(): Promise<BenchServer> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const run = url.searchParams.get('run') ?? '0';
    const path = url.pathname;
    if (path === '/page-load') return send(response, 'text/html; charset=utf-8', pageLoadHtml(run));
    if (path === '/first-script') return send(response, 'text/html; charset=utf-8', FIRST_SCRIPT_HTML);
    const resource = /^\/r\/(image|style|script)-(\d+)\.(png|css|js)$/.exec(path);
    if (resource?.[1] === 'image') return send(response, 'image/png', PNG);
    if (resource?.[1] === 'style')
      return send(response, 'text/css', `.r${resource[2]}{color:#${resource[2]?.padStart(3, '0')}}\n`);
    if (resource?.[1] === 'script')
      return send(response, 'text/javascript', `window.loaded=(window.loaded||0)+1;\n`);
    if (path === '/favicon.ico') return response.writeHead(204).end();
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return listenOnLoopback(server);
}
