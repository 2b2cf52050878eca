import { expect, test } from './fixtures.ts';

/**
 * The page-world observer must be invisible: the page's own fetch and XHR see exactly what the
 * server sent. The server's answer is fixed, so the expected values are known without a second
 * browser.
 */
test('the observer is installed and fetch returns exactly what the server sent', async ({
  demoPage,
  inspector,
}) => {
  const result = await demoPage.evaluate(async () => {
    const response = await fetch('/api/echo-401');
    return {
      wrapped: !Function.prototype.toString.call(fetch).includes('[native code]'),
      name: fetch.name,
      length: fetch.length,
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      type: response.type,
      trace: response.headers.get('x-demo-trace'),
      contentType: response.headers.get('content-type'),
      body: await response.text(),
      bodyUsed: response.bodyUsed,
    };
  });
  expect(result).toEqual({
    wrapped: true,
    name: 'fetch',
    length: 1,
    status: 401,
    statusText: 'Unauthorized',
    ok: false,
    type: 'basic',
    trace: 'trace-7f3a',
    contentType: 'text/plain; charset=utf-8',
    body: 'denied: trace-7f3a',
    bodyUsed: true,
  });
  // And the observer did see it: the body reached the worker.
  const tabId = await inspector.tabIdOf(demoPage);
  await expect
    .poll(async () => (await inspector.history(tabId))?.exchanges[0]?.responseBody?.text)
    .toBe('denied: trace-7f3a');
});

test('fetch errors, illegal invocations and constructors behave as native', async ({ demoPage }) => {
  const result = await demoPage.evaluate(async () => {
    const outcome = async (run: () => unknown) => {
      try {
        await run();
        return 'resolved';
      } catch (error) {
        return `${(error as Error).name}`;
      }
    };
    return {
      network: await outcome(() => fetch('http://127.0.0.1:1/unreachable')),
      badUrl: await outcome(() => fetch('http://[bad')),
      illegal: await outcome(() => fetch.call({}, '/api/echo-401')),
      construct: await outcome(() => new (fetch as unknown as new () => unknown)()),
      aborted: await outcome(() => {
        const controller = new AbortController();
        controller.abort();
        return fetch('/api/echo-401', { signal: controller.signal });
      }),
    };
  });
  expect(result).toEqual({
    network: 'TypeError',
    badUrl: 'TypeError',
    illegal: 'TypeError',
    construct: 'TypeError',
    aborted: 'AbortError',
  });
});

test('XHR delivers the same status, headers, body and events', async ({ demoPage }) => {
  const result = await demoPage.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const events: string[] = [];
        const request = new XMLHttpRequest();
        request.onreadystatechange = () => events.push(`readystate:${request.readyState}`);
        request.open('GET', '/api/echo-401');
        request.setRequestHeader('X-Client', 'demo');
        request.onload = () => events.push('load');
        request.onloadend = () => {
          events.push('loadend');
          resolve({
            status: request.status,
            body: request.responseText,
            trace: request.getResponseHeader('x-demo-trace'),
            events,
          });
        };
        request.send();
      }),
  );
  expect(result).toEqual({
    status: 401,
    body: 'denied: trace-7f3a',
    trace: 'trace-7f3a',
    events: ['readystate:1', 'readystate:2', 'readystate:3', 'readystate:4', 'load', 'loadend'],
  });
});

test('a clone and the original body can both be read by the page', async ({ demoPage }) => {
  const bodies = await demoPage.evaluate(async () => {
    const response = await fetch('/api/echo-401');
    const copy = response.clone();
    return [await response.text(), await copy.text()];
  });
  expect(bodies).toEqual(['denied: trace-7f3a', 'denied: trace-7f3a']);
});

test('a streamed failure body still reaches the page chunk by chunk', async ({ demoPage, inspector }) => {
  const chunks = await demoPage.evaluate(async () => {
    const response = await fetch('/api/stream-401');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const seen: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen.push(decoder.decode(value));
    }
    return seen;
  });
  // Two reads: the page saw the first part before the server sent the second.
  expect(chunks).toEqual(['first part;', 'second part']);
  const tabId = await inspector.tabIdOf(demoPage);
  await expect
    .poll(async () => (await inspector.history(tabId))?.exchanges[0]?.responseBody?.text)
    .toBe('first part;second part');
});
