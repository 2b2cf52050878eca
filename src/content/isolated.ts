import browser, { type Runtime } from 'webextension-polyfill';
import { parseCollectPageTokens, parseObservation } from '../shared/messages.ts';
import { RELAY_EVENT, RELAY_MAX_CHARS } from '../shared/page-relay.ts';
import { collectPageTokens } from './page-tokens.ts';

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
  browser.runtime.sendMessage({ type: 'page-exchange', observation }).catch(() => {
    // The extension was reloaded or updated under this page; nothing to relay to.
  });
});

// Only the extension's own pages (popup, panel) may ask for the page's tokens, and only in the top frame.
const extensionOrigin = browser.runtime.getURL('');
if (window === window.top) {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(extensionOrigin)) return undefined;
    if (!parseCollectPageTokens(message)) return undefined;
    return Promise.resolve(collectPageTokens());
  });
}
