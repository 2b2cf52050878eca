import browser from 'webextension-polyfill';
import { tokenAnswer } from '../core/token-endpoint/token-answer.ts';
import type { TokenRequest } from '../core/token-endpoint/token-request.ts';
import { LIMITS } from '../shared/limits.ts';
import type { RequestOf } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { type HarEntryLike, isWorthRecording, observationFromHar, tokenRequestOfHar } from './har-entry.ts';

/**
 * While the panel is open, DevTools' own network log is a second source: it has response bodies
 * of requests the page observer cannot see (workers, navigations). Each relevant entry goes to the
 * worker, which adds it only when it has not recorded that request already.
 */
export function followDevtoolsNetwork(tabId: number, settings: () => Settings): () => void {
  const network = (browser as { devtools?: { network?: typeof browser.devtools.network } }).devtools?.network;
  if (!network) return () => {};
  const listener = (request: unknown) => {
    const entry = request as HarEntryLike & { getContent?: () => Promise<[string, string]> };
    const current = settings();
    const tokenRequest = tokenRequestOfHar(entry);
    if (tokenRequest) {
      sendTokenExchange(tabId, entry, tokenRequest);
      return;
    }
    if (!isWorthRecording(entry, new Set(current.watchedStatuses), new Set(current.extraCredentialHeaders)))
      return;
    const send = (body: string | undefined) => {
      const message: RequestOf<'devtools-exchange'> = {
        type: 'devtools-exchange',
        tabId,
        observation: observationFromHar(entry, body),
      };
      browser.runtime.sendMessage(message).catch(() => {});
    };
    const failed = current.watchedStatuses.includes(entry.response.status);
    if (!failed || !current.readResponseBodies || !entry.getContent) {
      send(undefined);
      return;
    }
    entry.getContent().then(
      ([content]) => send(typeof content === 'string' ? content : undefined),
      () => send(undefined),
    );
  };
  network.onRequestFinished.addListener(listener);
  return () => network.onRequestFinished.removeListener(listener);
}

/**
 * A token request DevTools saw: its answer is read here whatever the status (a grant's tokens are
 * reduced to fingerprints in the panel, an error kept as a body), and sent as one observation.
 */
function sendTokenExchange(
  tabId: number,
  entry: HarEntryLike & { getContent?: () => Promise<[string, string]> },
  tokenRequest: TokenRequest,
): void {
  const send = (content: string | undefined) => {
    const message: RequestOf<'devtools-exchange'> = {
      type: 'devtools-exchange',
      tabId,
      observation: {
        ...observationFromHar(entry, undefined),
        tokenRequest,
        ...tokenAnswer(entry.response.status, content, LIMITS.bodyChars),
      },
    };
    browser.runtime.sendMessage(message).catch(() => {});
  };
  if (!entry.getContent) {
    send(undefined);
    return;
  }
  entry.getContent().then(
    ([content]) => send(typeof content === 'string' ? content : undefined),
    () => send(undefined),
  );
}
