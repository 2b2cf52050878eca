import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuerServer } from '../../../e2e/support/issuer-server.ts';
import { FetchJsonError, fetchJson } from '../../popup/fetch-json.ts';
import { verifyJwtSignature } from './verify-signature.ts';

describe('fetchJson (the popup shell)', () => {
  let server: Server;
  let base: string;
  const seen: IncomingMessage[] = [];
  let oversizeClosed: Promise<void> | undefined;
  const limits = { timeoutMs: 300, maxBytes: 1024 };
  let redirectTarget = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      route(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function route(request: IncomingMessage, response: ServerResponse) {
    switch (request.url) {
      case '/json':
        return response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
      case '/missing':
        return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      case '/html':
        return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Sign in');
      case '/declared-large':
        return response.writeHead(200, { 'content-length': '4096' }).end('x'.repeat(4096));
      case '/endless':
        // No Content-Length: the cap must hold while streaming. The server sees the reader go away.
        oversizeClosed = new Promise((resolve) => response.on('close', resolve));
        response.writeHead(200, { 'content-type': 'application/json' });
        writeForever(response);
        return;
      case '/redirect':
        return response.writeHead(302, { location: redirectTarget }).end();
      case '/silent':
        return; // never answers
      case '/trickle':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keys":');
        return; // headers, then nothing more
      default:
        return response.writeHead(404).end();
    }
  }

  function writeForever(response: ServerResponse) {
    const write = () => {
      if (response.destroyed) return;
      if (response.write(`${' '.repeat(256)}`)) setImmediate(write);
      else response.once('drain', write);
    };
    write();
  }

  async function failure(path: string): Promise<FetchJsonError> {
    const error = await fetchJson(`${base}${path}`, limits).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FetchJsonError);
    return error as FetchJsonError;
  }

  it('returns the parsed JSON, without cookies', async () => {
    expect(await fetchJson(`${base}/json`, limits)).toEqual({ keys: [] });
    const request = seen.at(-1);
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers.accept).toBe('application/json');
  });

  it('names the HTTP status of a non-2xx answer', async () => {
    expect(await failure('/missing')).toMatchObject({
      kind: 'http-status',
      message: expect.stringMatching(/HTTP 404/),
    });
  });

  it('says when the answer is not JSON, with its content type', async () => {
    expect(await failure('/html')).toMatchObject({
      kind: 'not-json',
      message: expect.stringContaining('text/html'),
    });
  });

  it('refuses an answer whose Content-Length is past the cap', async () => {
    expect(await failure('/declared-large')).toMatchObject({
      kind: 'too-large',
      message: expect.stringContaining('more than 1 KiB'),
    });
  });

  it('stops reading a streamed answer once it passes the cap', async () => {
    expect(await failure('/endless')).toMatchObject({ kind: 'too-large' });
    await oversizeClosed; // the connection was dropped rather than read to the end
  });

  it('gives up on a server that does not answer', async () => {
    expect(await failure('/silent')).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining('0.3 s'),
    });
  });

  it('gives up on a body that stops half-way', async () => {
    expect(await failure('/trickle')).toMatchObject({ kind: 'timeout' });
  });

  it('refuses a redirect to plain http on a host that is not loopback', async () => {
    // 127.0.0.2 is reachable on Linux yet is not a name the https rule exempts, like a public host.
    const elsewhere = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    redirectTarget = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/keys`;
    try {
      expect(await failure('/redirect')).toMatchObject({
        kind: 'refused',
        message: expect.stringContaining(`redirected to ${redirectTarget}`),
      });
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it('says when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchJson(`http://127.0.0.1:${port}/`, limits).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('could not be reached'),
    });
  });

  it('carries a whole check against a real issuer (the e2e issuer server)', async () => {
    const issuer = await startIssuerServer();
    try {
      const valid = await issuer.mint({ key: 'issuer', kid: issuer.kid });
      const forged = await issuer.mint({ key: 'other', kid: issuer.kid });
      const unknown = await issuer.mint({ key: 'other', kid: 'rotated-away' });
      expect(await verifyJwtSignature(valid, fetchJson)).toEqual({
        status: 'valid',
        kid: issuer.kid,
        alg: 'RS256',
        jwksUri: `${issuer.url}/jwks`,
      });
      expect(await verifyJwtSignature(forged, fetchJson)).toMatchObject({ status: 'invalid' });
      expect(await verifyJwtSignature(unknown, fetchJson)).toMatchObject({
        status: 'key-not-found',
        kids: [issuer.kid],
      });
      // The token itself was never sent: no Authorization, and only the two public documents.
      expect(issuer.requests.every((request) => request.authorization === undefined)).toBe(true);
      expect(new Set(issuer.requests.map((request) => request.path))).toEqual(
        new Set(['/.well-known/openid-configuration', '/jwks']),
      );
    } finally {
      await issuer.close();
    }
  });
});
