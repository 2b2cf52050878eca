import browser from 'webextension-polyfill';
import { tokenAnswer } from '../core/token-endpoint/token-answer.ts';
import { LIMITS } from '../shared/limits.ts';
import type { RequestOf } from '../shared/messages.ts';
import { type HarEntryLike, observationFromHar } from './har-entry.ts';
import { tokenRequestOfHar } from './har-token-request.ts';

/**
 * A token request DevTools saw, sent to the worker; loaded on the first POST that looks like one
 * (most panels never need it). Its answer is read whatever the status, when bodies may be read: a
 * grant's tokens are reduced to fingerprints here, an error kept as a body without the secrets
 * sent. False when the entry is no token request after all.
 */
export function sendTokenExchange(
  tabId: number,
  entry: HarEntryLike & { getContent?: () => Promise<[string, string]> },
  readBodies: boolean,
): boolean {
  const secretValues: string[] = [];
  const tokenRequest = tokenRequestOfHar(entry, secretValues);
  if (!tokenRequest) return false;
  const send = (content: string | undefined) => {
    const message: RequestOf<'devtools-exchange'> = {
      type: 'devtools-exchange',
      tabId,
      observation: {
        ...observationFromHar(entry, undefined),
        tokenRequest,
        ...tokenAnswer(entry.response.status, content, LIMITS.bodyChars, secretValues),
      },
    };
    browser.runtime.sendMessage(message).catch(() => {});
  };
  if (!readBodies || !entry.getContent) send(undefined);
  else
    entry.getContent().then(
      ([content]) => send(typeof content === 'string' ? content : undefined),
      () => send(undefined),
    );
  return true;
}
