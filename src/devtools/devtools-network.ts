import browser from 'webextension-polyfill';
import type { RequestOf } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import {
  type HarEntryLike,
  isWorthRecording,
  mightBeTokenRequestHar,
  observationFromHar,
} from './har-entry.ts';

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
    if (mightBeTokenRequestHar(entry)) {
      // Read in its own chunk, loaded on the first POST that looks like a token request.
      void import('./har-token-exchange.ts').then(
        ({ sendTokenExchange }) => {
          if (!sendTokenExchange(tabId, entry, current.readResponseBodies)) recordOther(entry, current);
        },
        () => recordOther(entry, current),
      );
      return;
    }
    recordOther(entry, current);
  };
  const recordOther = (
    entry: HarEntryLike & { getContent?: () => Promise<[string, string]> },
    current: Settings,
  ) => {
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
