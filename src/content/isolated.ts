import browser, { type Runtime } from 'webextension-polyfill';
import { AUTH_FAILURE_STATUSES } from '../core/page-relay-rule.ts';
import {
  parseCollectPageTokens,
  parseObservation,
  parseSendExperiment,
  RELAY_BATCH_MAX,
  type RelayedObservation,
  type RequestOf,
} from '../shared/messages.ts';
import { RELAY_EVENT, RELAY_MAX_CHARS } from '../shared/page-relay.ts';
import { sendExperiment } from './experiment-sender.ts';
import { collectPageTokens } from './page-tokens.ts';

/** Tries per batch: the worker may be stopped while it handles one, and the reply then never comes. */
const RELAY_ATTEMPTS = 3;
const RELAY_RETRY_MS = 200;

/**
 * The relay between the page-world observer and the worker. It runs in the extension's isolated
 * world and passes on only well-formed observations; the worker validates again and takes the
 * tab from the sender, because anything here may have been posted by the page itself.
 */
document.addEventListener(RELAY_EVENT, (event) => {
  const detail: unknown = (event as CustomEvent<unknown>).detail;
  if (typeof detail !== 'string' || detail.length > RELAY_MAX_CHARS) return;
  let value: unknown;
  try {
    value = JSON.parse(detail);
  } catch {
    return;
  }
  const observation = parseObservation(value);
  if (!observation) return;
  enqueue({ observation, observationId: crypto.randomUUID() });
});

/**
 * A lone observation goes at once; those that follow within 100 ms go together. A quiet page's
 * failure is not delayed, and a burst costs at most ten messages a second, whatever its rate: each
 * message opens a channel in the browser process and wakes the worker (measured in a storm of
 * 2,000 calls: a message per 16 ms frame made 281 of them, and their channels cost the browser's
 * main thread about a tenth of what the storm's own requests did). A person reading the popup
 * cannot tell 100 ms.
 */
const BATCH_WAIT_MS = 100;
let waiting: RelayedObservation[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let lastSentAt = 0;

function enqueue(item: RelayedObservation): void {
  waiting.push(item);
  if (timer !== undefined && waiting.length < RELAY_BATCH_MAX) return;
  const wait = lastSentAt + BATCH_WAIT_MS - performance.now();
  if (wait <= 0 || waiting.length >= RELAY_BATCH_MAX) sendWaiting();
  else timer = setTimeout(sendWaiting, wait);
}

function sendWaiting(): void {
  clearTimeout(timer);
  timer = undefined;
  lastSentAt = performance.now();
  const items = waiting;
  waiting = [];
  if (items.length > 0) void relay({ type: 'page-exchanges', items });
}

/**
 * A page that was itself refused (a 401 document, a 403 frame): its content script is the only part
 * of us that runs while network capture is off, and Navigation Timing tells it the status (Chrome
 * 109+; browsers without `responseStatus` simply report nothing here).
 */
function reportRefusedDocument(): void {
  const navigation = performance.getEntriesByType('navigation')[0] as
    | (PerformanceNavigationTiming & { responseStatus?: number })
    | undefined;
  const status = navigation?.responseStatus;
  if (!navigation || status === undefined || !AUTH_FAILURE_STATUSES.has(status)) return;
  const completedAt = Math.round(performance.timeOrigin + navigation.responseEnd);
  const observation = parseObservation({
    api: 'document',
    method: 'GET',
    url: location.href,
    status,
    startedAt: Math.round(performance.timeOrigin + navigation.requestStart),
    completedAt,
    requestHeaders: [],
    responseHeaders: [],
  });
  if (observation) enqueue({ observation, observationId: crypto.randomUUID() });
}
reportRefusedDocument();

// A page that goes away sends what it has rather than waiting for the timer.
addEventListener('pagehide', sendWaiting);

/**
 * The worker answers once the records are in storage.session. No answer means the worker was
 * stopped before that (or the extension was reloaded): send again, with the same ids so a record
 * that did land is not doubled.
 */
async function relay(message: RequestOf<'page-exchanges'>): Promise<void> {
  for (let attempt = 1; attempt <= RELAY_ATTEMPTS; attempt++) {
    try {
      const reply = (await browser.runtime.sendMessage(message)) as { ok?: unknown } | undefined;
      if (reply?.ok === true) return;
    } catch {
      // Fall through to the retry: the channel closed before the worker answered.
    }
    if (attempt < RELAY_ATTEMPTS)
      await new Promise((resolve) => setTimeout(resolve, RELAY_RETRY_MS * attempt));
  }
}

// Only the extension itself (its worker) may ask for the page's tokens or send an experiment (the
// user's click, planned by the worker), and only in the top frame. A page's own messages never
// reach this listener, and another tab's content script is not an extension page.
const extensionOrigin = browser.runtime.getURL('');
if (window === window.top) {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(extensionOrigin) || sender.tab)
      return undefined;
    if (parseCollectPageTokens(message)) return Promise.resolve(collectPageTokens());
    const experiment = parseSendExperiment(message);
    if (!experiment) return undefined;
    // The tab may have moved on to another site since the failure: that site sends nothing.
    if (location.origin !== experiment.origin) return Promise.resolve({ refusedOrigin: location.origin });
    return sendExperiment(experiment.request);
  });
}
