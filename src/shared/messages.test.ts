import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import { parseObservation, parseRequest, parseTabHistoryChanged } from './messages.ts';

const valid = {
  api: 'xhr',
  method: 'POST',
  url: 'https://api.example.com/orders',
  status: 403,
  startedAt: 1_700_000_000_000,
  completedAt: 1_700_000_000_020,
  requestHeaders: [],
  responseHeaders: [{ name: 'Content-Type', value: 'application/json' }],
};

describe('parseObservation', () => {
  it('accepts a well-formed observation and normalises header names', () => {
    expect(parseObservation(valid)?.responseHeaders).toEqual([
      { name: 'content-type', value: 'application/json' },
    ]);
  });

  it('bounds bodies and header values instead of trusting the page', () => {
    const huge = parseObservation({
      ...valid,
      body: { text: 'x'.repeat(LIMITS.bodyChars + 10), truncated: false },
      requestHeaders: [{ name: 'authorization', value: 'y'.repeat(LIMITS.headerValueChars + 10) }],
    });
    expect(huge?.body).toEqual({ text: 'x'.repeat(LIMITS.bodyChars), truncated: true });
    expect(huge?.requestHeaders[0]?.value).toHaveLength(LIMITS.headerValueChars);
  });

  it.each([
    ['a non-http URL', { url: 'chrome://settings' }],
    ['an over-long URL', { url: `https://x.test/${'a'.repeat(LIMITS.urlChars)}` }],
    ['a method with spaces', { method: 'GET /admin' }],
    ['a fractional status', { status: 401.5 }],
    ['an unknown api', { api: 'websocket' }],
    ['too many headers', { requestHeaders: Array.from({ length: 65 }, () => ({ name: 'a', value: 'b' })) }],
    ['a header name with a colon', { requestHeaders: [{ name: 'a:b', value: 'c' }] }],
    ['a body that is not text', { body: { text: 42, truncated: false } }],
    ['a missing time', { startedAt: undefined }],
  ])('rejects %s', (_label, change) => {
    expect(parseObservation({ ...valid, ...change })).toBeUndefined();
  });

  it.each(['omit', 'same-origin', 'include'])('keeps the credentials mode %s', (credentials) => {
    expect(parseObservation({ ...valid, credentials })?.credentials).toBe(credentials);
  });

  it.each([
    ['an upper-case mode', 'INCLUDE'],
    ['a number', 1],
    ['an object', {}],
    ['a boolean (withCredentials itself)', true],
    ['null', null],
  ])('drops a credentials mode that is %s, and keeps the observation', (_label, credentials) => {
    const observation = parseObservation({ ...valid, credentials });
    expect(observation).toBeDefined();
    expect(observation?.url).toBe(valid.url);
    expect(observation).not.toHaveProperty('credentials');
  });
});

describe('parseRequest', () => {
  it('accepts each request type with its own payload only', () => {
    expect(parseRequest({ type: 'clear-tab-history', tabId: 4, extra: 'ignored' })).toEqual({
      type: 'clear-tab-history',
      tabId: 4,
    });
    expect(parseRequest({ type: 'get-tab-failures', tabId: '4' })).toBeUndefined();
    expect(parseRequest({ type: 'get-tab-failures', tabId: 4, lineLimit: 125 })).toEqual({
      type: 'get-tab-failures',
      tabId: 4,
      lineLimit: 125,
    });
    for (const lineLimit of [0, -1, 2.5, '25', 1e9, null])
      expect(parseRequest({ type: 'get-tab-failures', tabId: 4, lineLimit })).toBeUndefined();
    expect(parseRequest({ type: 'toString' })).toBeUndefined();
    expect(parseRequest([])).toBeUndefined();
  });

  it('reads the change notice the worker broadcasts', () => {
    expect(parseTabHistoryChanged({ type: 'tab-history-changed', tabId: 2 })).toEqual({
      type: 'tab-history-changed',
      tabId: 2,
    });
    expect(parseTabHistoryChanged({ type: 'tab-history-changed', tabId: 1.5 })).toBeUndefined();
  });
});
