import browser, { type Runtime } from 'webextension-polyfill';
import { parseCollectPageTokens, parseObservation, type RequestOf } from '../shared/messages.ts';
import { RELAY_EVENT, RELAY_MAX_CHARS } from '../shared/page-relay.ts';
import { collectPageTokens } from './page-tokens.ts';

/** Tries per observation: the worker may be stopped while it handles one, and the reply then never comes. */
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
  void relay({ type: 'page-exchange', observation, observationId: crypto.randomUUID() });
});

/**
 * The worker answers once the record is in storage.session. No answer means the worker was
 * stopped before that (or the extension was reloaded): send again, with the same id so a record
 * that did land is not doubled.
 */
async function relay(message: RequestOf<'page-exchange'>): Promise<void> {
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

// Only the extension's own pages (popup, panel) may ask for the page's tokens, and only in the top frame.
const extensionOrigin = browser.runtime.getURL('');
if (window === window.top) {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(extensionOrigin)) return undefined;
    if (!parseCollectPageTokens(message)) return undefined;
    return Promise.resolve(collectPageTokens());
  });
}
