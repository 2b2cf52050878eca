import browser, { type Runtime } from 'webextension-polyfill';
import type { Exchange } from '../core/exchange.ts';
import { recordDevtoolsExchange, recordExchange } from '../core/history/record-exchange.ts';
import { LIMITS } from '../shared/limits.ts';
import type { TabHistoryChanged } from '../shared/messages.ts';
import { loadSyncedSettings, onSettingsChanged } from '../shared/settings-store.ts';
import { forgetBadge, showFailureCount } from './badge.ts';
import { currentCaptureSettings, useCaptureSettings } from './capture-settings.ts';
import { collectPageTokens } from './collect-page-tokens.ts';
import { withheldCorsAnswer } from './cookie-answers.ts';
import { nextExchangeId } from './exchange-id.ts';
import { ExperimentClaims } from './experiment-claims.ts';
import { ExperimentRunner } from './experiment-runner.ts';
import { type HandlerContext, handleMessage } from './message-handlers.ts';
import { NetworkCapture } from './network-capture.ts';
import { readCookieJar, readCookieValue } from './read-cookie-jar.ts';
import { sendExperimentFromPage } from './send-experiment.ts';
import { TabDiagnoses } from './tab-diagnoses.ts';
import { TabHistoryStore } from './tab-history-store.ts';

/**
 * The worker: wires browser events to the store. Every listener is registered synchronously at
 * the top level, so an MV3 worker woken by an event finds its listener in place; nothing that
 * matters lives only in module variables (the store's cache is rebuilt from storage.session).
 */
const store = new TabHistoryStore(browser.storage.session, (histories) => {
  for (const history of histories) {
    void showFailureCount(history);
    const changed: TabHistoryChanged = { type: 'tab-history-changed', tabId: history.tabId };
    // Rejects when no extension page is open to hear it, which is the common case.
    browser.runtime.sendMessage(changed).catch(() => {});
  }
});

/**
 * A page's network error for a call that asked for cookies: the server's answer, when the browser
 * withheld it for its CORS headers, is what the page could not see (issue 18). The network view may
 * finish a moment after the page's error; it is looked for once more after that moment.
 */
async function withWithheldAnswer(exchange: Exchange): Promise<void> {
  if (exchange.status !== 0 || exchange.cookies?.credentialsMode !== 'include') return;
  let answer = withheldCorsAnswer(exchange);
  if (!answer) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    answer = withheldCorsAnswer(exchange);
  }
  if (!answer) return;
  exchange.responseHeaders = answer.responseHeaders;
  exchange.error = `${exchange.error ?? 'network error'} (the server answered ${answer.status}; the browser withheld it from the page)`;
}

async function record(exchange: Exchange): Promise<void> {
  const settings = currentCaptureSettings();
  if (settings.isIgnored(exchange.url)) return;
  await withWithheldAnswer(exchange);
  if (!settings.readResponseBodies) delete exchange.responseBody;
  return store
    .record(exchange.tabId, (history) =>
      recordExchange(history, exchange, {
        maxExchanges: settings.historyPerTab,
        maxBytes: LIMITS.bytesPerTab,
        failureStatuses: settings.watchedStatuses,
      }),
    )
    .then(() => {});
}

// Settings apply without a reload: read once per worker start, then followed as they change.
onSettingsChanged(useCaptureSettings);
void loadSyncedSettings().then(useCaptureSettings);

/** Requests experiments are sending now: their network and DevTools records are theirs, not the app's. */
const claims = new ExperimentClaims();

function recordDevtools(exchange: Exchange): Promise<void> {
  if (claims.claim(exchange)) return Promise.resolve();
  const settings = currentCaptureSettings();
  if (settings.isIgnored(exchange.url)) return Promise.resolve();
  if (!settings.readResponseBodies) delete exchange.responseBody;
  return store
    .record(exchange.tabId, (history) =>
      recordDevtoolsExchange(history, exchange, {
        maxExchanges: settings.historyPerTab,
        maxBytes: LIMITS.bytesPerTab,
        failureStatuses: settings.watchedStatuses,
      }),
    )
    .then(() => {});
}

const diagnoses = new TabDiagnoses({
  // A page asking to read waits for the pending write, so what it shows is what is stored.
  history: (tabId) => store.flush().then(() => store.get(tabId)),
  collectPageTokens,
  readCookieJar,
  settings: () => {
    const settings = currentCaptureSettings();
    return {
      skewToleranceSeconds: settings.skewToleranceSeconds,
      extraCredentialHeaders: settings.extraCredentialHeaders,
    };
  },
});

const network = new NetworkCapture((exchange) => {
  if (!claims.claim(exchange)) void record(exchange);
}, browser.storage.session);

const experiments = new ExperimentRunner({
  plan: (tabId, exchangeId, causeId, kind) => diagnoses.plan(tabId, exchangeId, causeId, kind),
  sendFromPage: sendExperimentFromPage,
  record,
  claims,
  failureStatuses: () => currentCaptureSettings().watchedStatuses,
  nextId: nextExchangeId,
});
// Tabs armed before the worker last stopped: their listeners went with it.
void network.restore((tabId) =>
  browser.tabs.get(tabId).then(
    () => true,
    () => false,
  ),
);

const context: HandlerContext = {
  store,
  network,
  diagnoses,
  experiments,
  record,
  recordDevtools,
  extraCredentialHeaders: () => currentCaptureSettings().extraCredentialHeaders,
  readCookieValue,
  runtimeId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
};

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleMessage(message, sender, context),
);

browser.tabs.onRemoved.addListener((tabId) => {
  diagnoses.forget(tabId);
  network.disarm(tabId);
  forgetBadge(tabId);
  void store.remove(tabId);
});

// Prerendered or restored tabs swap ids; the history follows the page the user sees.
browser.tabs.onReplaced.addListener((addedTabId, removedTabId) => {
  void store.get(removedTabId).then(async (history) => {
    await store.update(addedTabId, (target) => {
      target.exchanges = history.exchanges.map((exchange) => ({ ...exchange, tabId: addedTabId }));
      target.failureCount = history.failureCount;
      target.dropped = history.dropped;
      target.bytes = history.bytes;
    });
    await store.remove(removedTabId);
  });
});

// Browsers may reset a tab's badge when it navigates; the history (and so the count) is kept.
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status !== 'loading') return;
  void store.get(tabId).then((history) => {
    if (history.failureCount > 0) void showFailureCount(history);
  });
});
